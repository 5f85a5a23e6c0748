"""Sources: the article registry and what each article changed."""
import streamlit as st

from tracker import dates
from tracker.safe_text import md
from views import common

view = common.current()
ds = view.ds

st.title("Sources")
st.caption("Every status update cites an article, a paragraph and a key phrase. The article texts "
           "are not part of the project; paragraph N is the N-th non-empty line of the text.")
for src in sorted(ds.sources.values(), key=lambda s: s.published):
    entries = [e for e in ds.entries if e.source == src.id]
    points = sorted({p for e in entries for p in e.update.points})
    with st.expander(f"{dates.short(src.published)} · {md(src.label)} · {len(entries)} update(s)",
                     expanded=src.published <= view.as_of and src is not None):
        st.markdown(f"**{md(src.headline)}**")
        st.caption(md(f"{src.outlet}" + (f" · {src.author}" if src.author else "")
                      + f" · id {src.id} · file {src.file}"))
        st.markdown(md(src.summary))
        st.markdown("*Date:* " + md(src.date_basis))
        st.markdown("*Points it updates:* " + ", ".join(str(p) for p in points))
        for e in sorted(entries, key=lambda e: e.date):
            u = e.update
            st.markdown(f"- **{', '.join(map(str, u.points))}** ({u.date:%d %b}, "
                        f"{common.level_label(u.level)}): {md(u.note)}")
