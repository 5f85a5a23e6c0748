"""Blockers: what holds the plan back as of the date, by actor, category and point."""
import pandas as pd
import streamlit as st

from tracker import dates, figures, vocab
from views import common

view = common.current()
shown = view.shown
active = view.active
names = view.names

st.title("Blockers")
st.caption(f"{len(active)} active blocker(s) as of {dates.long(view.as_of)}. A blocker stays active "
           "until a later report resolves it.")
common.filter_note(view, len(shown), len(view.statuses))

common.chart(common.figure(figures.blockers_by_actor), "blockers-by-actor")
common.chart(common.figure(figures.blockers_by_category), "blockers-by-category")
common.chart(common.figure(figures.blockers_over_time), "blockers-over-time")

st.subheader("By point")
rows = [{"Point": b.point, "Title": view.ds.points[b.point].title, "Blocker": b.blocker.text,
         "Category": vocab.CATEGORY[b.blocker.category].label,
         "Held by": ", ".join(names.get(a, a) for a in b.blocker.actors), "Since": b.since,
         "Source": b.last_entry.source} for b in active]
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
else:
    st.info("No active blocker for the points shown.")
