"""The real server in headless Chromium: pages load, charts are drawn, links carry the view.

The server runs on a copy of the fixture record with today fixed at TODAY (2026-01-01)."""
import re
from pathlib import Path

import pytest

from browser import browser_page, chromium_or_skip, fixture_server_env, screenshot, streamlit_server
from helpers import TODAY, copy_record
from tracker import snapshot
from tracker.load import load
from tracker.scene import Scene

pytestmark = pytest.mark.browser

CHART = "[data-testid='stPlotlyChart'] .main-svg >> visible=true"


ADDRESSES = "Statement at https://example.invalid/x.png, www.example.org and press@example.org."


@pytest.fixture(scope="module")
def server_root(tmp_path_factory):
    root = copy_record(tmp_path_factory.mktemp("browser") / "record")
    path = root / "status" / "miami-summit-2025-12-19.yaml"  # a note holding bare addresses
    path.write_text(path.read_text() + "  - id: t1\n    points: [18]\n    date: 2025-12-19\n    level: minimal\n"
                    f"    note: {ADDRESSES}\n    evidence: [{{paragraph: 1, phrase: Miami}}]\n")
    return root


@pytest.fixture(scope="module")
def server(server_root):
    chromium_or_skip()
    with streamlit_server(fixture_server_env(server_root)) as url:
        yield url


def wait_for_app(page):
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
    page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=60_000)


def test_overview_and_point_pages_draw_charts(server, server_root, no_texts):
    with browser_page() as page:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(server + "/")
        wait_for_app(page)
        page.wait_for_selector(CHART, timeout=60_000)
        assert page.get_by_text("Where each point of the plan stands").count() == 1
        assert page.locator("[data-testid='stMetric']").count() >= 5
        shot = screenshot(page, "overview.png")
        assert shot.stat().st_size > 20_000

        # the PNG button under a chart downloads the same bytes the snapshot command writes
        with page.expect_download(timeout=60_000) as download:
            page.locator(".st-key-dl-phase-progress-png button").first.click()
        assert download.value.suggested_filename == "phase-progress_2026-01-01.png"  # as of today
        got = Path(download.value.path()).read_bytes()
        scene = Scene(load(server_root, today=TODAY), TODAY)
        assert got == snapshot.chart_file(scene, "phase-progress", "png")

        page.get_by_role("link", name="Open point 4:").click()
        page.wait_for_url("**/point?point=4**", timeout=30_000)
        wait_for_app(page)
        page.wait_for_selector(CHART, timeout=60_000)
        assert page.get_by_role("heading", name="4. All hostages back within 72 hours").count() == 1
        # the history chart drew one marker per update of point 4
        history = page.locator("[data-testid='stPlotlyChart']").first
        markers = history.locator(".scatterlayer .trace").last.locator("path.point")
        assert markers.count() >= 4
        screenshot(page, "point-4.png")
        assert not errors, errors


def test_a_shared_link_reopens_the_same_view(server):
    with browser_page() as page:
        page.goto(server + "/point?point=13&as_of=2025-10-10")
        wait_for_app(page)
        page.wait_for_selector(CHART, timeout=60_000)
        assert page.get_by_role("heading", name="13. Hamas out of power and Gaza demilitarised").count() == 1
        level = page.locator("[data-testid='stMetric']").first
        assert "Not initiated" in level.inner_text()
        assert page.get_by_text("As of 10 Oct 2025").count() >= 1 or "10 Oct 2025" in page.content()
        page.goto(server + "/blockers?as_of=2025-10-06&phase=Phase+2")
        wait_for_app(page)
        page.wait_for_selector(CHART, timeout=60_000)
        screenshot(page, "blockers-2025-10-06.png")
        assert page.get_by_text(re.compile(r"\d+ active, \d+ confirmed in the last 90 days, as of 6 October 2025")).count() == 1
        assert page.get_by_text("showing 15 of 20 points").count() == 1
        # the share panel gives back a link with the same view
        page.get_by_text("Share this view").click()
        link = page.locator("[data-testid='stSidebar'] [data-testid='stCode'] code").inner_text()
        assert link.startswith(server + "/blockers?") and "as_of=2025-10-06" in link and "phase=Phase+2" in link


def test_bare_addresses_in_data_are_text_not_links(server):
    with browser_page() as page:
        page.goto(server + "/point?point=18")
        wait_for_app(page)
        page.wait_for_selector(CHART, timeout=60_000)
        note = page.get_by_text("Statement at https").first
        assert note.count() == 1
        shown = note.inner_text().replace("\u2060", "")
        assert "https://example.invalid/x.png, www.example.org and press@example.org" in shown
        for needle in ("example.invalid", "example.org"):
            assert page.locator(f"a[href*='{needle}']").count() == 0
        screenshot(page, "point-18-addresses.png")
