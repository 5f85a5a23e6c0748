"""Add update: a form that produces a status update, shows its YAML and every problem, and
saves it safely when the operator allows writing."""
import hashlib

import streamlit as st

from tracker import dates, editing, ingest, vocab
from tracker.safe_text import md
from tracker.status import status_as_of
from views import common

# Streamlit shows a None held in Session State as "Choose an option": no momentum gets a value of its own
NO_MOMENTUM = "none"
# The longest text the page drafts: ingest reads 100,000 characters of any kind in well under a
# second (docs/benchmarks.md), so no paste holds the server, and every reader, for long.
APP_MAX_ARTICLE = 100_000

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
registered_last = list(ds.sources)[-1]  # seeds/sources.yaml in file order: the one just registered
src_id = st.selectbox("Source article", [s.id for s in sources], key="add_source",
                      index=[s.id for s in sources].index(registered_last),
                      format_func=lambda i: f"{ds.sources[i].label}, {ds.sources[i].published}")
src = ds.sources[src_id]
path = editing.status_path(root, src_id)
rel = f"status/{path.name}"
opened_key = f"opened-{src_id}"
if opened_key not in st.session_state:  # what the file was when this form was opened
    try:
        st.session_state[opened_key] = editing.digest(path)
    except editing.EditError as exc:  # a folder, a link or a pipe where the status file should be
        st.error(md(str(exc)), icon=":material/error:")
        st.stop()



def use_draft(d, day) -> None:
    """Fill the form from one draft update (a callback: it runs before the form is drawn)."""
    ss = st.session_state
    ss["add_points"] = [d.point]
    if day is not None:
        ss["add_date"] = day
    ss["add_level"], ss["add_momentum"] = d.level, d.momentum or NO_MOMENTUM
    ss["add_actors"] = [a for a in d.actors if a in ds.actors]
    ss["add_n_evidence"] = len(d.evidence)
    for i, ev in enumerate(d.evidence):
        ss[f"add_e_par_{i}"], ss[f"add_e_phrase_{i}"] = ev["paragraph"], ev["phrase"]
    for key, value in d.indicators.items():
        ss[f"add_ind_{d.point}_{key}"] = float(value)
    for bid in d.resolves:
        ss[f"add_resolve_{d.point}_{bid}"] = True
    ss["add_note"] = ""  # the note is the analyst's own words
    ss["_drafted"] = f"Form filled from the draft for point {d.point}: check each field and write the note."


