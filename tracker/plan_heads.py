"""Which plan each data root holds, read from its plan/plan.yaml alone (no status file is read):
its folder name in a site or a dashboard of several plans (the tracker's slug, made unique) and
its short title, for a plan picker or an index of plans."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .dataset import PLAN_FILE


@dataclass(frozen=True)
class PlanHead:
    root: Path
    slug: str  # unique among the roots given
    short_title: str
    name: str  # the tracker's name (Plan.name)


# names a site of several plans uses itself, beside the plans' folders
RESERVED = frozenset({"assets", "plans.json", "index.html"})


def unique(bases: list[str], taken: frozenset[str] = RESERVED) -> list[str]:
    """The names made unique in the order given: a repeated one gets "-2", "-3"; one of `taken`
    gets "-plan" first."""
    out: list[str] = []
    for base in bases:
        base = base + "-plan" if base in taken else base
        name, n = base, 1
        while name in out:
            n += 1
            name = f"{base}-{n}"
        out.append(name)
    return out


def read_heads(roots: list[Path]) -> list[PlanHead]:
    """Each root's plan, in the order given. A plan file that cannot be read is named after its
    folder (loading it will say what is wrong)."""
    from pydantic import ValidationError

    from .model import Plan
    from .yamlsafe import read_yaml
    found = []
    for root in roots:
        try:
            plan = Plan.model_validate(read_yaml(Path(root) / PLAN_FILE).data)
            found.append((plan.name_slug, plan.short_title, plan.name))
        except ValidationError:  # read_yaml reports what it cannot read, and leaves no data
            folder = Path(root).resolve().name or "plan"
            found.append((re.sub(r"[^a-z0-9]+", "-", folder.lower()).strip("-") or "plan", folder, folder))
    slugs = unique([slug for slug, _, _ in found])
    return [PlanHead(Path(root), slug, short, name) for root, slug, (_, short, name) in zip(roots, slugs, found)]
