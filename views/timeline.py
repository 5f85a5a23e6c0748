"""Timeline: every update on a date axis, and the points per level over time."""
import streamlit as st

from tracker import charts
from tracker.status import levels_over_time
from views import common

view = common.current()
statuses = view.statuses
shown = view.shown(statuses)
markers = charts.date_markers(view.ds, shown, view.as_of)

st.title("Timeline")
st.caption("Phase dates and deadlines are marked with dotted lines.")
common.filter_note(view, len(shown), len(statuses))
common.chart(charts.timeline(shown, markers, view.stamp), "timeline")
common.chart(charts.levels_over_time(levels_over_time(view.ds, view.as_of), markers, view.stamp),
             "levels-over-time")
