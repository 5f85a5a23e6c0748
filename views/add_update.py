"""Add update: a form that produces a status update, shows its YAML and every problem, and
saves it safely when the operator allows writing."""
import streamlit as st

from tracker import editing, ingest, vocab
from tracker.safe_text import md
from views import common

view = common.current()
ds = view.ds
root = common.data_root()

st.title("Add an update")
writes = editing.writes_allowed()
if not writes:
    st.info("This dashboard is read-only: saving is off. The form still gives you the YAML to download "
            f"or paste into a pull request. To save from here, start the app with {editing.WRITE_ENV}=1.",
            icon=":material/lock:")

sources = sorted(ds.sources.values(), key=lambda s: s.published, reverse=True)
if not sources:
    st.warning("No source is registered yet: add one with `python -m tracker new-source`.")
    st.stop()
src_id = st.selectbox("Source article", [s.id for s in sources], key="add_source",
                      format_func=lambda i: f"{ds.sources[i].label}, {ds.sources[i].published}")
src = ds.sources[src_id]
path = editing.status_path(root, src_id)
rel = f"status/{path.name}"
opened_key = f"opened-{src_id}"
if opened_key not in st.session_state:  # what the file was when this form was opened
    st.session_state[opened_key] = editing.digest(path)

with st.expander("Draft from an article's text (ingest)", icon=":material/auto_awesome:"):
    st.caption("Paste or upload the article as plain text. The tracker proposes updates for the points it "
               "finds, with how sure it is of each field; nothing is saved until you write it up below.")
    uploaded = st.file_uploader("Article text (.txt)", type=["txt"], key="ingest_file")
    pasted = st.text_area("…or paste it here", key="ingest_text", height=150)
    article = uploaded.getvalue().decode("utf-8", errors="replace") if uploaded else pasted
    if article.strip():
        draft = ingest.ingest(ds, article, src_id)
        st.code(ingest.report(draft, ds), language=None, wrap_lines=True)
        body = ingest.to_yaml(draft, ds)
        st.code(body, language="yaml")
        st.download_button("Download the draft", body, file_name=f"{src_id}.draft.yaml", mime="text/yaml",
                           key="ingest_download", icon=":material/download:", on_click="ignore")

points = st.multiselect("Points", sorted(ds.points), key="add_points",
                        format_func=lambda p: f"{p}. {ds.points[p].title}")
first, _ = ds.date_range()
left, mid, right = st.columns(3)
day = left.date_input("Date of the event or report", value=src.published, min_value=first,
                      max_value=src.published, key="add_date", format="YYYY-MM-DD")
level = mid.selectbox("Level", vocab.ids(vocab.LEVELS), key="add_level",
                      format_func=lambda t: vocab.LEVEL[t].label)
momentum = right.selectbox("Momentum", [None, *vocab.ids(vocab.MOMENTUM)], key="add_momentum",
                           format_func=lambda t: "none reported" if t is None else vocab.MOMENTUM_BY_ID[t].label)
note = st.text_area("Note: what the article reports, in your own words", key="add_note")
actors = st.multiselect("Actors engaged", sorted(ds.actors, key=lambda a: ds.actors[a].name), key="add_actors",
                        format_func=view.actor_name)

indicators = {}
defined = [(p, i) for p in points for i in ds.points[p].indicators]
if defined:
    st.markdown("**Indicators** (leave empty when the article gives no figure)")
    for p, ind in defined:
        value = st.number_input(f"{ind.name} (point {p}, target {ind.target:g})", min_value=0.0, value=None,
                                key=f"add_ind_{p}_{ind.id}")
        if value is not None:
            indicators[ind.id] = value

st.markdown("**Blockers**")
blockers = []
for i in range(int(st.number_input("How many blockers", 0, 10, 0, key="add_n_blockers"))):
    c1, c2, c3 = st.columns([1, 3, 1])
    bid = c1.text_input("Id", key=f"add_b_id_{i}", placeholder="e.g. crossings-closed")
    text = c2.text_input("Blocker", key=f"add_b_text_{i}")
    cat = c3.selectbox("Category", vocab.ids(vocab.BLOCKER_CATEGORIES), key=f"add_b_cat_{i}",
                       format_func=lambda t: vocab.CATEGORY[t].label)
    c4, c5, c6 = st.columns([3, 1, 1])
    held = c4.multiselect("Held by", sorted(ds.actors), key=f"add_b_actors_{i}", format_func=view.actor_name)
    since = c5.date_input("Since", value=None, key=f"add_b_since_{i}", format="YYYY-MM-DD")
    resolved = c6.date_input("Resolved", value=None, key=f"add_b_resolved_{i}", format="YYYY-MM-DD")
    blockers.append({"id": bid, "text": text, "category": cat, "actors": held,
                     "since": since.isoformat() if since else None,
                     "resolved": resolved.isoformat() if resolved else None})

st.markdown("**Evidence**: the paragraph number (N-th non-empty line) and a few words found in it")
evidence = []
paras = ds.articles.get(src_id)
for i in range(int(st.number_input("How many pieces of evidence", 1, 10, 1, key="add_n_evidence"))):
    c1, c2 = st.columns([1, 4])
    n = c1.number_input("Paragraph", 1, 999, 1, key=f"add_e_par_{i}")
    phrase = c2.text_input("Key phrase", key=f"add_e_phrase_{i}")
    evidence.append({"paragraph": int(n), "phrase": phrase})
    if paras and n <= len(paras):
        st.caption("¶" + str(n) + ": " + md(paras[n - 1]))

update = {"points": points, "date": day.isoformat(), "level": level, "momentum": momentum, "note": note,
          "indicators": indicators, "actors": actors, "blockers": blockers, "evidence": evidence}
snippet = editing.render_update(update)
try:
    full_text, line = editing.with_update(root, src_id, update)
except Exception as exc:  # noqa: BLE001 - the file on disk is broken; say so instead of crashing
    st.error(f"`{rel}` cannot be read as YAML, so nothing can be added to it until it is fixed: "
             f"{md(str(exc).splitlines()[0])}")
    st.stop()
problems = editing.check_candidate(root, {rel: full_text})

st.subheader("The YAML it will add")
st.caption(f"Appended to `{rel}` at line {line}.")
st.code(snippet, language="yaml")
if problems:
    st.error(f"{len(problems)} problem(s) to fix before saving:", icon=":material/error:")
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)
else:
    st.success("No problem found: the update is valid.", icon=":material/check_circle:")

c1, c2 = st.columns(2)
if c1.button("Save to " + rel, type="primary", disabled=not writes or bool(problems), key="add_save",
             help=None if writes else f"Saving is off; set {editing.WRITE_ENV}=1 to allow it."):
    try:
        result = editing.append_update(root, src_id, update, st.session_state[opened_key])
    except editing.ConcurrentEdit as exc:
        st.error(str(exc), icon=":material/sync_problem:")
    else:
        if result.written:
            st.session_state[opened_key] = editing.digest(path)
            st.success(f"Saved to {rel} at line {result.line}. The dashboard shows it on the next click.")
        else:
            st.error("Not saved: " + "; ".join(str(p) for p in result.problems))
c2.download_button("Download the updated status file", full_text, file_name=path.name, mime="text/yaml",
                   key="add_download", icon=":material/download:", on_click="ignore")
