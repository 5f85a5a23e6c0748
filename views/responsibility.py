"""Responsibility: who answers for which point, and what one actor is engaged in."""
import pandas as pd
import streamlit as st

from tracker import blockers, figures, responsibility, vocab
from views import common

view = common.current()
ds = view.ds
shown = view.shown
names = view.names

st.title("Responsibility")
st.caption("Roles the plan gives each actor, point by point.")
common.filter_note(view, len(shown), len(view.statuses))
common.chart(common.figure(figures.responsibility_matrix), "responsibility")

st.subheader("One actor")
options = responsibility.involved_actors(ds)
actor = st.selectbox("Actor", options, key="focus", bind="query-params",
                     format_func=lambda a: names.get(a, a))
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
