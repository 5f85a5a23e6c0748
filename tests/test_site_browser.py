"""The published site served by a real nginx (deploy/site.nginx.conf) and read in headless
Chromium, as a reader would: every page without a console error, every internal link answered,
the as-of control (mouse, keyboard, permalinks), a point's feed, an embedded chart in an iframe,
and no request leaving the site."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from browser import browser_page, crawl, get, screenshot, static_site
from helpers import FIXTURE, TODAY, copy_record, run_cli

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path_factory.mktemp("t") / "absent")}
    out = tmp_path_factory.mktemp("site") / "site"
    result = run_cli(FIXTURE, "publish", "--gzip", "--out", str(out), env=env)  # nginx sends the .gz files
    assert result.returncode == 0, result.stderr
    # a reader's own page embedding a chart, as docs/publish.md shows
    (out / "reader-embeds.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Embed</title>'
        '<link rel="icon" href="data:,"></head><body><p>A newspaper page.</p>'
        '<iframe id="frame" src="/embed/blockers-by-category/" width="900" height="620" '
        'title="Blockers by category"></iframe></body></html>', encoding="utf-8")
    with static_site(out, tmp_path_factory.mktemp("nginx")) as url:
        yield url, out


def test_crawl_every_internal_link_answers_and_every_page_loads_clean(served):
    url, _ = served
    pages, broken = crawl(url)
    assert not broken, broken[:10]
    assert len(pages) > 30, "the crawl reached the points, actors, sections and embeds"
    assert get(url + "/no/such/page")[0] == 404
    with urllib.request.urlopen(urllib.request.Request(url + "/", headers={"Accept-Encoding": "gzip"})) as r:
        assert r.headers["Content-Encoding"] == "gzip"  # the precompressed twin, sent as it is
    for path, kind in (("/feed.xml", "application/atom+xml"), ("/api/updates.jsonl", "application/x-ndjson"),
                       ("/data/tracker.sqlite", "application/vnd.sqlite3"), ("/api/points.json", "application/json")):
        assert get(url + path)[2].startswith(kind), path
    assert get(url + "/.tracker-site")[0] in (403, 404)
    errors = []
    with browser_page(1280, 900) as page:
        page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
        for address in pages:
            page.goto(address, wait_until="load")
        assert not errors, errors[:5]


def _tile(page, point: int) -> str:
    return page.get_attribute(f'#state a.tile[data-point="{point}"]', "data-level")


def _day(page) -> str:
    page.wait_for_function("document.getElementById('state').dataset.day === document.getElementById('as-of').value")
    return page.get_attribute("#state", "data-day")


def test_the_as_of_control_moves_every_figure_and_the_link_keeps_it(served):
    url, site = served
    at = {d: json.loads((site / f"api/status/{d}.json").read_text()) for d in ("2025-10-06", "2025-10-10")}
    with browser_page(1280, 1000) as page:
        page.goto(url + "/")
        assert _day(page) == TODAY.isoformat()
        now = json.loads((site / "api/status/latest.json").read_text())
        assert _tile(page, 3) == next(p["level"] for p in now["points"] if p["id"] == 3)
        screenshot(page, "site-overview.png")

        page.select_option("#as-of", "2025-10-06")
        page.wait_for_url("**#2025-10-06")
        assert _day(page) == "2025-10-06"
        for p in at["2025-10-06"]["points"]:
            assert _tile(page, p["id"]) == p["level"], p["id"]
        overall = page.text_content('[data-figure="overall"]')
        assert overall == f'{at["2025-10-06"]["progress"]["overall"]:.0f}%'

        # keyboard: focus the control and step to the next dated change with the arrow key
        days = page.eval_on_selector_all("#as-of option", "els => els.map(e => e.value)")
        following = days[days.index("2025-10-06") + 1]
        page.focus("#as-of")
        page.keyboard.press("ArrowDown")
        page.wait_for_url(f"**#{following}")
        assert _day(page) == following
        # the Later button, by keyboard, up to the ceasefire taking effect
        page.focus("#as-of-next")
        while _day(page) < "2025-10-10":
            page.keyboard.press("Enter")
            page.wait_for_function("location.hash.slice(1) === document.getElementById('as-of').value")
        assert _day(page) == "2025-10-10"
        assert _tile(page, 3) == next(p["level"] for p in at["2025-10-10"]["points"] if p["id"] == 3)
        assert _tile(page, 3) != next(p["level"] for p in at["2025-10-06"]["points"] if p["id"] == 3)
        # the Earlier button goes back one dated change
        page.focus("#as-of-prev")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**#{days[days.index('2025-10-10') - 1]}")
        # Back, all the way to the address with no date: the latest state again
        while "#" in page.url:
            page.go_back()
        assert _day(page) == TODAY.isoformat()
        assert page.is_disabled("#as-of-next") and not page.is_disabled("#as-of-prev")


@pytest.mark.parametrize("address, day, note", [
    ("/#2025-10-10", "2025-10-10", "Shown as of 10 October 2025"),
    ("/?as_of=2025-10-22", "2025-10-22", "Shown as of 22 October 2025"),
    ("/#2025-11-05", None, "Nothing in the record changed between"),
    ("/#2025-01-01", None, "before it"),
    ("/#2025-13-45", None, "not a date"),
    ("/#2027-01-01", None, "after it"),
    ("/#%E0%A4%A", None, "the latest state"),
])
def test_a_permalink_opens_on_its_date(served, address, day, note):
    url, site = served
    with browser_page(1280, 900) as page:
        page.goto(url + address)
        shown = _day(page)
        if day:
            assert shown == day
            doc = json.loads((site / f"api/status/{day}.json").read_text())
            assert page.text_content('[data-figure="overall"]') == f'{doc["progress"]["overall"]:.0f}%'
        page.wait_for_function("document.getElementById('as-of-note').textContent.length > 0")
        assert note in page.text_content("#as-of-note")
        if address == "/#2025-10-10":
            screenshot(page, "site-permalink.png")


def test_a_point_page_draws_its_history_and_offers_its_feed(served):
    url, _ = served
    with browser_page(1280, 900) as page:
        page.goto(url + "/points/4/")
        page.wait_for_selector("#chart-point-4-history .main-svg")
        feed = page.get_attribute("link[rel=alternate][href='feed.xml']", "href")
        assert feed == "feed.xml"
        page.click("text=Follow this point (Atom feed)")
        status, body, kind = get(url + "/points/4/feed.xml")
        assert status == 200 and kind.startswith("application/atom+xml") and b"<entry>" in body
        page.goto(url + "/points/4/")
        screenshot(page, "site-point-4.png")


def test_an_embedded_chart_draws_inside_a_readers_page(served):
    url, _ = served
    with browser_page(1000, 800) as page:
        page.goto(url + "/reader-embeds.html")
        frame = page.frame_locator("#frame")
        frame.locator(".plot .main-svg").first.wait_for()
        assert "Sources:" in frame.locator(".stamp").text_content()
        assert frame.locator("table.data").count() == 1
        screenshot(page, "site-embed.png")


@pytest.mark.parametrize("path", ["/", "/actors/", "/points/4/", "/blockers/", "/timeline/", "/data/",
                                  "/embed/levels-over-time/"])
def test_on_a_phone_the_page_is_no_wider_than_the_screen(served, path):
    """Wide tables and charts scroll inside the page; the page itself does not scroll sideways."""
    url, _ = served
    with browser_page(390, 800) as page:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        if path in ("/actors/", "/timeline/"):
            screenshot(page, f"site-phone-{path.strip('/')}.png")


def test_opened_from_disk_the_control_says_it_cannot_move_and_shows_what_is_shown(served):
    _, site = served
    with browser_page(1280, 900) as page:
        page.goto((site / "index.html").as_uri() + "#2025-10-10")
        page.wait_for_function("document.getElementById('as-of-note').textContent.includes('could not be loaded')")
        assert page.input_value("#as-of") == page.get_attribute("#state", "data-day") == TODAY.isoformat()
        assert "serve the site from a web server" in page.text_content("#as-of-note")


def test_a_point_opened_from_an_earlier_date_says_where_it_stood_then(served):
    url, site = served
    day = "2025-10-10"
    then = next(p for p in json.loads((site / f"api/status/{day}.json").read_text())["points"] if p["id"] == 4)
    with browser_page(1280, 900) as page:
        page.goto(url + f"/#{day}")
        _day(page)
        page.click('#state a.tile[data-point="4"]')
        page.wait_for_url(f"**/points/4/?as_of={day}")
        page.wait_for_selector("#point-as-of:not([hidden])")
        text = page.text_content("#point-as-of")
        assert "As of 10 October 2025" in text and f"level {then['level'].replace('_', ' ')}" in text
        later = page.eval_on_selector_all("ol.history > li.later", "els => els.map(e => e.dataset.date)")
        earlier = page.eval_on_selector_all("ol.history > li:not(.later)", "els => els.map(e => e.dataset.date)")
        assert later and all(d > day for d in later) and all(d <= day for d in earlier)
        screenshot(page, "site-point-4-as-of.png")
        page.goto(url + "/points/4/")  # without a date: the whole record, nothing marked
        assert page.is_hidden("#point-as-of") and page.locator("ol.history > li.later").count() == 0


@pytest.mark.parametrize("path", ["/", "/points/4/", "/actors/", "/actors/hamas/", "/blockers/", "/timeline/",
                                  "/sources/", "/methodology/", "/data/", "/embed/status-board/", "/404.html"])
def test_every_kind_of_page_passes_an_accessibility_audit(served, path):
    """axe-core (the engine of Lighthouse's accessibility audit, bundled in axe-playwright-python):
    no violation of any impact on any kind of page, charts drawn."""
    from axe_playwright_python.sync_playwright import Axe
    url, _ = served
    with browser_page(1280, 900) as page:
        page.goto(url + path)
        page.wait_for_load_state("load")
        if page.locator(".plot").count():
            page.wait_for_selector(".plot .main-svg")
        found = Axe().run(page).response["violations"]
        assert not found, [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found]


def test_a_very_long_word_wraps_instead_of_widening_the_page(tmp_path):
    """A note of one 3,990-character word (the probe's case) made a point page 60,369 px wide."""
    root = copy_record(tmp_path / "record")
    status = root / "status" / "miami-summit-2025-12-19.yaml"
    text = status.read_text(encoding="utf-8")
    status.write_text(text.replace("note: The first phase, with the ceasefire, took effect on 10 October.",
                                   "note: " + "W" * 3990, 1), encoding="utf-8")
    env = {"TRACKER_TODAY": TODAY.isoformat(), "TRACKER_TEXTS": str(tmp_path / "absent")}
    out = tmp_path / "site"
    result = run_cli(root, "publish", "--out", str(out), env=env)
    assert result.returncode in (0, 1) and (out / "index.html").exists(), result.stderr
    shown = [p for p in (out / "points").glob("*/index.html") if "W" * 3990 in p.read_text(encoding="utf-8")]
    assert shown
    with browser_page(1280, 900) as page:
        page.goto(shown[0].as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280
