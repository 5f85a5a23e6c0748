"""Point: everything about one point as of the chosen date, with its evidence."""
import pandas as pd
import streamlit as st

from tracker import blockers, dates, figures, vocab
from tracker.agreement import describe, reviews_by_update
from tracker.safe_text import md
from views import common

view = common.current()
ds = view.ds
statuses = {s.id: s for s in view.statuses}
ids = sorted(statuses)
if not ids:
    st.title("Point")
    st.warning("No point of the plan can be shown: `plan/points.yaml` is missing or none of its points is "
               "valid. The problems above say what to fix.", icon=":material/warning:")
    st.stop()
# The point lives in the URL as ?point=N (a bound selectbox would put its label there).
asked = st.query_params.get("point", "")
wanted = int(asked) if asked.isascii() and asked.isdigit() and len(asked) <= 4 else None
reported = [s for s in statuses.values() if s.last_update is not None]
latest = max(reported, key=lambda s: (s.last_update, -s.id)).id if reported else ids[0]  # the point reported last
start = ids.index(wanted) if wanted in ids else ids.index(latest)
pid = st.selectbox("Point", ids, index=start, key=f"point-{asked}",
                   format_func=lambda i: f"{i}. {ds.points[i].title}")
st.query_params["point"] = str(pid)
s = statuses[pid]
p = s.point

st.title(f"{p.id}. {md(p.title)}")
themes = ", ".join(ds.theme_label(t) for t in p.themes)
st.caption(f"{md(ds.phase_name(p.phase))} · themes: {md(themes)}")
st.markdown(md(p.summary))

cols = st.columns(4)
cols[0].metric("Level", common.level_label(s.level))
cols[1].metric("Momentum", "No recent report" if s.momentum_stale else common.momentum_label(s.momentum),
               help=(f"Last reported {common.momentum_word(s.momentum)} on {dates.short(s.momentum_date)}, more than "
                     f"{s.rules.momentum_days} days before this date") if s.momentum_stale else None)
cols[2].metric("Progress", f"{s.progress:.0f}%")
cols[3].metric("Last update", dates.short(s.last_update) if s.last_update else "none",
               help="Date of the latest report on this point up to the as-of date")
if s.days_since_update is not None:
    rated = (f"; the level was last rated on {dates.short(s.level_last_confirmed)} ({dates.ago(s.level_age)} before)"
             if s.level_last_confirmed and s.level_last_confirmed != s.last_update else "")
    st.caption(f"Last reported {dates.ago(s.days_since_update)} before {dates.short(view.as_of)}{rated}.")
if s.note:
    st.info(md(s.note), icon=":material/description:")
else:
    st.info(f"No report on this point up to {dates.short(view.as_of)}.")

common.chart(common.figure(figures.point_history, pid), f"point-{pid}-history")
if s.indicators:
    common.chart(common.figure(figures.point_indicators, pid), f"point-{pid}-indicators")
elif p.indicators:
    st.caption("Indicators defined for this point, none reported yet: "
               + md(", ".join(f"{i.name} (target {i.target:g})" for i in p.indicators)))

left, right = st.columns(2)
with left:
    st.subheader("Responsible actors")
    st.dataframe(pd.DataFrame([{"Actor": view.actor_name(r.actor),
                                "Role": vocab.by_id(vocab.ROLES)[r.role].label} for r in p.actors]),
                 hide_index=True)
    st.subheader("Prerequisites")
    if not p.depends_on:
        st.write("None in the plan.")
    for d in p.depends_on:
        term = vocab.DEPENDENCY[d.kind]
        if not term.gating:
            state = "fallback, does not hold it back"
        else:
            met = any(q.point == d.point and q.met for q in s.prerequisites)
            state = ":material/check_circle: met" if met else ":material/cancel: **not met**"
        other = ds.points.get(d.point)
        st.markdown(f"- {term.label} point **{d.point}** ({md(other.title) if other else 'not in the plan'}): "
                    f"{state}" + (f" · {md(d.note)}" if d.note else ""))
with right:
    st.subheader("Deadlines")
    if not s.deadlines:
        st.write("None in the plan.")
    for d in s.deadlines:
        icon = {"met": ":material/check_circle:", "missed": ":material/cancel:",
                "pending": ":material/hourglass_empty:"}[d.state]
        st.markdown(f"- {icon} {md(d.text)}: due {dates.short(d.due)}, **{d.state}**")

st.subheader("Milestones: who owes what")
if not s.milestones:
    st.write("The plan sets no concrete milestone for this point.")
