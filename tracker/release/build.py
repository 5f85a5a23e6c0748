"""`python -m tracker release VERSION --out DIR`: an immutable, versioned release of the record.

It writes, into a new folder: the record's tables (data/*.csv, as `publish` writes them, plus
the blockers' spans), the panels (panel/point-day.csv, panel/point-month.csv,
panel/actor-milestone-month.csv), one SQLite file of them all (tracker.sqlite), the Frictionless
descriptor (datapackage.json), Datasette's metadata (metadata.json), the codebook (codebook.md,
codebook.html), a README (licence, how to cite this version, what changed), the data licence,
SHA256SUMS, and one ZIP of it all named after the version. The folder is made beside DIR and
renamed into place whole; an existing DIR is never written into. The same record, version and
date give the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .. import csvfile, licences, methodology
from ..dataset import Dataset
from ..site import dataset_tables
from ..versions import version_problem
from . import codebook
from .fields import TABLES
from .package import LICENSE, Names, datapackage, datasette_metadata, names, resource_path
from .panels import panels


class ReleaseError(Exception):
    """The release cannot be made as asked; the message says why. Nothing was written."""


@dataclass
class Release:
    out: Path
    version: str
    as_of: date
    files: dict[str, int] = field(default_factory=dict)  # relative path -> bytes
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows
    zip_name: str = ""
    zip_sha256: str = ""


def changelog_section(text: str, version: str) -> str | None:
    """The text under `## [VERSION]` (Keep a Changelog), up to the next `## ` heading."""
    m = re.search(rf"(?m)^## \[{re.escape(version)}\][^\n]*\n(.*?)(?=^## |\Z)", text, re.S)
    return m.group(1).strip() if m else None


def citation(who: Names, version: str, released: date, url: str | None = None, data_version: str = "") -> str:
    data = f"; data as of {released.isoformat()}" + (f", data version {data_version}" if data_version else "")
    return (f"{who.creator} ({released.year}). {who.title} (version {version}{data}) [Data set]. CC BY 4.0."
            + (f" {url}" if url else ""))


def release(ds: Dataset, version: str, out: Path, as_of: date, changes: str, released: date | None = None,
            url: str | None = None) -> Release:
    if version_problem(version):
        raise ReleaseError(version_problem(version))
    if ds.problems:
        raise ReleaseError(f"the data has {len(ds.problems)} problem(s) (first: {ds.problems[0]}); a release holds "
                           "only valid data: run `python -m tracker validate` and fix them")
    out = Path(out)
    if out.is_symlink() or out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ReleaseError(f"{out} exists; a release is never rewritten: give a new folder (e.g. releases/{version})")
    released = released or as_of
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.release-", dir=out.parent))
    try:
        result = _write(ds, version, work, as_of, changes, released, url)
        os.chmod(work, 0o755)
        if out.exists():
            out.rmdir()  # empty, as checked above
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    result.out = out
    return result


def _write(ds: Dataset, version: str, work: Path, as_of: date, changes: str, released: date,
           url: str | None) -> Release:
    result = Release(work, version, as_of)
    tables = {t.name: t for t in dataset_tables.tables(ds)}
    tables.update({t.name: t for t in panels(ds, as_of)})
    written: dict[str, bytes] = {}
    for name in TABLES:
        written[resource_path(name)] = csvfile.to_csv(tables[name].columns, tables[name].rows).encode("utf-8")
        result.rows[name] = len(tables[name].rows)
    keys = {name: t.key for name, t in tables.items()}
    who = names(ds.plan)
    cite = citation(who, version, released, url, ds.version)
    written["datapackage.json"] = _json(datapackage(version, released, as_of, keys, who, ds.version, url))
    written["metadata.json"] = _json(datasette_metadata(version, as_of, who, url))
    text = codebook.markdown(version, as_of.isoformat(), tables, cite, who, ds.plan.age_rules if ds.plan else None,
                             methodology.examples(ds))
    written["codebook.md"] = text.encode("utf-8")
    written["codebook.html"] = codebook.html(text, version, who).encode("utf-8")
    written["README.md"] = _readme(who, version, as_of, cite, changes, result.rows, url).encode("utf-8")
    written["LICENSE-DATA.md"] = licences.data_notice("this release (every file but the code)").encode("utf-8")
    for rel, data in written.items():
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    dataset_tables.write_sqlite([tables[name] for name in TABLES], work / "tracker.sqlite")
    written["tracker.sqlite"] = (work / "tracker.sqlite").read_bytes()
    sums = "".join(f"{hashlib.sha256(written[rel]).hexdigest()}  {rel}\n" for rel in sorted(written))
    (work / "SHA256SUMS").write_text(sums, encoding="utf-8")
    written["SHA256SUMS"] = sums.encode("utf-8")
    result.zip_name = f"{who.slug}-{version}.zip"
    stamp = (released.year, released.month, released.day, 0, 0, 0)
    with zipfile.ZipFile(work / result.zip_name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for rel in sorted(written):
            info = zipfile.ZipInfo(f"{who.slug}-{version}/{rel}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, written[rel])
    data = (work / result.zip_name).read_bytes()
    result.zip_sha256 = hashlib.sha256(data).hexdigest()
    (work / f"{result.zip_name}.sha256").write_text(f"{result.zip_sha256}  {result.zip_name}\n", encoding="utf-8")
    result.files = {rel: len(b) for rel, b in sorted(written.items())}
    result.files[result.zip_name] = len(data)
    return result


def _json(doc) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _readme(who: Names, version: str, as_of: date, cite: str, changes: str, rows: dict[str, int],
            url: str | None) -> str:
    counts = "\n".join(f"| {name} | {n:,} |" for name, n in rows.items())
    url_line = f",\n  url = {{{url}}}" if url else ""
    return f"""# {who.title}, release {version}

Data as of {as_of.isoformat()}: the panels run from the plan's release to that day. A release is never
changed: a correction is a new version.

## Licence

The data are licensed under {LICENSE['title']} ({LICENSE['name']}, {LICENSE['path']}): share and adapt them,
giving credit as below. The code that made them is under the MIT licence (the repository's LICENSE).

## How to cite this version

{cite}

```bibtex
@misc{{{who.slug.replace('-', '_')}_{version.replace('.', '_').replace('-', '_')},
  author = {{{{{who.creator}}}}},
  title = {{{who.title}}},
  year = {{{as_of.year}}},
  version = {{{version}}},
  note = {{Data set, as of {as_of.isoformat()}}}{url_line}
}}
```

## What changed in this version

{changes}

## What is here

| table | rows |
| --- | ---: |
{counts}

`codebook.md` (and `codebook.html`) says what every column and value means and the rules of the
method. `datapackage.json` describes the tables for Frictionless tools; `tracker.sqlite` holds them all;
`SHA256SUMS` lists every file's checksum: check them with `sha256sum -c SHA256SUMS`.

## Load it

```python
import pandas as pd
panel = pd.read_csv("panel/point-day.csv", parse_dates=["day"])
```

```r
panel <- read.csv("panel/point-day.csv")
```

```sh
datasette tracker.sqlite -m metadata.json   # browse, with canned queries ("Who owes what", ...)
```
"""
