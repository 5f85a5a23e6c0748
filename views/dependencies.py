"""Dependencies: the points the plan links, with unmet prerequisites highlighted."""
import streamlit as st

from tracker import dependencies, figures
from tracker.safe_text import md
from views import common

view = common.current()
statuses = view.statuses

st.title("Dependencies")
st.caption("A prerequisite counts as met when that point is carried out in full. "
           "Points without links in the plan are not drawn.")
common.chart(common.figure(figures.dependencies), "dependencies")
held = dependencies.blocked_points(statuses)
if held:
    st.markdown("**Held back by an unmet prerequisite:** " + ", ".join(
        f"{p} ({md(view.ds.points[p].title)})" for p in held))
