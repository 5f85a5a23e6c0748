"""Timeline: every update on a date axis, and the points per level over time."""
import streamlit as st

from tracker import figures
from views import common

view = common.current()

st.title("Timeline")
st.caption("Phase dates and deadlines are marked with dotted lines.")
common.filter_note(view, len(view.shown), len(view.statuses))
common.chart(common.figure(figures.timeline), "timeline")
common.chart(common.figure(figures.levels), "levels-over-time")