else:
    st.dataframe(pd.DataFrame([{
        "Milestone": m.text, "Owed by": ", ".join(view.actor_name(a) for a in m.actors),
        "State": common.milestone_label(m.state) + (
            " (" + "; ".join(f"{view.actor_name(a)}: {common.milestone_label(st_).lower()}" for a, st_ in m.states)
            + ")" if len({st_ for _, st_ in m.states}) > 1 else "")
        + (f", claimed by {', '.join(view.actor_name(a) for a in m.claimed_by)}" if m.claimed_by else ""),
        "As of": (dates.short(m.as_of) if m.as_of else "—")
        + (" (not confirmed since)" if s.fact_stale(m.confirmed) else ""),
        "From": m.ref or (f"indicator {m.indicator}" if m.as_of else "—")} for m in s.milestones]), hide_index=True)
if s.competing:
    disputed = {c.id for c in s.competing}
    shown = []
    for i in (*s.indicators, *s.competing):
        if i.id in disputed:
            who = ds.sources[i.source].label if i.source in ds.sources else i.source
            claim = f", claimed by {', '.join(view.actor_name(a) for a in i.claimed_by)}" if i.claimed_by else ""
            shown.append(f"{i.name}: {i.value:g} ({who}, {dates.short(i.as_of)}{claim})")
    st.warning("Figures disputed: reports of the same week give different values. " + md("; ".join(shown)),
               icon=":material/balance:")

st.subheader("Blockers")
rows = [{"State": "active, " + blockers.confirmation(s, b), "Blocker": b.blocker.text,
         "Category": vocab.CATEGORY[b.blocker.category].label,
         "Held by": ", ".join(view.actor_name(a) for a in b.blocker.actors), "Since": b.since}
        for b in s.blockers]
rows += [{"State": f"resolved {dates.short(b.blocker.resolved)}" + (f": {b.ended_by}" if b.ended_by else ""),
          "Blocker": b.blocker.text,
          "Category": vocab.CATEGORY[b.blocker.category].label,
          "Held by": ", ".join(view.actor_name(a) for a in b.blocker.actors), "Since": b.since}
         for b in s.resolved_blockers]
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
else:
    st.write("No blocker reported.")

st.subheader("Evidence")
if not s.updates:
    st.write("No update yet.")
newest = list(reversed(s.updates))
if len(newest) > 20:
    limit = st.selectbox("Updates shown", [20, 100, len(newest)], key="evidence_limit",
                         format_func=lambda n: "all" if n == len(newest) else f"latest {n}")
    st.caption(f"{len(newest)} updates in all, newest first.")
    newest = newest[:limit]
reviewed = reviews_by_update(ds)
for e in newest:
    src = ds.sources.get(e.source)
    u = e.update
    label = f"{dates.short(u.date)} · {common.level_label(u.level)}"
    with st.expander(label + (f" · {md(src.label)}" if src else ""), expanded=e is s.updates[-1]):
        st.markdown(md(u.note))
        if u.claimed_by:
            st.caption("The report gives this as the claim of "
                       + md(", ".join(view.actor_name(a) for a in u.claimed_by)) + ", not as established fact.")
        if u.rationale or u.confidence:
            st.caption(md(("Why this level: " + u.rationale if u.rationale else "")
                          + (f" (confidence {u.confidence})" if u.confidence else "")))
        if u.milestones:
            st.caption("Milestones: " + md(", ".join(f"{k} {common.milestone_label(v).lower()}"
                                                      for k, v in u.milestones.items())))
        if u.disputed:
            st.warning("Disputed by " + md(", ".join(view.actor_name(a) for a in u.disputed.by))
                       + ": " + md(u.disputed.claim))
        for ev in list(u.evidence) + (list(u.disputed.evidence) if u.disputed else []):
            sid = ev.source or e.source
            source = ds.sources.get(sid)
            name = source.label if source else sid
            if source:
                title = f"[{md(name)}]({common.link(source.url)})" if source.url else f"**{md(name)}**"
                claim = f" ({md(view.actor_name(ev.claimed_by))}'s claim)" if ev.claimed_by else ""
                st.markdown(f"{title}, {dates.short(source.published)}, paragraph {ev.paragraph}: “{md(ev.phrase)}”"
                            + claim)
            else:
                st.markdown(f"{md(sid)}, paragraph {ev.paragraph}")
            paras = ds.articles.get(sid)
            if paras and ev.paragraph <= len(paras):
                st.markdown("> " + md(paras[ev.paragraph - 1]))
        for r in reviewed.get(e.ref, []):
            st.caption(md(describe(r)))
        if e.ref not in reviewed:
            st.caption("Not reviewed yet by a second reader.")
        st.caption(f"Update `{e.ref}`, recorded in `{e.file}` line {e.line}")
