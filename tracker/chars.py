"""Characters that no data text may hold, declared once.

Control characters (C0 and C1, DEL; tab, newline and carriage return apart), bidirectional
embeddings, overrides, isolates and marks, and zero-width or other invisible characters hide
or reorder text on screen and drive terminals. The reader rejects them in every value; the
command line escapes them (and line breaks) in anything it prints from data or file names.
"""
from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u2064\u2066-\u2069\ufeff]")
# Beyond ASCII, Unicode's own classes decide: format characters (Cf: soft hyphen, tag characters,
# interlinear annotation), line and paragraph separators (Zl, Zp), private use (Co), unassigned
# code points and noncharacters (Cn), surrogates (Cs); and characters that render as nothing
# though classed otherwise (fillers, combining grapheme joiner, variation selectors, blank braille).
_BAD_CLASSES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn", "Cs"}
_INVISIBLE = {0x034F, 0xFFFC, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164, 0xFFA0, *range(0x180B, 0x1810),
              *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
_UNPRINTABLE = re.compile(_FORBIDDEN.pattern[:-1] + "\t\n\r\u2028\u2029]")


def _bad(ch: str) -> bool:
    code = ord(ch)
    return code in _INVISIBLE or unicodedata.category(ch) in _BAD_CLASSES
_CONTROL_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x1B: "escape", 0x7F: "delete"}


def char_name(ch: str) -> str:
    """'U+202E (right-to-left override)': a character named so a person can find it."""
    code = ord(ch)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, "").lower() or (
        {"Cn": "noncharacter or unassigned", "Co": "private use"}.get(unicodedata.category(ch), "control character"))
    return f"U+{code:04X} ({name})"


def forbidden(text: str) -> list[tuple[int, str]]:
    """Positions (1-based) and characters of every control or invisible character in text."""
    if text.isascii():  # the common case, at regular-expression speed
        return [(m.start() + 1, m.group()) for m in _FORBIDDEN.finditer(text)]
    return [(i + 1, ch) for i, ch in enumerate(text) if (ch.isascii() and _FORBIDDEN.match(ch)) or
            (not ch.isascii() and _bad(ch))]


def contains_forbidden(text: str) -> bool:
    """Does text hold any control or invisible character? (A whole file at once: each distinct
    character is judged once.)"""
    if text.isascii():
        return _FORBIDDEN.search(text) is not None
    return any(forbidden(ch) for ch in set(text))


def strip(text: str) -> str:
    bad = {ch for _, ch in forbidden(text)}
    return "".join(ch for ch in text if ch not in bad) if bad else text


MAX_LINE = 2000  # a printed problem is cut here: one line never floods a terminal


def printable(text: str) -> str:
    """Text safe for one terminal line: controls, invisibles and line breaks shown as escapes."""
    if not text.isascii():
        text = "".join(ch.encode("unicode_escape").decode("ascii") if _bad(ch) else ch for ch in text)
    text = _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= MAX_LINE else text[:MAX_LINE] + f"… ({len(text) - MAX_LINE:,} more characters)"