with st.expander("Draft from the article (ingest)", icon=":material/auto_awesome:",
                 expanded="_drafted" not in st.session_state):
    registered = ds.texts_dir / src.file if ds.texts_dir and src_id in ds.articles else None
    st.caption("The tracker reads the article and proposes an update for each point it reports on, with its "
               "reasons. Use one to fill the form, then check every field and write the note in your words.")
    uploaded = st.file_uploader("Another text (.txt)", type=["txt"], key="ingest_file")
    pasted = st.text_area("…or paste one here", key="ingest_text", height=100, max_chars=APP_MAX_ARTICLE,
                          help=f"At most {APP_MAX_ARTICLE:,} characters here (a long article has 30,000); for a "
                               "longer text use `python -m tracker ingest`.")
    if uploaded and uploaded.size > 4 * APP_MAX_ARTICLE:
        article, where = "", ""
        st.error(f"The file is {uploaded.size:,} bytes; the page drafts texts of at most {APP_MAX_ARTICLE:,} "
                 "characters. Keep the report itself, or use `python -m tracker ingest`.", icon=":material/error:")
    elif uploaded:
        article, where = uploaded.getvalue().decode("utf-8", errors="replace"), "the uploaded text"
    elif pasted.strip():
        article, where = pasted, "the pasted text"
    elif registered is not None:
        article, where = registered.read_text(encoding="utf-8", errors="replace"), f"the registered text `{src.file}`"
    else:
        article, where = "", ""
    if len(article) > APP_MAX_ARTICLE:
        st.error(f"{where.capitalize()} is {len(article):,} characters; the page drafts at most {APP_MAX_ARTICLE:,} "
                 "(so that drafting never slows the dashboard for other readers). Keep the report itself, or use "
                 "`python -m tracker ingest`.", icon=":material/error:")
        article = ""
    if article.strip():
        memo = (ds.version, src_id, hashlib.sha256(article.encode()).hexdigest())
        if st.session_state.get("_draft_memo", (None,))[0] != memo:  # drafted once per text, not on every rerun
            st.session_state["_draft_memo"] = (memo, ingest.ingest(ds, article, src_id))
        draft = st.session_state["_draft_memo"][1]
        st.caption(f"Drafted from {where}: {len(draft.points)} point(s); date {draft.date.day} "
                   f"({md(draft.date.how)}).")
        for n, d in enumerate(draft.points):
            c1, c2 = st.columns([5, 1])
            mom = f", {d.momentum}" if d.momentum else ""
            c1.markdown(f"**{d.point}. {md(ds.points[d.point].title)}**: {common.level_label(d.level)}{md(mom)}  \n"
                        + md("; ".join(d.reasons)))
            c2.button("Use this draft", key=f"use_draft_{n}", on_click=use_draft, args=(d, draft.date.day))
        if draft.mentioned:
            st.caption("Also mentioned, not drafted (named too little, or only by the deal's name): " + "; ".join(
                f"{pid}. {md(ds.points[pid].title)} (paragraph {para}: “{md(words)}”)"
                for pid, para, words in draft.mentioned))
        body = ingest.to_yaml(draft, ds)
        st.download_button("Download the whole draft (YAML)", body, file_name=f"{src_id}.draft.yaml",
                           mime="text/yaml", key="ingest_download", icon=":material/download:", on_click="ignore")
    else:
        st.caption("No text: the article's text is not in the texts folder; upload or paste it.")
if "_drafted" in st.session_state:
    st.info(st.session_state["_drafted"], icon=":material/auto_awesome:")

points = st.multiselect("Points", sorted(ds.points), key="add_points",
                        format_func=lambda p: f"{p}. {ds.points[p].title}")
first, _ = ds.date_range()
left, mid, right = st.columns(3)
latest_day = max(first, src.published)
if not first <= st.session_state.get("add_date", latest_day) <= latest_day:  # another source was chosen
    st.session_state.pop("add_date", None)
st.session_state.setdefault("add_date", latest_day)  # set once here, so a draft may set it too (no value=)
day = left.date_input("Date of the event or report", min_value=first, max_value=latest_day, key="add_date",
                      format="YYYY-MM-DD")
current = {s.id: s for s in status_as_of(ds, day)}
now = current.get(points[0]) if points else None
# Level and momentum start at the point's values as of the date, and follow the point and
# date chosen until the analyst changes them.
defaults = (("add_level", now.level if now else "not_initiated"),
            ("add_momentum", (now.momentum if now else None) or NO_MOMENTUM))
for key, value in defaults:
    auto = f"_auto_{key}"
    if key not in st.session_state or st.session_state[key] == st.session_state.get(auto):
        st.session_state[key] = value
    st.session_state[auto] = value
level = mid.selectbox("Level", vocab.ids(vocab.LEVELS), key="add_level",
                      format_func=lambda t: vocab.LEVEL[t].label)
momentum = right.selectbox("Momentum", [NO_MOMENTUM, *vocab.ids(vocab.MOMENTUM)], key="add_momentum",
                           format_func=lambda t: "none reported" if t == NO_MOMENTUM else vocab.MOMENTUM_BY_ID[t].label,
                           help="Left at 'none reported', the point shows no momentum from this update on.")
momentum = None if momentum == NO_MOMENTUM else momentum
note = st.text_area("Note: what the article reports, in your own words", key="add_note")
why_col, sure_col = st.columns([3, 1])
rationale = why_col.text_input("Rationale: why this level, in a sentence", key="add_rationale")
sure = vocab.by_id(vocab.CONFIDENCE)
confidence = sure_col.selectbox("Confidence", [None, *sure], key="add_confidence",
                                format_func=lambda t: "not given" if t is None else sure[t].label)
