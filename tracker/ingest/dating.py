"""Dates in an article's text, and the guess of which day a report speaks of when the source's
registry entry does not say."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
_MONTH_RX = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_MDY = re.compile(r"\b" + _MONTH_RX + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,\s*(\d{4}))?", re.I)
_DATE_DMY = re.compile(r"\b(\d{1,2})\s+\b" + _MONTH_RX + r"(?:,?\s+(\d{4}))?", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-(\d{4})\b")  # 30-06-2026
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass(frozen=True)
class FoundDate:
    day: date
    paragraph: int
    text: str
    has_year: bool


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(v for k, v in _MONTHS.items() if k.startswith(name[:3]))


def explicit_dates(paras: list[str], default_year: int) -> list[FoundDate]:
    found = []
    for i, p in enumerate(paras, start=1):
        for m in _DATE_MDY.finditer(p):
            year = int(m.group(3)) if m.group(3) else default_year
            found.append(_mk(year, _month(m.group(1)), int(m.group(2)), i, m.group(0), bool(m.group(3))))
        for m in _DATE_DMY.finditer(p):
            year = int(m.group(3)) if m.group(3) else default_year
            found.append(_mk(year, _month(m.group(2)), int(m.group(1)), i, m.group(0), bool(m.group(3))))
        for m in _DATE_ISO.finditer(p):
            found.append(_mk(int(m.group(1)), int(m.group(2)), int(m.group(3)), i, m.group(0), True))
        for m in _DATE_NUMERIC.finditer(p):
            found.append(_mk(int(m.group(3)), int(m.group(2)), int(m.group(1)), i, m.group(0), True))
    return [f for f in found if f is not None]


def _mk(y: int, m: int, d: int, para: int, text: str, has_year: bool) -> FoundDate | None:
    try:
        return FoundDate(date(y, m, d), para, text, has_year)
    except ValueError:
        return None


def weekday_before(reference: date, weekday: str) -> date:
    """The latest date on or before `reference` that falls on the weekday."""
    target = _WEEKDAYS.index(weekday.lower())
    return reference - timedelta(days=(reference.weekday() - target) % 7)


@dataclass(frozen=True)
class DateGuess:
    day: date | None
    how: str
    confidence: str  # high | medium | low | none


def guess_date(paras: list[str], given: date | None, released: date) -> DateGuess:
    if given:
        return DateGuess(given, "given with --date", "high")
    dated = [f for f in explicit_dates(paras, released.year) if f.day >= released]
    with_year = [f for f in dated if f.has_year]
    pool = with_year or dated
    if not pool:
        return DateGuess(None, "no date found in the text; pass --date", "none")
    best = max(pool, key=lambda f: f.day)
    conf = "medium" if best.has_year else "low"
    return DateGuess(best.day, f"latest date mentioned, {best.text!r} in paragraph {best.paragraph}", conf)


_ON_WEEKDAY = re.compile(r"\b(?:on|last|late on|early on)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)
_ON_DATE = re.compile(r"\bon\s+(?:" + _DATE_MDY.pattern[2:] + r"|" + _DATE_DMY.pattern[2:] + r")", re.I)
_MONTH_WORD = re.compile(_MONTH_RX, re.I)


def event_date(sentence: str, reference: date | None) -> tuple[date, str] | None:
    """The day a sentence dates its event by ("on March 1", "on Tuesday"), counted back from the
    report's day, with the words; None when it names none, or one after the report."""
    if reference is None:
        return None
    found = _ON_DATE.search(sentence)
    if found:
        nums = [int(g) for g in found.groups() if g and g.isdigit()]
        month = _MONTH_WORD.search(found.group(0))
        years = [n for n in nums if n > 31]
        days = [n for n in nums if n <= 31]
        if month and days:
            year = years[0] if years else reference.year
            made = _mk(year, _month(month.group(0)), days[0], 0, found.group(0), bool(years))
            if made and not years and (made.day - reference).days > 180:  # "on December 28" read in January
                made = _mk(year - 1, made.day.month, made.day.day, 0, found.group(0), False)
            if made and made.day <= reference:
                return made.day, found.group(0)
    weekday = _ON_WEEKDAY.search(sentence)
    if weekday:
        return weekday_before(reference, weekday.group(1)), weekday.group(0)
    return None
