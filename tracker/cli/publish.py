"""Commands that write a whole data product: publish (the static site) and synth (a synthetic data root, for
benchmarks and load tests).

Each command's options (``add_*``) sit right above the function that runs it (``cmd_*``).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..chars import printable
from ..dataset import DEFAULT_ROOT
from ..load import load
from .common import _as_of, _common, _day, _warn_problems


def _base_url(text: str) -> str:
    from urllib.parse import urlsplit
    shown = text if len(text) <= 100 else text[:100] + "…"
    bad = argparse.ArgumentTypeError(printable(
        f"{shown!r} is not a site address: give http(s)://host/path/ where the site will be served"))
    if len(text) > 2000 or not re.fullmatch(r"[A-Za-z0-9._~:/%!$&()*+,;=@\[\]-]+", text):
        raise bad  # no spaces, quotes or other characters that need escaping in a URL
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        raise bad  # a % that starts no %XX escape
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:  # a bracketed host that is no IP address, or a port out of range
        raise bad from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise bad
    if "@" in parts.netloc:
        raise argparse.ArgumentTypeError(printable(
            f"{shown!r} carries a user name or password, which would be published on every page"))
    if (not re.fullmatch(r"(?:\[[0-9A-Fa-f:.]+\]|[^\[\]:]+)(?::[0-9]{1,5})?", parts.netloc)
            or not _host(parts.hostname) or "[" in parts.path or "]" in parts.path or parts.port == 0):
        raise bad
    return text if text.endswith("/") else text + "/"


def _host(name: str) -> bool:
    """A host name (letters, digits, hyphens, dots between labels) or an IP address."""
    import ipaddress
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                            r"[A-Za-z0-9])?)*\.?", name) is not None


def add_publish(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("publish", help="write the static site: pages, feeds, API, data files and embeds")
    _common(p, several=True)
    p.add_argument("--as-of", type=_day, default=None, help="YYYY-MM-DD: the latest state shown (default: today)")
    p.add_argument("--out", type=Path, required=True,
                   help="folder for the site (new, empty, or a site published before, which is replaced)")
    p.add_argument("--base-url", type=_base_url, default=None,
                   help="the address the site will be served at, e.g. https://example.org/tracker/ "
                        "(absolute links in feeds and link previews; default: relative links)")
    p.add_argument("--releases", type=Path, default=None,
                   help="a folder of releases (made by `release`) to publish under releases/VERSION/; those the "
                        "site already holds are kept, and never rewritten")
    p.add_argument("--allow-problems", action="store_true",
                   help="publish even if the data has problems (their entries are left out)")
    p.add_argument("--index-title", default=None, metavar="TEXT",
                   help="with several --root: the title of the index page listing the plans "
                        "(default: 'Plans tracked here')")
    p.add_argument("--gzip", action="store_true",
                   help="also write a .gz beside each text file, for servers that send them as they are "
                        "(nginx gzip_static; deploy/site.nginx.conf uses them)")
    p.set_defaults(func=cmd_publish)


def _plan_of(args: argparse.Namespace, root: Path):
    """The root's data and the day to publish it as of, or an exit code after saying why not."""
    if not (root / "plan").is_dir():
        print(printable(f"error: no plan/ folder in {root}; --root must name a data root"), file=sys.stderr)
        return 1
    ds = load(root, args.texts)
    if ds.problems and not args.allow_problems:
        for p in ds.problems[:10]:
            print(p, file=sys.stderr)
        where = f" --root {root}" if len(args.roots) > 1 else ""
        more = (f" ({len(ds.problems) - 10} more: run `python -m tracker validate{where}`)"
                if len(ds.problems) > 10 else "")
        print(printable(f"error: the data{' of ' + str(root) if where else ''} has {len(ds.problems)} problem(s)"
                        f"{more}; a published site would leave the invalid entries out. Fix them, or publish anyway "
                        "with --allow-problems"), file=sys.stderr)
        return 1
    _warn_problems(ds, root)
    if ds.texts_dir is None:
        print(printable(f"note: article texts not found for {root}, so the evidence phrases were not checked against "
                        "their paragraphs (give --texts DIR or $TRACKER_TEXTS)"), file=sys.stderr)
    as_of = _as_of(args, ds)
    return 2 if as_of is None else (ds, as_of)


