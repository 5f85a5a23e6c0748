"""Streamlit entry point: a router over the pages in views/. Run: streamlit run dashboard.py"""
from pathlib import Path

import streamlit as st

from views import common

# served by the app itself, never fetched; the site uses it too
ICON = Path(__file__).parent / "tracker" / "site" / "static" / "icon.png"
st.set_page_config(page_title=common.tracker_title(), page_icon=str(ICON), layout="wide")

PAGES = [
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("views/point.py", title="Point", icon=":material/push_pin:", url_path="point"),
    st.Page("views/blockers.py", title="Blockers", icon=":material/block:", url_path="blockers"),
    st.Page("views/responsibility.py", title="Responsibility", icon=":material/groups:", url_path="responsibility"),
    st.Page("views/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("views/dependencies.py", title="Dependencies", icon=":material/account_tree:", url_path="dependencies"),
    st.Page("views/sources.py", title="Sources", icon=":material/newspaper:", url_path="sources"),
    st.Page("views/corrections.py", title="Corrections", icon=":material/history_edu:", url_path="corrections"),
    st.Page("views/add_update.py", title="Add update", icon=":material/edit_note:", url_path="add-update"),
    st.Page("views/review.py", title="Review", icon=":material/rate_review:", url_path="review"),
    st.Page("views/methodology.py", title="Methodology", icon=":material/rule:", url_path="methodology"),
]

page = st.navigation(PAGES)
common.plan_picker()
ds = common.dataset()
view = common.sidebar(ds)
common.problems_panel(ds)
page.run()
common.share_panel(view)
