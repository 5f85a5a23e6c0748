"""The releases a site carries (`publish --releases DIR`): every release folder made by
`python -m tracker release`, copied under releases/VERSION/, and every release a previous
publish put there, kept. A release is never rewritten: the same version with other bytes
is refused. The site says whether the data it shows are a release or a candidate."""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

from ..versions import VERSION_RE
from .place import PublishError


@dataclass(frozen=True)
class SiteRelease:
    version: str
    as_of: str
    released: str
    data_version: str
    changes: Markup  # the changelog's section, as HTML
    zip: str
    zip_bytes: int
    zip_sha256: str
    folder: Path  # where its files are copied from

    @property
    def sort_key(self) -> tuple:
        core, _, pre = self.version.partition("-")
        return (*(int(x) for x in core.split(".")), pre == "", pre)


def read_release(folder: Path) -> SiteRelease:
    """A release folder's facts, from its own files (datapackage.json, README.md, SHA256SUMS)."""
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        readme = (folder / "README.md").read_text(encoding="utf-8")
        (folder / "SHA256SUMS").read_bytes()
    except (OSError, ValueError) as exc:
        hint = (f"; --releases takes the folder that holds the release folders ({folder.parent.parent}), not one "
                "release" if (folder.parent / "datapackage.json").exists() else "")
        raise PublishError(f"{folder} is not a release made by `python -m tracker release` ({exc}){hint}") from None
    version = str(package.get("version", ""))
    if not VERSION_RE.fullmatch(version) or folder.name != version:
        raise PublishError(f"{folder}: a release folder is named after its version ({version!r})")
    zips = sorted(folder.glob("*.zip"))
    found = re.search(r"(?ms)^## What changed in this version\n(.*?)(?=^## |\Z)", readme)
    changes = found.group(1).strip() if found else ""
    sums = folder / f"{zips[0].name}.sha256" if zips else None
    digest = sums.read_text().split()[0] if sums and sums.exists() else ""
    return SiteRelease(version, package.get("tracker", {}).get("asOf", ""), str(package.get("created", ""))[:10],
                       package.get("tracker", {}).get("dataVersion", ""),
                       _changes_html(changes),
                       zips[0].name if zips else "", zips[0].stat().st_size if zips else 0, digest, folder)


def gather(given: Path | None, previous_site: Path) -> list[SiteRelease]:
    """The releases to publish: those given, and those the previous site holds (never dropped)."""
    found: dict[str, SiteRelease] = {}
    old = previous_site / "releases"
    for folder in sorted(p for p in old.iterdir() if p.is_dir()) if old.is_dir() else []:
        r = read_release(folder)
        found[r.version] = r
    for folder in sorted(p for p in given.iterdir() if p.is_dir() and not p.name.startswith(".")) if given else []:
        r = read_release(folder)
        if r.version in found and (found[r.version].folder / "SHA256SUMS").read_bytes() != \
                (folder / "SHA256SUMS").read_bytes():
            raise PublishError(f"release {r.version} in {given} differs from the one the site already holds; a "
                               "release is never rewritten: make the corrected data a new version")
        found.setdefault(r.version, r)
    return sorted(found.values(), key=lambda r: r.sort_key, reverse=True)


def copy_into(releases: list[SiteRelease], site: Path) -> list[str]:
    """Copy each release's files under releases/VERSION/; the relative paths written."""
    written = []
    for r in releases:
        for path in sorted(p for p in r.folder.rglob("*") if p.is_file()):
            rel = f"releases/{r.version}/{path.relative_to(r.folder).as_posix()}"
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, site / rel)
            written.append(rel)
    return written


def _changes_html(text: str) -> Markup:
    """The changelog section as HTML under the release's own heading (h3): its headings become h4.
    Rendered from our own text with raw HTML off, so nothing in it runs."""
    html = MarkdownIt("commonmark", {"html": False}).render(text)
    return Markup(re.sub(r"<(/?)h[1-6]>", r"<\1h4>", html))
