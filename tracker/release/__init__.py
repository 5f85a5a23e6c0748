"""Versioned releases of the record: tables, panels, SQLite, a Frictionless data package, a
codebook and one ZIP (see `build`). Modules, by stage: `fields` (what every table and column
means, declared once), `panels` (derived day and month tables), `package` (datapackage.json and
Datasette's metadata.json), `codebook` (Markdown and HTML), `build` (the release folder and ZIP)."""
from __future__ import annotations

from .build import Release, ReleaseError, changelog_section, citation, release

__all__ = ["Release", "ReleaseError", "changelog_section", "citation", "release"]
