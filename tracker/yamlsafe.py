"""Read one YAML file safely, remembering where every value came from.

The file is parsed into a node tree by libyaml (``CSafeLoader``), never constructed
by PyYAML: we build plain Python values ourselves so that

* no tag can construct an object (``!!python/...`` and custom tags are problems),
* dates stay strings (the models parse them, so ``2025-13-01`` is a clear error),
* only ``true``/``false`` are booleans (``no`` and ``on`` stay strings),
* duplicate keys are problems instead of silently winning,
* aliases are refused, so an alias bomb costs nothing,
* nesting deeper than ``MAX_DEPTH`` is refused before it can exhaust the stack,
* a file that is too big, binary or not UTF-8 is one problem for that file,
* control and invisible characters (NUL, ESC, bidirectional overrides, zero-width
  spaces) in any value are problems naming the character and where it stands; the value
  is kept without them, and the path of every such value is remembered so the loader can
  leave its record out.

The root node is kept, so any later error can be traced to its line with
:func:`locate`.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from . import chars
from .problems import Problem

MAX_BYTES = int(os.environ.get("TRACKER_MAX_FILE_BYTES", 10 * 1024 * 1024))
MAX_DEPTH = 64

_NUMBER_START = frozenset("0123456789+-.")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {_STR, _MAP, _SEQ, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP}
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEEP_INDENT = re.compile(rb"(?m)^[ \t]{32}")
_MARKER_RUN = re.compile(rb"(?:[-?:][ \t]+){16}")
# The shape of a file for the two tests above, at C speed: markers (- ? :) as '-', blanks
# (space, tab) as ' ', line breaks kept, everything else 'x'. A run of 16 markers needs 16 '-'
# in a row once the blanks are removed, and a deep indent a line break followed by 32 blanks;
# only a file that has one is searched with the exact patterns.
_SHAPE = bytes(0x2D if b in b"-?:" else 0x20 if b in b" \t" else b if b in b"\n" else 0x78
               for b in range(256))


class _LeanResolver:
    """A lean resolver: plain text is text unless it clearly is a number, true/false or
    null. Dates and YAML 1.1 words (yes, on) stay text, and most scalars (words) are settled
    by their first character, without regular expressions."""

    def resolve(self, kind, value, implicit):  # noqa: D102
        if kind is not yaml.ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)
        if value in _NULLS:
            return _NULL
        if value[0] in _NUMBER_START:
            return super().resolve(kind, value, implicit)
        if value in _BOOLS:
            return _BOOL
        if value == "<<":
            return "tag:yaml.org,2002:merge"
        return _STR

    # No path resolvers are registered, so the composer's two calls per node need do nothing.
    def descend_resolver(self, current_node, current_index):  # noqa: D102
        pass

    def ascend_resolver(self):  # noqa: D102
        pass


class PureLoader(_LeanResolver, yaml.SafeLoader):
    """PyYAML's own parser (Python, no depth limit of its own, not recursive while parsing)."""


if hasattr(yaml, "CSafeLoader"):
    class CLoader(_LeanResolver, yaml.CSafeLoader):
        """libyaml's parser: fast, but its own limits differ between releases."""
else:  # PyYAML built without libyaml
    CLoader = None

_Loader = CLoader or PureLoader  # tests swap it to run every case through both parsers


@dataclass
class YamlFile:
    """A loaded file: its value (None when unreadable), its node tree and problems."""

    path: str
    data: Any = None
    root: yaml.Node | None = None
    problems: list[Problem] = field(default_factory=list)
    tainted: set[tuple] = field(default_factory=set)  # paths of values that held forbidden characters

    def problem(self, message: str, loc: tuple = ()) -> Problem:
        line, col = locate(self.root, loc)
        return Problem(self.path, line, col, message)


def read_bytes(path: str | os.PathLike, shown: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the problem that stops us reading it (too big, unreadable)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            return None, Problem(shown, 1, None, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} "
                                                    "(split it, or raise TRACKER_MAX_FILE_BYTES)")
        with open(path, "rb") as fh:
            return fh.read(), None
    except OSError as exc:
        return None, Problem(shown, 1, None, f"cannot read file: {exc.strerror}")


