"""Data text is shown as text: never as HTML, never as live Markdown."""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")


def md(text: str | None) -> str:
    """Escape every Markdown and HTML character so text from a data file renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def attr(text: str | None) -> str:
    """Escape for use inside our own HTML (tiles)."""
    return html.escape(text or "", quote=True)
