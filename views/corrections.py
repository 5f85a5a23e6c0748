"""Corrections: every change made to the record after a second reading, as fact-checkers keep a log."""
import pandas as pd
import streamlit as st

from tracker import dates
from tracker.corrections import corrections
from views import common

view = common.current()
fixes = corrections(view.ds)

st.title("Corrections")
st.caption(f"Every change made to the record after a second reading, newest first: {len(fixes)} in all, "
           f"{sum(c.rating_changed for c in fixes)} of them changing a rating (the others corrected a note, a "
           "date, a figure or the evidence). The rating before is the one the second reader saw.")


def change(c) -> str:
    if not c.rating_changed:
        return "record corrected, rating unchanged"
    parts = []
    if c.level_before != c.level_after:
        parts.append(f"level {common.level_label(c.level_before)} → {common.level_label(c.level_after)}")
    if c.momentum_before != c.momentum_after:
        parts.append(f"momentum {common.momentum_word(c.momentum_before)} → {common.momentum_word(c.momentum_after)}")
    return "; ".join(parts)


if fixes:
    st.dataframe(pd.DataFrame([{"Settled": dates.short(c.day), "Points": ", ".join(map(str, c.points)),
                                "Update": c.ref or "finding", "Change": change(c), "Why": c.why,
                                "Review round": c.round} for c in fixes]), hide_index=True)
else:
    st.info("No correction yet: no review has been settled by changing the record.")