actors = st.multiselect("Actors engaged", sorted(ds.actors, key=lambda a: ds.actors[a].name), key="add_actors",
                        format_func=view.actor_name)

confirmations = []
if now is not None:
    before, after = vocab.rank(now.level), vocab.rank(level)
    if before is not None and after is not None and after < before:
        confirmations.append(f"The level goes down, from {common.level_label(now.level)} to "
                             f"{common.level_label(level)}: the article must report a reversal.")
    if now.momentum and not momentum:
        confirmations.append(f"The momentum is dropped ({common.momentum_word(now.momentum)} → none): from this "
                             "update on the point shows no momentum.")

indicators: dict = {}
claims: dict = {}  # milestone or indicator id -> the party whose claim it rests on
whose = lambda a: "stated as fact" if a is None else f"claimed by {view.actor_name(a)}"  # noqa: E731
defined = [(p, i) for p in points for i in ds.points[p].indicators]
if defined:
    st.markdown("**Indicators** (leave empty when the article gives no figure)")
    for p, ind in defined:
        value_col, claim_col = st.columns([3, 2])
        value = value_col.number_input(f"{ind.name} (point {p}, target {ind.target:g})", min_value=0.0, value=None,
                                       key=f"add_ind_{p}_{ind.id}")
        claimant = claim_col.selectbox("Whose figure?", [None, *sorted(ds.actors)], key=f"add_ic_{p}_{ind.id}",
                                       format_func=whose)
        if value is not None:
            indicators[ind.id] = value
            if claimant:
                claims[ind.id] = claimant

milestones: dict = {}
owed = [(p, m) for p in points for m in ds.points[p].milestones]
if owed:
    st.markdown("**Milestones** (leave at 'not reported' unless the article says where one stands)")
    states = [None, *vocab.ids(vocab.MILESTONE_STATES)]
    label = lambda t: "not reported" if t is None else vocab.MILESTONE_STATE[t].label  # noqa: E731
    for p, m in owed:
        left_col, right_col, claim_col = st.columns([3, 2, 2])
        state = left_col.selectbox(f"{md(m.text)} (point {p}, owed by {', '.join(map(view.actor_name, m.actors))})",
                                   states, key=f"add_m_{p}_{m.id}", format_func=label)
        claimant = claim_col.selectbox("Whose claim?", [None, *sorted(ds.actors)], key=f"add_mc_{p}_{m.id}",
                                       format_func=whose)
        own = {}
        if len(m.actors) > 1:  # a state per party, where the article tells them apart
            for a in m.actors:
                given = right_col.selectbox(f"{view.actor_name(a)} alone", states, key=f"add_mp_{p}_{m.id}_{a}",
                                            format_func=label)
                if given is not None:
                    own[a] = given
        if own:
            milestones[m.id] = own
        elif state is not None:
            milestones[m.id] = state
        if claimant and m.id in milestones:
            claims[m.id] = claimant
facts = [(p, "milestone", m.id, m.text) for p, m in owed] + [(p, "indicator", i.id, i.name) for p, i in defined]
if facts:
    confirms_facts = st.multiselect(
        "Confirmed still so, with no new state or figure", [f[2] for f in facts], key="add_reconfirm",
        format_func=lambda x: next(f"{t} ({k}, point {p})" for p, k, i, t in facts if i == x),
        help="Milestones or indicators the article confirms as they stand: their last report gets this date.")
else:
    confirms_facts = []

st.markdown("**Blockers**")
active = [b for pid in points if pid in current for b in current[pid].blockers]
resolves = []
confirms = []
if active:
    st.caption(f"Active on the chosen point(s) as of {dates.short(day)}: tick those the article reports resolved, "
               "or that it says still hold (a confirmation keeps the blocker from being shown as unconfirmed).")
    for b in active:
        resolved_col, holds_col = st.columns([3, 1])
        if resolved_col.checkbox(f"Resolved: {md(b.blocker.text)} (point {b.point}, since {dates.short(b.since)}, "
                                 f"last reported {dates.short(b.confirmed)})",
                                 key=f"add_resolve_{b.point}_{b.blocker.id}"):
            resolves.append(b.blocker.id)
        elif holds_col.checkbox("Still holds", key=f"add_holds_{b.point}_{b.blocker.id}"):
            confirms.append(b.blocker.id)
