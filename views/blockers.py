"""Blockers: what holds the plan back as of the date, by actor, category and point."""
import pandas as pd
import streamlit as st

from tracker import blockers, dates, figures, vocab
from views import common

view = common.current()
shown = view.shown
active = view.active
names = view.names

st.title("Blockers")
rules = view.statuses[0].rules if view.statuses else None
st.caption(f"{blockers.summary(shown)}, as of {dates.long(view.as_of)}. A blocker stays active until a later "
           "report resolves it or what it waits for is met; one that no report has stated or confirmed for "
           f"{rules.blocker_days if rules else 90} days is shown as unconfirmed, never dropped.")
common.filter_note(view, len(shown), len(view.statuses))

common.chart(common.figure(figures.blockers_by_actor), "blockers-by-actor")
common.chart(common.figure(figures.blockers_by_category), "blockers-by-category")
common.chart(common.figure(figures.blockers_over_time), "blockers-over-time")

st.subheader("By point")
rows = [{"Point": b.point, "Title": view.ds.points[b.point].title, "Blocker": b.blocker.text,
         "Category": vocab.CATEGORY[b.blocker.category].label,
         "Held by": ", ".join(names.get(a, a) for a in b.blocker.actors), "Since": b.since,
         "Last reported": blockers.confirmation(s, b), "Source": b.last_entry.source}
        for s in shown for b in s.blockers]
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
else:
    st.info("No active blocker for the points shown.")
