"""Methodology: the scale, the flags, how progress is computed, how to cite."""
import pandas as pd
import streamlit as st

from tracker import dates, vocab
from views import common

view = common.current()

st.title("Methodology")
st.markdown("""
Each status update records what one news report says about one or more points of the plan:
the **implementation level** on the Peace Accords Matrix scale, a separate **momentum** flag,
the **blockers** it names with the actors behind them, indicator values where reported, and
the **evidence**: the article, the paragraph and a short key phrase found in it.

**Status as of a date.** A point's level, momentum and note come from its latest update dated
on or before that date (updates are dated by the event or, failing that, the report).
A point with no update yet is *not initiated*.

**Progress (0-100).** Each level stands for a value (below). Where the plan gives a countable
target that drives progress (hostages returned, out of 48), the reported count is used instead,
as long as it is at least as recent as the latest rated update. An *unclear* update keeps the
last rated value. Phase and overall progress are the mean of their points.

**Blockers** stay active from their start until a later report restates them as resolved.

**Prerequisites** count as met when the prerequisite point is carried out in full; a fallback
link (point 17) does not hold its point back.

**How to cite.** "Gaza 20-point plan tracker, data version `{version}`, status as of
{as_of}", with the article named in the evidence. Every chart carries the same stamp.
""".format(version=view.ds.version, as_of=f"{dates.long(view.as_of)}"))

for name, terms in vocab.VOCABULARIES.items():
    st.subheader(name)
    rows = []
    for t in terms:
        row = {"Term": t.label, "Id in the files": t.id, "Definition": t.definition}
        if terms is vocab.LEVELS:
            row["Progress"] = "last rated" if t.progress is None else str(t.progress)
        if terms is vocab.MOMENTUM:
            row["Mark"] = t.symbol
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True)
