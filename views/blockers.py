"""Blockers: what holds the plan back as of the date, by actor, category and point."""
import pandas as pd
import streamlit as st

from tracker import blockers, charts, dates, vocab
from views import common

view = common.current()
shown = view.shown(view.statuses)
active = blockers.active(shown)
names = {a: view.actor_name(a) for a in view.ds.actors}

st.title("Blockers")
st.caption(f"{len(active)} active blocker(s) as of {dates.long(view.as_of)}. A blocker stays active "
           "until a later report resolves it.")
common.filter_note(view, len(shown), len(view.statuses))

common.chart(charts.blockers_by_actor(active, names, view.stamp), "blockers-by-actor")
common.chart(charts.blockers_by_category(active, view.stamp), "blockers-by-category")
common.chart(charts.blockers_over_time(blockers.count_over_time(view.ds, view.as_of), view.stamp),
             "blockers-over-time")

st.subheader("By point")
rows = [{"Point": b.point, "Title": view.ds.points[b.point].title, "Blocker": b.blocker.text,
         "Category": vocab.CATEGORY[b.blocker.category].label,
         "Held by": ", ".join(names.get(a, a) for a in b.blocker.actors), "Since": b.since,
         "Source": b.last_entry.source} for b in active]
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
else:
    st.info("No active blocker for the points shown.")
