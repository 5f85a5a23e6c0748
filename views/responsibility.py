"""Responsibility: who answers for which point, and what one actor is engaged in."""
import pandas as pd
import streamlit as st

from tracker import blockers, dates, figures, responsibility, vocab
from tracker.safe_text import md
from tracker.status import obligations_summary, owed_by
from views import common

view = common.current()
ds = view.ds
shown = view.shown
names = view.names

st.title("Responsibility")
st.caption(f"Who has done their part, as of {dates.long(view.as_of)}: the milestones the plan sets, "
           "each with the actors obliged to carry it out.")
common.filter_note(view, len(shown), len(view.statuses))

summary = obligations_summary(shown)
if summary:
    st.dataframe(pd.DataFrame([{"Actor": names.get(a, a), "Milestones owed": c["owed"], "Met": c["met"],
                                "Partly": c["partly"], "Not met or reversed": c["not_met"],
                                "No report yet": c["unknown"]} for a, c in summary.items()]),
                 hide_index=True)

st.subheader("One actor")
options = responsibility.involved_actors(ds)
actor = st.selectbox("Actor", options, key="focus", bind="query-params",
                     format_func=lambda a: names.get(a, a))
owed = owed_by(shown, actor)
st.markdown(f"**What {md(names.get(actor, actor))} owes**")
if owed:
    st.dataframe(pd.DataFrame([{"Point": m.point, "Milestone": m.text,
                                "State": common.milestone_label(m.state_of(actor)),
                                "As of": dates.short(m.as_of) if m.as_of else "—",
                                "Shared with": ", ".join(names.get(a, a) for a in m.actors if a != actor) or "—"}
                               for m in owed]), hide_index=True)
else:
    st.write("No milestone of the plan names it.")
roles = responsibility.actor_points(ds, actor)
left, right = st.columns(2)
with left:
    st.markdown("**Points and roles**")
    if roles:
        st.dataframe(pd.DataFrame([{"Point": c.point, "Title": ds.points[c.point].title,
                                    "Role": vocab.by_id(vocab.ROLES)[c.role].label} for c in roles]),
                     hide_index=True)
    else:
        st.write("No role in the plan.")
with right:
    st.markdown("**Blockers it holds, as of the date**")
    held = responsibility.actor_blockers(blockers.active(view.statuses), actor)
    if held:
        st.dataframe(pd.DataFrame([{"Point": b.point, "Blocker": b.blocker.text,
                                    "Category": vocab.CATEGORY[b.blocker.category].label}
                                   for b in held]), hide_index=True)
    else:
        st.write("None.")
st.markdown("**Updates that name it**")
named = [e for e in responsibility.actor_updates(ds.entries, actor) if e.date <= view.as_of]
if named:
    st.dataframe(pd.DataFrame([{"Date": e.date, "Points": ", ".join(map(str, e.update.points)),
                                "Level": common.level_label(e.update.level), "Note": e.update.note,
                                "Source": e.source} for e in sorted(named, key=lambda e: e.date)]),
                 hide_index=True)
else:
    st.write("No update names it up to this date.")

st.subheader("Roles point by point")
common.chart(common.figure(figures.responsibility_matrix), "responsibility")
