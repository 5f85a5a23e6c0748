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
    _common(p)
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
    p.add_argument("--gzip", action="store_true",
                   help="also write a .gz beside each text file, for servers that send them as they are "
                        "(nginx gzip_static; deploy/site.nginx.conf uses them)")
    p.set_defaults(func=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    from ..site.build import publish
    from ..site.place import PublishError, SwappedThenInterrupted
    if not (args.root / "plan").is_dir():
        print(f"error: no plan/ folder in {args.root}; --root must name a data root", file=sys.stderr)
        return 1
    ds = load(args.root, args.texts)
    if ds.problems and not args.allow_problems:
        for p in ds.problems[:10]:
            print(p, file=sys.stderr)
        more = f" ({len(ds.problems) - 10} more: run `python -m tracker validate`)" if len(ds.problems) > 10 else ""
        print(f"error: the data has {len(ds.problems)} problem(s){more}; a published site would leave the invalid "
              "entries out. Fix them, or publish anyway with --allow-problems", file=sys.stderr)
        return 1
    _warn_problems(ds, args.root)
    as_of = _as_of(args, ds)
    if as_of is None:
        return 2
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt
    previous = signal.signal(signal.SIGTERM, stop)  # a killed publish cleans up as Ctrl-C does
    try:
        result = publish(ds, args.out, as_of, args.base_url, precompress=args.gzip, releases=args.releases)
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
    print(f"wrote {len(result.files)} files to {args.out} (as of {as_of}, data {ds.version})", file=sys.stderr)
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
