"""Review: a second reading of the updates no round has read yet, each beside its article.
The reader rates first; the coder's rating is shown only after. Saving appends to a review
round file in reviews/ (only when the app was started with TRACKER_ALLOW_WRITES=1)."""
import streamlit as st

from tracker import dates, editing, reviewing, vocab
from tracker.agreement import agreement
from tracker.safe_text import md
from views import common

view = common.current()
ds = view.ds
root = common.data_root()

st.title("Second reading")
waiting = reviewing.queue(ds)
a = agreement(ds)
st.caption(f"{a.reviewed} of {a.updates} updates read a second time; {len(waiting)} waiting. Levels agree "
           + (f"{a.agreement:.0%}" if a.agreement is not None else "—") + " on the first reading of each.")
writes = editing.writes_allowed()
if not writes:
    st.info(f"Read-only: saving is off (start the app with {editing.WRITE_ENV}=1 to save). The form still gives "
            "the YAML to paste into a review round file.", icon=":material/lock:")
if not waiting:
    st.success("Every update has had a second reading.")
    st.stop()

left, right = st.columns(2)
round_id = left.text_input("Review round (file name in reviews/)", key="rev_round",
                           value=f"second-reading-{dates.today().isoformat()}")
reviewer = right.text_input("Your handle", key="rev_reviewer")
entry = st.selectbox("Update to read", waiting, key="rev_update",
                     format_func=lambda e: f"{e.ref} · point(s) {', '.join(map(str, e.update.points))} · "
                                           f"{dates.short(e.date)}")
src = ds.sources.get(entry.source)
st.markdown(f"**{md(src.label if src else entry.source)}**, {dates.short(src.published) if src else ''}: what does "
            f"it say about point(s) {', '.join(f'{p}. {md(ds.points[p].title)}' for p in entry.update.points)}?")
cited = {ev.paragraph for ev in entry.update.evidence if (ev.source or entry.source) == entry.source}
paras = ds.articles.get(entry.source)
if paras:
    with st.container(height=360):
        for n, text in enumerate(paras, start=1):
            st.markdown(("**¶%d (cited)** " if n in cited else "¶%d ") % n + md(text))
else:
    st.caption("The article text is not on this machine: read it at its address. Cited paragraphs: "
               + ", ".join(map(str, sorted(cited))))
    if src and src.url:
        st.markdown(f"[Open the article]({common.link(src.url)})")

c1, c2 = st.columns(2)
your_level = c1.selectbox("Your level", vocab.ids(vocab.LEVELS), index=None, key=f"rev_level_{entry.ref}",
                          format_func=lambda t: vocab.LEVEL[t].label, placeholder="Rate it first")
your_momentum = c2.selectbox("Your momentum", [None, *vocab.ids(vocab.MOMENTUM)], key=f"rev_momentum_{entry.ref}",
                             format_func=lambda t: "none reported" if t is None else vocab.MOMENTUM_BY_ID[t].label)
if your_level is None:
    st.caption("The coder's rating and note are shown once you have given yours.")
    st.stop()

u = entry.update
st.markdown(f"**The coder's rating:** {common.level_label(u.level)}, momentum {common.momentum_word(u.momentum)}. "
            f"Note: {md(u.note)}")
agree = st.checkbox("I accept the rating as it is", key=f"rev_agree_{entry.ref}",
                    value=your_level == u.level and your_momentum == u.momentum)
comment = st.text_area("Your reading, in your own words", key=f"rev_comment_{entry.ref}")
item = reviewing.review_item(entry, your_level, your_momentum, agree, comment)
st.code(item, language="yaml")
if st.button("Save to the review round", key="rev_save", disabled=not writes or not reviewer.strip(),
             type="primary", help=None if reviewer.strip() else "Give your handle first"):
    try:
        result = reviewing.append_review(root, round_id, reviewer.strip(), item)
    except editing.EditError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        st.stop()
    if result.written:
        st.success(f"Saved to reviews/{result.path.name} at line {result.line}; the queue moves on at the next click.")
    else:
        st.error("Not saved: " + md("; ".join(str(p) for p in result.problems)), icon=":material/error:")