elif points:
    st.caption("No blocker is active on the chosen point(s) as of this date.")
blockers = []
# what a new blocker may wait for: a milestone met, an indicator at its target, another blocker resolved
causes = ([("milestone", p, m.id) for p, m in owed] + [("indicator", p, i.id) for p, i in defined] +
          [("blocker", b.point, b.blocker.id) for b in active])
cause_label = lambda c: "its cause is not stated" if c is None else f"{c[0]} {c[2]} (point {c[1]}) is done"  # noqa: E731
for i in range(int(st.number_input("New blockers", 0, 10, 0, key="add_n_blockers"))):
    c1, c2, c3 = st.columns([1, 3, 1])
    bid = c1.text_input("Id", key=f"add_b_id_{i}", placeholder="e.g. crossings-closed")
    text = c2.text_input("Blocker", key=f"add_b_text_{i}")
    cat = c3.selectbox("Category", vocab.ids(vocab.BLOCKER_CATEGORIES), index=None, key=f"add_b_cat_{i}",
                       placeholder="Choose…", format_func=lambda t: vocab.CATEGORY[t].label)
    c4, c5, c6 = st.columns([3, 1, 1])
    held = c4.multiselect("Held by", sorted(ds.actors), key=f"add_b_actors_{i}", format_func=view.actor_name)
    since = c5.date_input("Since", value=None, key=f"add_b_since_{i}", format="YYYY-MM-DD")
    resolved = c6.date_input("Resolved", value=None, key=f"add_b_resolved_{i}", format="YYYY-MM-DD")
    c7, c8, c9 = st.columns([2, 2, 1])
    cause = c7.selectbox("Ends when", [None, *causes], key=f"add_b_until_{i}", format_func=cause_label,
                         help="What the blocker waits for: it ends, by itself, on the day that is reported.")
    why = c8.text_input("The cause, in your words", key=f"add_b_why_{i}", disabled=cause is None,
                        placeholder="e.g. until the last step is done")
    restates = c9.selectbox("Restates", [None, *sorted({b.blocker.id for b in active})], key=f"add_b_same_{i}",
                            format_func=lambda b: "a new blocker" if b is None else b,
                            help="This is an active blocker said again in other words: it is kept under that id.")
    blockers.append({"id": bid, "text": text, "category": cat, "actors": held,
                     "since": since.isoformat() if since else None,
                     "resolved": resolved.isoformat() if resolved else None,
                     "until": {"point": cause[1], cause[0]: cause[2], "text": why} if cause else None,
                     "same_as": restates})

st.markdown("**Evidence**: the paragraph number (N-th non-empty line) and a few words found in it")
evidence = []
paras = ds.articles.get(src_id)
st.session_state.setdefault("add_n_evidence", 1)  # a draft may set it: no default value beside Session State
for i in range(int(st.number_input("How many pieces of evidence", 1, 10, key="add_n_evidence"))):
    c1, c2, c3 = st.columns([1, 3, 2])
    st.session_state.setdefault(f"add_e_par_{i}", 1)
    n = c1.number_input("Paragraph", 1, 999, key=f"add_e_par_{i}")
    phrase = c2.text_input("Key phrase", key=f"add_e_phrase_{i}")
    claimant = c3.selectbox("A party's claim?", [None, *sorted(ds.actors)], key=f"add_e_claim_{i}",
                            format_func=lambda a: "stated as fact" if a is None else f"claimed by {view.actor_name(a)}")
    evidence.append({"paragraph": int(n), "phrase": phrase, "claimed_by": claimant})
    if paras and n <= len(paras):
        st.caption("¶" + str(n) + ": " + md(paras[n - 1]))

