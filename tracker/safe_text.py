"""Data text is shown as text: never as HTML, never as live Markdown."""
from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:])")
# What GitHub-flavoured Markdown turns into a link even when escaped: scheme://, www. and
# e-mail addresses. A word joiner (U+2060, invisible) after the scheme, "www" or "@" breaks it.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www|mailto|xmpp)(?=:|\.)|(?<=\S)@(?=\w)")


def md(text: str | None) -> str:
    """Escape every Markdown and HTML character so text from a data file renders literally,
    and keep bare web and e-mail addresses from becoming live links."""
    text = _AUTOLINK.sub(lambda m: (m.group(1) or "@") + "\u2060", text or "")
    return _MD_SPECIAL.sub(r"\\\1", text)


def attr(text: str | None) -> str:
    """Escape for use inside our own HTML (tiles)."""
    return html.escape(text or "", quote=True)
