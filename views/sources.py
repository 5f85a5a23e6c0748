"""Sources: the article registry by month, with links, and what each article changed."""
from itertools import groupby

import streamlit as st

from tracker import dates
from tracker.safe_text import md
from views import common

view = common.current()
ds = view.ds

st.title("Sources")
st.caption("Every status update cites an article, a paragraph and a key phrase. The article texts "
           "are not part of the project; paragraph N is the N-th non-empty line of the text.")
by_source: dict[str, list] = {}
for e in ds.entries:
    by_source.setdefault(e.source, []).append(e)
ordered = sorted(ds.sources.values(), key=lambda s: (s.published, s.id), reverse=True)
st.markdown(f"**{len(ordered)} reports**, newest first, grouped by month of publication.")
for _month, group in groupby(ordered, key=lambda s: (s.published.year, s.published.month)):
    group = list(group)
    st.subheader(f"{group[0].published:%B %Y} ({len(group)} report{'s' if len(group) > 1 else ''})")
    for src in group:
        entries = by_source.get(src.id, [])
        points = sorted({p for e in entries for p in e.update.points})
        label = f"{dates.short(src.published)} · {md(src.label)} · {len(entries)} update(s)"
        with st.expander(label, expanded=False):
            head = f"[{md(src.headline)}]({common.link(src.url)})" if src.url else f"**{md(src.headline)}**"
            st.markdown(head)
            st.caption(md(f"{src.outlet}" + (f" · {src.author}" if src.author else "") + f" · id {src.id}"))
            links = []
            if src.url:
                links.append(f"[article]({common.link(src.url)})")
            else:
                links.append("web address not known")
            if src.archive_url:
                links.append(f"[archived copy]({common.link(src.archive_url)})")
            st.markdown(" · ".join(links))
            st.markdown(md(src.summary))
            st.markdown("*Date:* " + md(src.date_basis))
            st.markdown("*Points it updates:* " + (", ".join(str(p) for p in points) or "none yet"))
            for e in sorted(entries, key=lambda e: e.date):
                u = e.update
                st.markdown(f"- **{', '.join(map(str, u.points))}** ({u.date:%d %b}, "
                            f"{common.level_label(u.level)}): {md(u.note)}")