disputed = None
if st.checkbox("A party disputes what the article reports", key="add_disputed"):
    c1, c2 = st.columns([3, 2])
    claim = c1.text_input("Their claim, in your words", key="add_d_claim")
    by = c2.multiselect("Disputed by", sorted(ds.actors), key="add_d_by", format_func=view.actor_name)
    c3, c4, c5 = st.columns([1, 3, 2])
    n = c3.number_input("Paragraph", 1, 999, key="add_d_par")
    phrase = c4.text_input("Key phrase", key="add_d_phrase")
    claimant = c5.selectbox("A party's claim?", [None, *sorted(ds.actors)], key="add_d_claimed", format_func=whose)
    disputed = {"claim": claim, "by": by, "evidence": [{"paragraph": int(n), "phrase": phrase, "claimed_by": claimant}]}

update = {"points": points, "date": day.isoformat(), "level": level, "momentum": momentum, "note": note,
          "rationale": rationale, "confidence": confidence, "milestones": milestones,
          "indicators": indicators, "actors": actors, "blockers": blockers, "resolves": resolves,
          "confirms": [*confirms, *confirms_facts], "claims": claims,
          "evidence": evidence, "disputed": disputed}
snippet = editing.render_update(update)  # without its id (the next free one is given on writing)
st.subheader("The YAML it will add")
try:
    pending = editing.prepare_update(root, src_id, update, before=ds)
except editing.EditError as exc:  # the file on disk cannot take an entry as it is: say why, keep the form
    st.code(snippet, language="yaml")
    st.error(md(str(exc)), icon=":material/error:")
    st.stop()
st.caption(f"Appended to `{rel}` at line {pending.line}; nothing above it changes.")
st.code(pending.item, language="yaml")
result = pending.result(False)
problems = pending.problems
fingerprint = hashlib.sha256(f"{src_id}\n{snippet}".encode()).hexdigest()
saved = st.session_state.get("_saved")
if saved and saved[0] == fingerprint:  # this very entry was saved from this form
    st.info(f"Already saved to {rel} at line {saved[1]}; saving again would write it twice, so Save is off.",
            icon=":material/done_all:")
    problems = problems or ["already saved"]
elif problems:
    inside = set(result.entry_problems())
    lines = []
    for p in problems:
        if p in inside:
            key, message = editing.explain(p, result)
            lines.append(f"{key or 'entry'}: {message}")
        else:
            lines.append(str(p))
    st.error(f"{len(problems)} problem(s) to fix before saving:", icon=":material/error:")
    st.code("\n".join(lines), language=None, wrap_lines=True)
else:
    st.success("No problem found: the update is valid.", icon=":material/check_circle:")
confirmed = True
for i, message in enumerate(confirmations):
    st.warning(md(message), icon=":material/warning:")
    confirmed &= st.checkbox("Yes, that is what the article reports", key=f"add_confirm_{i}")

c1, c2, c3 = st.columns([2, 2, 1])
if c1.button("Save to " + rel, type="primary", disabled=not writes or bool(problems) or not confirmed,
             key="add_save", help=None if writes else f"Saving is off; set {editing.WRITE_ENV}=1 to allow it."):
    try:
        result = editing.append_update(root, src_id, update, st.session_state[opened_key])
    except editing.EditError as exc:
        st.error(md(str(exc)), icon=":material/sync_problem:")
        st.caption("Your entry is kept in the form. Reload the file to see what is there now, then save again.")
    else:
        if result.written:
            st.session_state[opened_key] = editing.digest(path)
            st.session_state["_saved"] = (fingerprint, result.line)
            st.success(f"Saved to {rel} at line {result.line}. The dashboard shows it on the next click.")
        else:
            st.error("Not saved: " + md("; ".join(str(p) for p in result.problems)))
if c3.button("Reload the file", key="add_reload", icon=":material/refresh:",
             help="Read the status file again (after a change elsewhere); the form keeps what you wrote."):
    try:
        st.session_state[opened_key] = editing.digest(path)
    except editing.EditError as exc:
        st.error(md(str(exc)), icon=":material/error:")
    else:
        st.rerun()
c2.download_button("Download the updated status file", pending.text, file_name=path.name, mime="text/yaml",
                   key="add_download", icon=":material/download:", on_click="ignore")