def read_yaml(path: str | os.PathLike, display: str | None = None) -> YamlFile:
    shown = display or str(path)
    raw, problem = read_bytes(path, shown)
    if raw is None:
        return YamlFile(shown, problems=[problem])
    return parse_yaml(raw, shown)


def parse_yaml(raw: bytes, shown: str, out: YamlFile | None = None) -> YamlFile:
    out = out or YamlFile(shown)
    text = _decode(raw, out)
    if text is None:
        return out
    if not text.strip():
        out.problems.append(Problem(shown, 1, None, "file is empty; expected a mapping"))
        return out
    if _too_deep(raw):
        out.problems.append(Problem(shown, 1, None,
            f"nesting is deeper than {MAX_DEPTH} levels; expected a flat status file"))
        return out
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control codes)
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        out.problems.append(Problem(shown, line, None,
            f"character U+{char:04X} is not allowed in YAML; remove it"))
        return out
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(x for x in (exc.context, exc.problem) if x)
        if "\t" in text and "tab" not in msg and mark is not None:
            line_text = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
            if "\t" in line_text:
                msg += " (tabs cannot indent YAML; use spaces)"
        out.problems.append(Problem(shown, mark.line + 1 if mark else None,
                                    mark.column + 1 if mark else None,
                                    f"YAML syntax error: {msg}"))
        return out
    except yaml.YAMLError as exc:
        out.problems.append(Problem(shown, 1, None, f"YAML error: {str(exc).splitlines()[0]}"))
        return out
    except RecursionError:
        out.problems.append(Problem(shown, 1, None,
            f"nesting is deeper than {MAX_DEPTH} levels; expected a flat status file"))
        return out
    out.root = root
    if root is None:
        out.problems.append(Problem(shown, 1, None, "file holds no document; expected a mapping"))
        return out
    # Only a file holding a forbidden character, or a backslash (a double-quoted escape can
    # make one), has its values checked one by one, with the paths that name them.
    checked = "\\" in text or chars.contains_forbidden(text)
    builder = _Builder(out, aliases="&" in text)
    data = builder.build(root, () if checked else None)
    if builder.refused:  # a file with unsafe constructs is not used at all
        if builder.alias_reported:
            _point_at_first_alias(text, out)
        return out
    out.data = data
    return out


