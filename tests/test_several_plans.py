"""Several plans in one deployment: `publish --root A --root B` writes each plan's whole site under
its own folder with an index of the plans (served by a real nginx and read in Chromium), and the
dashboard given several roots shows a plan picker whose choice is in the URL."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from browser import Links, browser_page, crawl, screenshot, static_site
from helpers import PLANS, REPO, ROOT_ENV, copy_record, run_cli
from tracker.load import load

ATOM = "{http://www.w3.org/2005/Atom}"
RECORD, HARBOUR = PLANS["record"], PLANS["harbour"]
DAY = HARBOUR.today.isoformat()  # a day after both plans' releases


def publish(out: Path, *roots: Path, more: tuple[str, ...] = (), env: dict | None = None):
    args = [a for r in roots[:-1] for a in ("--root", str(r))]  # run_cli gives the last --root
    return run_cli(roots[-1], "publish", "--out", str(out), *more, *args,
                   env={"TRACKER_TODAY": DAY, "TRACKER_TEXTS": str(out.parent / "absent"), **(env or {})})


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("two") / "site"
    done = publish(out, RECORD.root, HARBOUR.root, more=("--index-title", "Two accords", "--gzip"))
    assert done.returncode == 0, done.stderr
    assert "2 plans and the index of them" in done.stderr
    assert done.stderr.count("note: article texts not found for") == 2  # said of each plan
    return out


def test_each_plan_has_its_own_folder_feeds_and_api_and_the_index_lists_them(both):
    plans = json.loads((both / "plans.json").read_text())
    assert plans["title"] == "Two accords"
    assert [p["slug"] for p in plans["plans"]] == ["gaza-plan-tracker", "harbour-accord-monitor"]
    index = (both / "index.html").read_text(encoding="utf-8")
    for p, plan in zip(plans["plans"], (RECORD, HARBOUR)):
        assert plan.title in index and f'href="{p["slug"]}/"' in index
        for rel in ("index.html", "feed.xml", "api/status/latest.json", "api/points.json", "data/tracker.sqlite",
                    "points/1/index.html", "404.html"):
            assert (both / p["slug"] / rel).is_file(), (p["slug"], rel)
        status = json.loads((both / p["status"]).read_text())
        assert status["as_of"] == DAY
        page = (both / p["slug"] / "index.html").read_text(encoding="utf-8")
        assert plan.title in page and 'href="../">All plans</a>' in page
        others = [w for w in plan.other_words if w.lower() in page.lower()]
        assert not others, (p["slug"], others)  # a plan's pages name nothing of the other plan
    assert (both / "index.html.gz").is_file()  # --gzip covers the index too


def test_every_link_of_the_combined_site_resolves(both):
    missing = []
    for html in both.rglob("*.html"):
        rel = html.relative_to(both).parts
        base = both / rel[0] if len(rel) > 1 and rel[1] == "states" else html.parent
        for href in _hrefs(html):
            if href.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            path = href.partition("#")[0].split("?")[0]
            if path.startswith("/"):  # a plan's 404 page links from its own folder at the server's root
                target = both / path.lstrip("/")
            else:
                target = (base / path).resolve() if path else html
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append(f"{html.relative_to(both)} -> {href}")
    assert not missing, missing[:10]


def _hrefs(html: Path) -> list[str]:
    parser = Links()
    parser.feed(html.read_text(encoding="utf-8"))
    return parser.hrefs


def test_a_plans_feed_ids_are_the_same_alone_and_beside_another(both, tmp_path):
    alone = tmp_path / "alone"
    assert publish(alone, HARBOUR.root).returncode == 0
    def ids(feed: Path) -> set[str]:
        return {e.find(f"{ATOM}id").text for e in ET.parse(feed).getroot().findall(f"{ATOM}entry")}
    assert ids(alone / "feed.xml") == ids(both / "harbour-accord-monitor" / "feed.xml")
    assert ids(alone / "feed.xml")


@pytest.mark.parametrize("more, message", [
    (("--releases", "x"), "--releases publishes one plan's releases"),
    (("--index-title", " "), "--index-title: give a title"),
])
def test_publish_of_several_refuses_options_that_do_not_fit(tmp_path, more, message):
    done = publish(tmp_path / "site", RECORD.root, HARBOUR.root, more=more)
    assert done.returncode == 2 and message in done.stderr
    assert not (tmp_path / "site").exists()


def test_a_plan_that_cannot_be_read_or_a_title_with_control_characters_is_refused(tmp_path):
    broken = copy_record(tmp_path / "broken", RECORD.root)
    with open(broken / "plan/plan.yaml", "a", encoding="utf-8") as f:
        f.write("title: [unclosed\n")
    done = publish(tmp_path / "site", broken, HARBOUR.root, more=("--allow-problems",))
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"the plan of {broken} could not be read" in done.stderr and not (tmp_path / "site").exists()
    titled = publish(tmp_path / "site", RECORD.root, HARBOUR.root, more=("--index-title", "a\x1b[31mred"))
    assert titled.returncode == 2 and "without control characters" in titled.stderr


def test_the_same_root_twice_and_an_index_title_for_one_plan_are_refused(tmp_path):
    twice = publish(tmp_path / "site", HARBOUR.root, HARBOUR.root)
    assert twice.returncode == 2 and "the same --root is given twice" in twice.stderr
    one = publish(tmp_path / "site", HARBOUR.root, more=("--index-title", "X"))
    assert one.returncode == 2 and "names the index of several plans" in one.stderr


def test_plans_with_the_same_slug_get_their_own_folders_and_a_republish_replaces_only_its_site(tmp_path):
    a = copy_record(tmp_path / "a", HARBOUR.root)
    b = copy_record(tmp_path / "b", HARBOUR.root)
    out = tmp_path / "site"
    shared = publish(out, a, b)
    assert shared.returncode == 0 and "2 plans share the slug 'harbour-accord-monitor'" in shared.stderr
    assert (out / "harbour-accord-monitor/index.html").is_file() and (out / "harbour-accord-monitor-2/index.html").is_file()
    (out.parent / "mine.txt").write_text("the user's", encoding="utf-8")
    again = publish(out, a)  # the same folder, now one plan: the two-plan site is replaced
    assert again.returncode == 0, again.stderr
    assert (out / "index.html").is_file() and not (out / "harbour-accord-monitor-2").exists()
    assert (out.parent / "mine.txt").read_text(encoding="utf-8") == "the user's"


@pytest.mark.browser
def test_the_combined_site_served_by_nginx_reads_clean_in_chromium(both, tmp_path):
    with static_site(both, tmp_path / "nginx") as url:
        pages, broken = crawl(url)
        assert not broken, broken[:10]
        assert any("/gaza-plan-tracker/points/" in p for p in pages)
        assert any("/harbour-accord-monitor/points/" in p for p in pages)
        errors: list[str] = []
        with browser_page(1200, 900) as page:
            page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
            page.goto(url + "/", wait_until="load")
            screenshot(page, "several-plans-index.png")
            page.click("text=Northport Harbour Accord (seven points)")
            page.wait_for_url("**/harbour-accord-monitor/")
            assert page.locator("h1").first.inner_text().startswith("Northport Harbour Accord")
            page.click("text=All plans")
            page.wait_for_url(url + "/")
            for address in pages[:60]:
                page.goto(address, wait_until="load")
        assert not errors, errors[:5]


# -- the dashboard over several roots ---------------------------------------------------------

@pytest.fixture
def two_roots(tmp_path, monkeypatch):
    roots = [copy_record(tmp_path / p.name, p.root) for p in (RECORD, HARBOUR)]
    monkeypatch.setenv(ROOT_ENV, ":".join(str(r) for r in roots))
    monkeypatch.setenv("TRACKER_TODAY", DAY)
    monkeypatch.setenv("TRACKER_TEXTS", str(tmp_path / "absent"))
    st.cache_data.clear()
    st.cache_resource.clear()
    return roots


def _titles(at) -> list[str]:
    return [t.value.replace("\\", "") for t in at.title]


def test_the_dashboard_given_two_roots_offers_a_plan_picker_bound_to_the_url(two_roots):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="plan")
    assert picker.options == ["Gaza 20-point plan", "Northport harbour accord"]
    assert any("Gaza 20-point plan" in t for t in _titles(at))
    at.multiselect(key="theme").set_value(["Security"]).run()
    picker.set_value("harbour-accord-monitor").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Northport harbour accord" in t for t in _titles(at))
    assert at.query_params["plan"] in ("harbour-accord-monitor", ["harbour-accord-monitor"])
    link = next(c.value for c in at.code if "as_of=" in c.value)  # the Share panel's link keeps the plan
    assert link.startswith("?plan=harbour-accord-monitor&as_of="), link
    assert at.multiselect(key="theme").options == ["Waterways", "Vessels and crews", "Institutions", "Trade"]
    assert at.multiselect(key="theme").value == []  # the other plan's filter does not carry over
    at.switch_page("views/point.py").run()
    assert not at.exception, [e.value for e in at.exception]
    harbour_points = {f"{p.id}. {p.title}" for p in load(two_roots[1], today=HARBOUR.today).points.values()}
    assert set(_titles(at)) & harbour_points, _titles(at)  # a point of the plan picked


def test_another_plan_picked_from_a_link_with_a_date_and_filters_starts_afresh(two_roots):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params.update({"plan": "gaza-plan-tracker", "as_of": "2026-01-15", "phase": "Phase 1"})
    at.run()
    assert at.multiselect(key="phase").value == [1] and str(at.date_input(key="as_of").value) == "2026-01-15"
    at.selectbox(key="plan").set_value("harbour-accord-monitor").run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Northport harbour accord" in t for t in _titles(at))
    assert at.multiselect(key="phase").value == [] and str(at.date_input(key="as_of").value) == DAY


def test_a_root_named_twice_counts_once_and_a_missing_one_says_so(tmp_path, monkeypatch):
    root = copy_record(tmp_path / "h", HARBOUR.root)
    (tmp_path / "link").symlink_to(root)
    monkeypatch.setenv(ROOT_ENV, f"{root}:{root}/:{tmp_path / 'link'}")
    monkeypatch.setenv("TRACKER_TODAY", DAY)
    st.cache_resource.clear()
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception and not [s for s in at.selectbox if s.key == "plan"]  # one plan: no picker
    monkeypatch.setenv(ROOT_ENV, f"{root}:{tmp_path / 'nowhere'}")
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["plan"] = "nowhere"
    at.run()
    assert any("holds no plan/ folder" in e.value for e in at.error), [e.value for e in at.error]


def test_a_link_with_the_plan_opens_that_plan(two_roots):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["plan"] = "harbour-accord-monitor"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Northport harbour accord" in t for t in _titles(at))
    unknown = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    unknown.query_params["plan"] = "no-such-plan"
    unknown.run()
    assert any("Gaza 20-point plan" in t for t in _titles(unknown))
    assert any("no-such-plan" in w.value.replace("\\", "") for w in unknown.warning)


@pytest.mark.browser
def test_in_a_real_browser_the_picker_moves_the_url_and_a_link_reopens_the_plan(tmp_path):
    from browser import streamlit_server
    roots = [copy_record(tmp_path / p.name, p.root) for p in (RECORD, HARBOUR)]
    env = {ROOT_ENV: ":".join(str(r) for r in roots), "TRACKER_TODAY": DAY, "TRACKER_TEXTS": str(tmp_path / "no")}
    with streamlit_server(env) as url, browser_page(1300, 1000) as page:
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "/?plan=harbour-accord-monitor&as_of=2026-06-01&phase=Phase+1")
        page.wait_for_selector("text=Northport harbour accord", timeout=60_000)
        page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg >> visible=true", timeout=60_000)
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
        screenshot(page, "several-plans-dashboard.png")
        picker = page.locator(".st-key-plan")
        picker.click()
        page.get_by_role("option", name="Gaza 20-point plan").click()
        page.wait_for_url("**plan=gaza-plan-tracker**", timeout=30_000)
        page.wait_for_selector("h1:has-text('Gaza 20-point plan')", timeout=60_000)
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert "as_of=2026-06-01" not in page.url and "phase=" not in page.url  # the last plan's view is gone
        assert not errors, errors[:3]


def test_the_add_update_page_writes_to_the_chosen_plan(two_roots, monkeypatch):
    from tracker import editing
    record, harbour = two_roots
    monkeypatch.setenv(editing.WRITE_ENV, "1")
    before = {p: p.read_bytes() for p in (record / "status").glob("*.yaml")}
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["plan"] = "harbour-accord-monitor"
    at.run()
    at.switch_page("views/add_update.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Harbour Wire, 2026-03-06" in at.selectbox(key="add_source").options
    at.selectbox(key="add_source").set_value("calvia-gazette-2026-06-10")
    at.multiselect(key="add_points").set_value([7])
    at.selectbox(key="add_level").set_value("minimal")
    at.text_area(key="add_note").input("Customs talks resumed, by the test.")
    at.text_input(key="add_e_phrase_0").input("customs regime")
    at.run()
    at.button(key="add_save").click().run()
    assert any("Saved to status/" in s.value for s in at.success), [s.value for s in at.success]
    assert "Customs talks resumed, by the test." in (harbour / "status/calvia-gazette-2026-06-10.yaml").read_text()
    assert {p: p.read_bytes() for p in (record / "status").glob("*.yaml")} == before
