"""Synthetic but valid data at any scale, for benchmarks and load tests.

``python -m tracker synth --updates N --out DIR`` writes a complete root: the shipped plan,
points and actors, plus generated sources and status files of about 100 updates each
(the size of a busy reporting month), all of which ``validate --root DIR`` accepts.
"""
from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

from . import vocab
from .load import ACTORS_FILE, DEFAULT_ROOT, PLAN_FILE, POINTS_FILE

PER_FILE = 100
START = date(2025, 10, 3)
SPAN_DAYS = 330
WORDS = ("talks ceasefire captives aid crossing troops withdrawal committee board force police "
         "disarmament weapons reconstruction funding mediators guarantee border line strike "
         "monitoring report officials envoy agreement phase delay dispute").split()


def write(out: Path, updates: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    for rel in (PLAN_FILE, POINTS_FILE, ACTORS_FILE):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEFAULT_ROOT / rel, out / rel)
    actors = [a["id"] for a in yaml.safe_load((DEFAULT_ROOT / ACTORS_FILE).read_text())["actors"]]
    n_files = max(1, -(-updates // PER_FILE))
    sources = []
    for i in range(n_files):
        published = START + timedelta(days=SPAN_DAYS * i // n_files)
        sources.append({
            "id": f"synth-{i:05d}", "outlet": "Synthetic Wire", "label": f"Synthetic {i}",
            "headline": f"Synthetic report {i}", "kind": "wire", "published": published.isoformat(),
            "date_basis": "Generated.", "file": f"synth-{i:05d}.txt",
            "summary": "A generated report used to measure the tracker at scale."})
    (out / "seeds").mkdir(parents=True, exist_ok=True)
    _dump(out / "seeds" / "sources.yaml", {"sources": sources})
    (out / "status").mkdir(parents=True, exist_ok=True)
    levels = [t.id for t in vocab.LEVELS]
    momenta = [None] + [t.id for t in vocab.MOMENTUM]
    cats = [t.id for t in vocab.BLOCKER_CATEGORIES]
    left = updates
    for src in sources:
        published = date.fromisoformat(src["published"])
        items = []
        for n in range(min(PER_FILE, left)):
            day = published - timedelta(days=rng.randint(0, 3))
            u = {"id": f"u{n + 1}", "points": sorted(rng.sample(range(1, 21), rng.choice((1, 1, 1, 2)))),
                 "date": day.isoformat(), "level": rng.choice(levels)}
            m = rng.choice(momenta)
            if m:
                u["momentum"] = m
            u["note"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 40))).capitalize() + "."
            u["actors"] = rng.sample(actors, rng.randint(1, 4))
            if rng.random() < 0.4:
                bid = f"b{rng.randint(1, 40)}"  # one text per id, so no blocker restates another under a new id
                u["blockers"] = [{"id": bid, "text": " ".join(random.Random(bid).sample(WORDS, 8)).capitalize() + ".",
                                  "category": rng.choice(cats), "actors": rng.sample(actors, 1),
                                  "since": day.isoformat()}]
            u["evidence"] = [{"paragraph": rng.randint(1, 30), "phrase": " ".join(rng.sample(WORDS, 3))}
                             for _ in range(rng.randint(1, 3))]
            items.append(u)
        left -= len(items)
        _dump(out / "status" / f"{src['id']}.yaml", {"source": src["id"], "updates": items})
    return out


def _dump(path: Path, data: dict) -> None:
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                     allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")
