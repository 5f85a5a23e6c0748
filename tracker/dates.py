"""Dates as people read them ('6 Oct 2025', '6 October 2025') and the one notion of "today".

``today()`` is the real date unless ``TRACKER_TODAY`` (YYYY-MM-DD) fixes it: tests of
behaviour on fixture data fix it; the shipped data is always checked against the real date.
"""
from __future__ import annotations

import os
from datetime import date

TODAY_ENV = "TRACKER_TODAY"


def today() -> date:
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise SystemExit(f"error: {TODAY_ENV}={fixed!r} is not a date written YYYY-MM-DD") from None
    return date.today()


def short(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def long(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def ago(days: int) -> str:
    """'1 day', '12 days' ('the same day' for 0): how long before a date something happened."""
    return "the same day" if days == 0 else ("1 day" if days == 1 else f"{days:,} days")
