"""Where benchmark tables are written down: docs/benchmarks.md, one marked section each."""
from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(name: str, title: str, body: str) -> None:
    """Replace the text between <!-- name:start --> and <!-- name:end --> (added under
    `title` when missing), leaving the rest of the document as it is."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    doc = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    if start not in doc:
        doc = doc.rstrip("\n") + f"\n\n## {title}\n\n{start}\n{end}\n"
    head, _, rest = doc.partition(start)
    _, _, tail = rest.partition(end)
    DOC.write_text(head + start + "\n" + body.strip("\n") + "\n" + end + tail)
