"""Do the tests still pass on the newest versions our ranges allow? If not, which upgrade broke them?

Usage: python scripts/check_upgrades.py [--venv DIR] [PYTEST ARGS...]

1. Makes a virtual environment (default `.venv-upgrades/`) from requirements-dev.lock.
2. Upgrades it to the newest versions requirements-dev.txt allows and lists what moved.
3. Runs the tests. All pass: exit 0, naming the upgrades, so the lock can move
   (scripts/update-lock.sh --upgrade).
4. Some fail: for each upgraded package alone, back on the lock, runs the failed tests again,
   and names every package whose upgrade alone breaks them; exit 1.

The weekly workflow `.github/workflows/upgrades.yml` runs it; the main workflow keeps the lock.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-dev.lock"
RANGES = ROOT / "requirements-dev.txt"
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def versions(freeze: str) -> dict[str, str]:
    """`pip freeze` output as {canonical name: version}."""
    out = {}
    for line in freeze.splitlines():
        name, sep, version = line.strip().partition("==")
        if sep:
            out[canonical(name)] = version
    return out


def upgrades(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str | None, str]]:
    """(name, old version or None when new, new version) for every package that moved."""
    return [(name, before.get(name), after[name]) for name in sorted(after) if before.get(name) != after[name]]


def failed_tests(junit: Path) -> list[str]:
    """Node ids of the failed and errored tests in a pytest JUnit XML report."""
    ids = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            path = case.get("classname", "").replace(".", "/")
            ids.append(f"{path}.py::{case.get('name')}")
    return ids


class Venv:
    def __init__(self, folder: Path):
        self.folder = folder
        self.python = str(folder / "bin" / "python")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([self.python, *args], cwd=ROOT, check=check, text=True, capture_output=True)

    def to_lock(self) -> None:
        self.run(*PIP, "--require-hashes", "--no-deps", "-r", str(LOCK))

    def freeze(self) -> dict[str, str]:
        return versions(self.run("-m", "pip", "freeze", "--all", "--exclude", "pip").stdout)

    def pytest(self, args: list[str], junit: Path) -> int:
        env = {**os.environ, "PATH": f"{self.folder / 'bin'}:{os.environ['PATH']}:/usr/sbin"}
        cmd = [self.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *args]
        return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=str(ROOT / ".venv-upgrades"))
    opts, pytest_args = parser.parse_known_args(argv)
    venv = Venv(Path(opts.venv))
    if not Path(venv.python).exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv.folder)], check=True)
    venv.to_lock()
    locked = venv.freeze()
    venv.run(*PIP, "--upgrade", "--upgrade-strategy", "eager", "-r", str(RANGES))
    moved = upgrades(locked, venv.freeze())
    print(f"upgrades: {len(moved)} package(s) move past the lock")
    for name, old, new in moved:
        print(f"  {name} {old or '(new)'} -> {new}")
    work = Path(tempfile.mkdtemp(prefix="upgrades-"))
    if venv.pytest(pytest_args, work / "all.xml") == 0:
        print("upgrades: the tests pass on the newest allowed versions; "
              "move the lock with scripts/update-lock.sh --upgrade")
        return 0
    failing = failed_tests(work / "all.xml")
    print(f"upgrades: {len(failing)} test(s) fail on the newest versions; trying each upgrade alone")
    culprits = []
    for name, _old, new in moved:
        venv.to_lock()
        venv.run(*PIP, f"{name}=={new}", check=False)
        if venv.pytest(failing or pytest_args, work / f"{name}.xml") != 0:
            culprits.append((name, new, failed_tests(work / f"{name}.xml")))
    for name, new, tests in culprits:
        print(f"BROKEN BY: {name} {locked.get(name, '(new)')} -> {new}, failing: {', '.join(tests) or 'the run'}")
    if not culprits:
        print("BROKEN BY: no single upgrade alone; the upgrades together (listed above)")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
