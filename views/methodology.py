"""Methodology: the scale, the flags, how progress is computed, how to cite."""
import pandas as pd
import streamlit as st

from tracker import dates, methodology, vocab
from views import common

view = common.current()

st.title("Methodology")
st.markdown(methodology.RULES.replace("<version>", view.ds.version).replace("<date>", dates.long(view.as_of)))

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
