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
_UNPRINTABLE = re.compile(_FORBIDDEN.pattern[:-1] + "\t\n\r\u2028\u2029]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x1B: "escape", 0x7F: "delete"}


def char_name(ch: str) -> str:
    """'U+202E (right-to-left override)': a character named so a person can find it."""
    code = ord(ch)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(ch, "").lower() or "control character"
    return f"U+{code:04X} ({name})"


def forbidden(text: str) -> list[tuple[int, str]]:
    """Positions (1-based) and characters of every control or invisible character in text."""
    return [(m.start() + 1, m.group()) for m in _FORBIDDEN.finditer(text)]


def strip(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def printable(text: str) -> str:
    """Text safe for one terminal line: controls, invisibles and line breaks shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
