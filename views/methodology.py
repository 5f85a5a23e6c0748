"""Methodology: the scale, the flags, how progress is computed, how to cite."""
import pandas as pd
import streamlit as st

from tracker import dates, methodology, vocab
from tracker.agreement import agreement
from tracker.safe_text import md
from views import common

view = common.current()

st.title("Methodology")
rules = methodology.rules_text(view.ds.plan.age_rules if view.ds.plan else None, methodology.examples(view.ds))
st.markdown(rules.replace("<version>", view.ds.version).replace("<date>", dates.long(view.as_of)))

st.subheader("Agreement between coders, as of now")
result = agreement(view.ds)
if not result.reviewed:
    st.write("No review round is recorded yet.")
else:
    cols = st.columns(4)
    cols[0].metric("Updates reviewed", f"{result.reviewed} of {result.updates}")
    cols[1].metric("Levels agree", "n/a" if result.agreement is None else f"{100 * result.agreement:.0f}%")
    cols[2].metric("Cohen's kappa", "n/a" if result.kappa is None else f"{result.kappa:.2f}")
    weighted = result.weighted_kappa
    cols[3].metric("Weighted kappa (linear)", "n/a" if weighted is None else f"{weighted:.2f}")
    rounds = sorted({(r.round.round, r.round.reviewer, r.round.date) for r in view.ds.reviews}, key=lambda r: r[2])
    st.caption("Rounds: " + "; ".join(f"{md(name)} by {md(who)} on {dates.short(day)}" for name, who, day in rounds)
               + f". Open disagreements and findings: {len(result.open)}.")

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
