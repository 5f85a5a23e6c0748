"""The code's declared layers and limits, checked (ARCHITECTURE.md draws the map).

- no import cycle among the project's modules, imports inside functions included;
- the record's types and the log's rules (dataset, log) and the other leaves import nothing
  that reads or derives the record, so the validator and the derived views meet only there;
- tracker/ never imports Streamlit or views/;
- `import tracker.cli` stays light (no plotly, pandas, ruamel, jinja2);
- no module over 450 lines, no function over complexity 15, except the listed ones, which
  may only get smaller (a ratchet: lower a number when you improve one, never raise it).
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import REPO

MAX_LINES = 450
# Modules allowed past MAX_LINES, with why; the number is a ceiling.
LONG_MODULES: dict[str, tuple[int, str]] = {
}
MAX_COMPLEXITY = 15
# Functions allowed past MAX_COMPLEXITY (ruff's mccabe), with their ceiling.
COMPLEX_FUNCTIONS: dict[tuple[str, str], int] = {
}
# Modules that must import nothing of the project's but the modules listed.
LEAVES = {
    "tracker.dataset": {"tracker.model", "tracker.problems"},
    "tracker.log": {"tracker.dataset", "tracker.model"},
    "tracker.problems": {"tracker.chars"},
    "tracker.files": set(),
    "tracker.csvfile": set(),
    "tracker.yamlwrite": set(),
    "tracker.versions": set(),
    "tracker.licences": set(),
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted([*REPO.glob("tracker/**/*.py"), *REPO.glob("views/*.py"), REPO / "dashboard.py"]):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def type_only(tree: ast.Module) -> set[int]:
    """The import statements under `if TYPE_CHECKING:` (for annotations; never run)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING":
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports_of(name: str, path: Path) -> set[str]:
    """Every project module `name` imports when it runs, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            base = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


GRAPH = {name: imports_of(name, path) for name, path in MODULES.items()}


def test_the_import_graph_is_read():
    assert GRAPH["tracker.status"] >= {"tracker.dataset", "tracker.log"}
    assert "tracker.load.loader" in GRAPH["tracker.load"]


def test_no_import_cycle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            # a package importing its own submodules is its facade, not a cycle
            if len(component) > 1 and not all(c.startswith(v + ".") or c == v for c in component):
                cycles.append(sorted(component))

    for v in GRAPH:
        if v not in index:
            visit(v)
    assert cycles == []


def test_leaves_import_only_what_they_declare():
    for leaf, allowed in LEAVES.items():
        assert GRAPH[leaf] <= allowed, f"{leaf} imports {sorted(GRAPH[leaf] - allowed)}"


def test_the_core_never_imports_the_ui():
    for name, path in MODULES.items():
        if not name.startswith("tracker"):
            continue
        assert not any(t.startswith("views") or t == "dashboard" for t in GRAPH[name]), name
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
        assert "streamlit" not in names, name


def test_the_command_line_starts_light():
    code = ("import sys, tracker.cli; "
            "print([m for m in ('plotly', 'pandas', 'ruamel', 'jinja2', 'streamlit') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_modules_stay_small():
    too_long = {}
    for path in MODULES.values():
        rel = str(path.relative_to(REPO))
        n = len(path.read_text(encoding="utf-8").splitlines())
        ceiling = LONG_MODULES.get(rel, (MAX_LINES, ""))[0]
        if n > ceiling:
            too_long[rel] = n
    assert too_long == {}, f"over {MAX_LINES} lines (split by concept, or list with a reason): {too_long}"


def test_complexity_only_gets_better():
    ruff = [sys.executable, "-m", "ruff", "check", "--select", "C901", "--output-format", "json",
            "--config", f"lint.mccabe.max-complexity={MAX_COMPLEXITY}", "tracker", "views", "dashboard.py"]
    out = subprocess.run(ruff, cwd=REPO, capture_output=True, text=True, timeout=120)
    found = {}
    for item in json.loads(out.stdout or "[]"):
        func = item["message"].split("`")[1]
        found[(str(Path(item["filename"]).relative_to(REPO)), func)] = int(item["message"].split("(")[1].split()[0])
    over = {k: v for k, v in found.items() if v > COMPLEX_FUNCTIONS.get(k, MAX_COMPLEXITY)}
    assert over == {}, f"complexity over the ratchet: {over}"
    better = {k: (COMPLEX_FUNCTIONS[k], found.get(k, "<= 15")) for k in COMPLEX_FUNCTIONS if found.get(k) != COMPLEX_FUNCTIONS[k]}
    assert better == {}, f"improved: lower these in COMPLEX_FUNCTIONS (ratchet, listed then found): {better}"


@pytest.mark.parametrize("name", ["tracker.dataset", "tracker.log"])
def test_the_shared_record_types_do_not_reach_back(name):
    assert not {"tracker.load", "tracker.status"} & GRAPH[name]