def _decode(raw: bytes, out: YamlFile) -> str | None:
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        out.problems.append(Problem(out.path, line, None,
                                    f"file is binary (a NUL byte on line {line}); expected UTF-8 text"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        out.problems.append(Problem(out.path, line, None,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8"))
        return None


def _too_deep(raw: bytes) -> bool:
    """Is the nesting deeper than MAX_DEPTH? Decided before libyaml composes the file, since
    composing is recursive in C and a deep enough file would crash the process.

    Depth is at most (block depth) + (bracket depth). Block depth stays under 48 unless a
    line is indented by 32 or more or holds a run of 16 `- `/`? `/`: ` markers; bracket depth
    is counted exactly (over-counting brackets inside quotes, which only errs on the safe
    side). Only a file that may be deep is walked event by event, which is exact."""
    depth = deepest = 0
    for b in raw.translate(None, _NOT_BRACKETS):
        depth += 1 if b in (0x5B, 0x7B) else -1
        deepest = max(deepest, depth)
    if deepest <= 16 and not _may_run_deep(raw):
        return False
    try:
        return _walk_deeper(raw, _Loader)
    except yaml.YAMLError:
        pass
    # libyaml stopped with an error. It may be a limit of its own (PyYAML 6.0.4's libyaml
    # refuses flow nesting past 1,000 levels, scanning ahead before it yields the 65th
    # level), so the answer must not depend on its message: PyYAML's Python parser, which
    # has no such limit, walks again up to the first real error.
    try:
        return _walk_deeper(raw, PureLoader)
    except yaml.YAMLError:
        return False  # the error comes before any excess depth; composing reports it with its line


def _may_run_deep(raw: bytes) -> bool:
    """Does a line start with 32 blanks or hold a run of 16 markers? Exact, with the
    patterns run only where the file's shape says they may match."""
    shape = raw.translate(_SHAPE)
    indent = shape.startswith(b" " * 32) or b"\n" + b" " * 32 in shape
    if indent and _DEEP_INDENT.search(raw):
        return True
    return b"-" * 16 in shape.replace(b" ", b"") and _MARKER_RUN.search(raw) is not None


def _walk_deeper(raw: bytes, loader: type) -> bool:
    """Walk the parser's events, stopping as soon as the nesting passes MAX_DEPTH."""
    depth = 0
    for event in yaml.parse(raw, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return False


class _Builder:
    """Turns a node tree into plain values, reporting every unsafe or ambiguous node."""

    def __init__(self, out: YamlFile, aliases: bool = True):
        self.out = out
        # an alias reuses an anchored node: without an anchor (&) in the text there is none
        self.seen: set[int] | None = set() if aliases else None
        self.refused = False
        self.alias_reported = False

    def _problem(self, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.out.problems.append(Problem(self.out.path, m.line + 1, m.column + 1, message))

    def build(self, node: yaml.Node, path: tuple | None) -> Any:
        """The node's plain value; `path` is where it stands (None: the file holds nothing to clean)."""
        if self.seen is not None:
            if id(node) in self.seen:
                self.refused = True
                if not self.alias_reported:  # one report, however many aliases (a bomb has thousands)
                    self.alias_reported = True
                    self._problem(node, "this value is reused by an alias (*name); aliases are not "
                                  "allowed, write the value out")
                return None
            self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self.refused = True
            self._problem(node, f"tag {node.tag!r} is not allowed; remove it")
            return None
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node) if path is None else self.clean(node, _scalar(node), path)
        if isinstance(node, yaml.SequenceNode):
            if path is None:
                return [self.build(item, None) for item in node.value]
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.refused = True
                self._problem(key_node, "merge keys (<<) are not allowed; write the keys out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, "a key must be a plain value, not a list or mapping")
                continue
            key = _scalar(key_node) if path is None else self.clean(key_node, _scalar(key_node), path + ("(key)",))
            if key in lines:
                self._problem(key_node, f"duplicate key {key!r} (first at line {lines[key]})")
                continue
            lines[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, None if path is None else path + (key,))
        return result

    def clean(self, node: yaml.ScalarNode, value: Any, path: tuple) -> Any:
        """The value without control or invisible characters, each reported where it stands."""
        if not isinstance(value, str):
            return value
        found = chars.forbidden(value)
        if not found:
            return value
        m = node.start_mark
        for pos, ch in found[:3]:
            self.out.problems.append(Problem(self.out.path, m.line + 1, m.column + 1,
                f"character {chars.char_name(ch)} at position {pos} of this text is not allowed "
                "(control and invisible characters hide or reorder text); remove it"))
        if len(found) > 3:
            self.out.problems.append(Problem(self.out.path, m.line + 1, m.column + 1,
                f"{len(found) - 3} more control or invisible character(s) in this text; remove them"))
        self.out.tainted.add(path)
        return chars.strip(value)


def _point_at_first_alias(text: str, out: YamlFile) -> None:
    """Move the alias problem from the anchored value to the first alias (*name) that reuses it."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                m = event.start_mark
                for i, p in enumerate(out.problems):
                    if "aliases are not allowed" in p.message:
                        out.problems[i] = Problem(p.path, m.line + 1, m.column + 1, p.message)
                return
    except yaml.YAMLError:
        return


def _scalar(node: yaml.ScalarNode) -> Any:
    value = node.value
    if node.style or node.tag == _STR or node.tag == _TIMESTAMP:
        return value
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        low = value.lower()
        return {"true": True, "false": False}.get(low, value)
    if node.tag == _INT:
        digits = value.replace("_", "")
        for base in (10, 0):
            try:
                return int(digits, base)
            except ValueError:
                pass
        return value
    if node.tag == _FLOAT:
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


def locate(root: yaml.Node | None, loc: tuple) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest node that ``loc`` reaches."""
    if root is None:
        return None, None
    node = root
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and (k.value == part or _scalar(k) == part):
                    nxt = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                nxt = node.value[part]
        if nxt is None:
            break
        node = nxt
    m = node.start_mark
    return m.line + 1, m.column + 1
