"""Overview: headline figures, progress per phase, the points as tiles, what changed."""
import streamlit as st

from tracker import blockers, dates, figures, tiles, vocab
from tracker.safe_text import md
from tracker.status import changes_between, latest_developments, latest_report, progress
from views import common

view = common.current()
ds = view.ds
statuses = view.statuses
shown = view.shown
prog = progress(shown)

st.title(md(ds.plan.short_title) if ds.plan else "Plan tracker")
st.caption(f"Where each point of the plan stands as of **{dates.long(view.as_of)}**, "
           "from the news reports in the Sources page.")
common.filter_note(view, len(shown), len(statuses))

latest = latest_report(ds, view.as_of)
newest = latest_report(ds, dates.today())
if newest is not None and view.as_of > newest:
    st.info(f"No report after {dates.long(newest)}: the record shows where things stood then, "
            f"{(view.as_of - newest).days} days before this date.", icon=":material/schedule:")
active = view.active
# a metric per phase for a plan of up to three phases (with more, the bars below show each)
phases = sorted(prog.by_phase.items()) if len(prog.by_phase) <= 3 else []
cols = st.columns([1] * (2 + len(phases)) + [1.3])
cols[0].metric("Overall progress", f"{prog.overall:.0f}%", help="Mean progress of the points shown")
for i, (ph, value) in enumerate(phases, start=1):
    cols[i].metric(f"Phase {ph} progress", f"{value:.0f}%")
cols[-2].metric("Active blockers", len(active),
                help="Blockers reported and not resolved; those no report has stated or confirmed within the "
                     "plan's age rule are counted as unconfirmed (see Methodology)")
cols[-1].metric("Latest report", dates.short(latest) if latest else "none")

if active:
    st.caption(f"Blockers: {blockers.summary(shown)}.")
st.markdown("**Points by implementation level:** " + " · ".join(
    f"{t.label} {prog.by_level[t.id]}" for t in vocab.LEVELS))
for ph, value in sorted(prog.by_phase.items()):
    st.progress(min(1.0, value / 100), text=f"{md(ds.phase_name(ph))}: {value:.0f}%")

st.subheader("The points")
st.caption("Each tile opens its point.")
links = {s.id: "point?" + common.share_query(view, {"point": str(s.id)}) for s in shown}
for ph in sorted({s.point.phase for s in shown}):
    st.markdown(f"**{md(ds.phase_name(ph))}**")
    st.html(tiles.STYLE + tiles.tiles_html([s for s in shown if s.point.phase == ph], links))

with st.expander("The same as a chart (for sharing)"):
    common.chart(common.figure(figures.status_board), "status-board")
common.chart(common.figure(figures.phase_progress), "phase-progress")

st.subheader("Latest developments")
shown_ids = {s.id for s in shown}
latest_moves = latest_developments(ds, view.as_of, 8, shown_ids)
if not latest_moves:
    st.info("No report yet up to this date.")
for e, old in latest_moves:
    src = ds.sources.get(e.source)
    pts = ", ".join(str(p) for p in e.update.points)
    move = (f"{common.level_label(old)} → {common.level_label(e.update.level)}" if old
            else common.level_label(e.update.level))
    where = (f"[{md(src.label)}]({common.link(src.url)})" if src and src.url else md(src.label if src else e.source))
    st.markdown(f"- **{dates.short(e.date)}** · point {pts} · {md(move)} · {where}: {md(e.update.note)}")

st.subheader("What changed")
first, _ = ds.date_range()
since = st.date_input("Since", value=common.default_since(view), min_value=first,
                      max_value=view.as_of, key="since", format="YYYY-MM-DD")
changes = [c for c in changes_between(ds, since, view.as_of) if c.point in {s.id for s in shown}]
if not changes:
    st.info(f"No point changed between {dates.short(since)} and {dates.short(view.as_of)}.")
for c in changes:
    move = (f"{common.level_label(c.level_before)} → {common.level_label(c.level_after)}"
            if c.level_before != c.level_after else f"still {common.level_label(c.level_after)}")
    extra = []
    if c.momentum_changed:
        extra.append(f"momentum {common.momentum_word(c.momentum_before)} → {common.momentum_word(c.momentum_after)}")
    if c.new_blockers:
        extra.append("new blockers: " + "; ".join(c.new_blockers))
    if c.resolved_blockers:
        extra.append("resolved: " + "; ".join(c.resolved_blockers))
    extra.append(f"{c.updates} update(s)")
    st.markdown(f"- **{c.point}. {md(c.title)}**: {md(move)} ({md('; '.join(extra))})")