def _refused_options(args: argparse.Namespace) -> str | None:
    """Why the roots and options given do not go together, or None."""
    if len({r.resolve() for r in args.roots}) < len(args.roots):
        return "the same --root is given twice"
    if len(args.roots) > 1 and args.releases is not None:
        return "--releases publishes one plan's releases; publish several plans without it"
    if len(args.roots) == 1 and args.index_title is not None:
        return "--index-title names the index of several plans; give --root once per plan"
    if args.index_title is not None:
        import unicodedata
        args.index_title = args.index_title.strip()
        if not 0 < len(args.index_title) <= 200 or any(unicodedata.category(c).startswith("C")
                                                        for c in args.index_title):
            return "--index-title: give a title of 1 to 200 characters on one line, without control characters"
    return None


def _plans_fit(plans: list) -> bool:
    """Several plans in one site: each needs its plan read (for its folder and its card in the index);
    two plans with the same slug would share feed ids, which is said."""
    from ..site.several import folders
    for ds, _ in plans:
        if ds.plan is None:
            print(printable(f"error: the plan of {ds.root} could not be read (plan/plan.yaml); a site of several "
                            "plans needs each one's plan. Fix it (`python -m tracker validate --root "
                            f"{ds.root}`), or publish the others"), file=sys.stderr)
            return False
    slugs = [ds.plan.name_slug for ds, _ in plans]
    for slug, folder in zip(slugs, folders([ds for ds, _ in plans])):
        if slugs.count(slug) > 1:
            print(printable(f"note: {slugs.count(slug)} plans share the slug {slug!r}: this one goes in {folder}/, "
                            "but their feeds' ids are the same; give each plan its own `slug` in plan/plan.yaml"),
                  file=sys.stderr)
            break
    return True


def cmd_publish(args: argparse.Namespace) -> int:
    from ..site.build import publish
    from ..site.place import PublishError, SwappedThenInterrupted
    from ..site.several import DEFAULT_TITLE, publish_several
    args.roots = args.root or [DEFAULT_ROOT]
    refused = _refused_options(args)
    if refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    plans = []
    for root in args.roots:
        got = _plan_of(args, root)
        if isinstance(got, int):
            return got
        plans.append(got)
    if len(plans) > 1 and not _plans_fit(plans):
        return 1
    ds, as_of = plans[0]
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, stop)  # a killed publish cleans up as Ctrl-C does
    try:
        if len(plans) == 1:
            result = publish(ds, args.out, as_of, args.base_url, precompress=args.gzip, releases=args.releases)
        else:
            result = publish_several(plans, args.out, args.base_url, precompress=args.gzip,
                                     title=args.index_title or DEFAULT_TITLE)
    except (PublishError, OSError) as exc:
        print(printable(f"error: {exc}; nothing was changed"), file=sys.stderr)
        return 1
    except SwappedThenInterrupted:
        print(printable(f"error: publish was interrupted just as it finished: the new site is in place at {args.out}"),
              file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("error: publish was interrupted; the previous site, if any, is as it was", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if result.restored is not None:
        print(printable(f"note: a publish interrupted earlier had left the previous site aside in "
                        f"{result.restored}; it was put back before this one replaced it"), file=sys.stderr)
    for message in result.skipped:
        print(f"warning: {message}", file=sys.stderr)
    if not args.base_url:
        print("note: without --base-url the link-preview image and the feeds' links are relative; social sites "
              "need absolute addresses to show a preview", file=sys.stderr)
    _say_written(args, plans, result)
    return 1 if result.skipped else 0


def add_synth(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="write a synthetic, valid data root of N updates")
    p.add_argument("--updates", type=int, required=True, help="number of status updates")
    p.add_argument("--out", type=Path, required=True, help="folder to write (replaced if present)")
    p.add_argument("--seed", type=int, default=7)
    p.set_defaults(func=cmd_synth)


def cmd_synth(args: argparse.Namespace) -> int:
    from .. import synth
    out = synth.write(args.out, args.updates, args.seed)
    print(f"wrote {args.updates} updates to {out}", file=sys.stderr)
    return 0


def _say_written(args: argparse.Namespace, plans: list, result) -> None:
    from ..site.several import folders
    if len(plans) == 1:
        ds, as_of = plans[0]
        print(f"wrote {len(result.files)} files to {args.out} (as of {as_of}, data {ds.version})", file=sys.stderr)
        return
    for (ds, as_of), slug in zip(plans, folders([d for d, _ in plans])):
        print(printable(f"{ds.plan.short_title}: {args.out / slug} (as of {as_of}, data {ds.version})"),
              file=sys.stderr)
    print(f"wrote {len(result.files)} files to {args.out}: {len(plans)} plans and the index of them", file=sys.stderr)
