"""Dates as people read them: '6 Oct 2025' and '6 October 2025' (no leading zero)."""
from __future__ import annotations

from datetime import date


def short(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"
