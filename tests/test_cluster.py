"""Several dashboard processes behind nginx (scripts/run-cluster.sh): a real browser opens the
overview through the proxy, sees a chart, changes the as-of date; Ctrl-C stops everything."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess

import pytest

from browser import browser_page, chromium_or_skip, fixture_server_env, wait_healthy
from helpers import IN_CI, REPO, copy_record

pytestmark = pytest.mark.browser

CHART = "[data-testid='stPlotlyChart'] .main-svg >> visible=true"


def free_block(size: int) -> int:
    """A port whose next `size` ports are free too."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + size < 65000 and all(_free(port + i) for i in range(size + 1)):
            return port
    raise RuntimeError("no free block of ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@pytest.fixture
def cluster(tmp_path):
    chromium_or_skip()
    if shutil.which("nginx") is None:
        if IN_CI:
            pytest.fail("nginx is missing: CI must run the cluster test (scripts/run-tests.sh installs it as root)")
        pytest.skip("nginx is missing (apt-get install nginx)")
    root = copy_record(tmp_path / "record")
    port = free_block(3)
    proc = subprocess.Popen(["bash", str(REPO / "scripts" / "run-cluster.sh"), "2", str(port)], cwd=REPO,
                            env={**os.environ, **fixture_server_env(root)}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, 120)
    yield url, port, proc
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)


def test_the_dashboard_through_nginx_draws_and_follows_the_date(cluster):
    url, port, proc = cluster
    with browser_page() as page:
        page.goto(url + "/")
        page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=60_000)
        page.wait_for_selector(CHART, timeout=90_000)
        assert page.get_by_text("Latest report").count() >= 1
        assert any(c["name"] == "tracker_session" for c in page.context.cookies())  # sticky to one process
        page.goto(url + "/?as_of=2025-10-06")
        page.wait_for_selector(CHART, timeout=90_000)
        page.wait_for_selector("text=6 October 2025", timeout=60_000)
    # Ctrl-C stops nginx and both processes, and frees every port
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    assert not any(_listening(port + i) for i in range(3))
    assert b"stopped" in proc.stdout.read()


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("held", [0, 1], ids=["nginx's port", "a dashboard's port"])
def test_a_port_in_use_is_an_error_and_nothing_says_serving(held):
    """Another program on PORT (or on a dashboard's PORT+i) would answer in our place: the
    script refuses before starting anything."""
    port = free_block(3)
    with socket.socket() as s:
        s.bind(("127.0.0.1", port + held))
        s.listen()
        out = subprocess.run(["bash", "scripts/run-cluster.sh", "02", str(port)], cwd=REPO, capture_output=True,
                             text=True, timeout=300)
    assert out.returncode == 1, out.stderr
    assert f"error: port {port + held} is in use" in out.stderr and "serving" not in out.stderr
