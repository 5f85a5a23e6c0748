"""Helpers for tests that need a real Chromium (Debian's, driven by Playwright)."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from helpers import IN_CI, REPO, ROOT_ENV, TODAY
from tracker.dates import TODAY_ENV
from tracker.texts import TEXTS_ENV

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "artifacts"


def _needed(path: str | None, name: str, why: str) -> str:
    """The program's path; without it, skip, or fail under CI, which must run every test."""
    if path:
        return path
    message = f"{name} not found; install Debian's {name} (apt-get install {name})"
    if IN_CI:
        pytest.fail(f"{message} — CI must {why}")
    pytest.skip(message)


def chromium_or_skip() -> str:
    from tracker.snapshot import browser_path
    # Debian's chromium, or $BROWSER_PATH (Chrome on a GitHub runner)
    return _needed(browser_path(), "chromium", "run the browser tests")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fixture_server_env(root: Path) -> dict[str, str]:
    """The server's environment for a data root copied from the fixture: today fixed, no texts."""
    return {ROOT_ENV: str(root), TODAY_ENV: TODAY.isoformat(), TEXTS_ENV: str(root / "no-texts")}


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Wait until the server at url answers its health check; fail with its output if it dies."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            raise RuntimeError(f"the server did not start on {url}:\n{out[-3000:]}")
        time.sleep(0.3)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextmanager
def streamlit_server(env: dict | None = None, timeout: float = 60):
    """A real server of the dashboard; env is added to this process's environment."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard.py"), "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false"],
        cwd=REPO, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout)
        yield url
    finally:
        _stop(proc)


@contextmanager
def browser_page(width: int = 1400, height: int = 1600):
    """A page of headless Chromium. Nothing the app serves may reach outside this machine:
    any request to a host other than the local one fails the test that made it."""
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright
    exe = chromium_or_skip()
    outside: list[str] = []

    def watch(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in ("127.0.0.1", "localhost"):
            outside.append(request.url)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", watch)
            yield page
        finally:
            browser.close()
    assert not outside, f"the page requested outside addresses: {outside[:5]}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def nginx_or_skip() -> str:
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    return _needed(path, "nginx", "serve the published site with a real server")


@contextmanager
def static_site(site: Path, workdir: Path):
    """nginx serving a published site on a free localhost port, from deploy/site.nginx.conf."""
    exe = nginx_or_skip()
    port = free_port()
    for sub in ("logs", "tmp"):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
    conf = (REPO / "deploy" / "site.nginx.conf").read_text(encoding="utf-8")
    (workdir / "nginx.conf").write_text(conf.replace("__LISTEN__", f"127.0.0.1:{port}")
                                        .replace("__ROOT__", str(site.resolve())), encoding="utf-8")
    # as root, nginx's workers would run as nobody, who cannot read pytest's private temp folders
    user = " user root;" if os.geteuid() == 0 else ""
    proc = subprocess.Popen([exe, "-p", str(workdir), "-c", str(workdir / "nginx.conf"),
                             "-g", f"daemon off;{user}"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (workdir / "logs" / "error.log")
                    raise RuntimeError(f"nginx did not start on {url}: "
                                       f"{log.read_text() if log.exists() else ''}") from None
                time.sleep(0.2)
        yield url
    finally:
        _stop(proc)


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.hrefs += [a[k] for k in ("href", "src") if a.get(k)]


def get(url: str) -> tuple[int, bytes, str]:
    """A URL's status, body and content type (an HTTP error's status, with no body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read(), r.headers.get("Content-Type", "")
    except urllib.error.HTTPError as e:
        return e.code, b"", ""


def crawl(url: str) -> tuple[list[str], list[str]]:
    """Follow every link of a served site from url/ on the same host: (the HTML pages reached,
    the addresses that did not answer 200). A page is fetched once, whatever its query or anchor."""
    seen: set[str] = set()
    queue = [url + "/"]
    pages, broken = [], []
    while queue:
        here = queue.pop()
        if here in seen:
            continue
        seen.add(here)
        status, body, kind = get(here)
        if status != 200:
            broken.append(f"{here}: {status}")
            continue
        if kind.startswith("text/html"):
            pages.append(here)
            parser = Links()
            parser.feed(body.decode("utf-8"))
            for href in parser.hrefs:
                target = urljoin(here, href).split("#")[0].split("?")[0]
                if urlsplit(target).netloc == urlsplit(url).netloc and target not in seen:
                    queue.append(target)
    return pages, broken
