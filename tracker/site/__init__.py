"""The reader's side: a static site written from the record (`python -m tracker publish`).

Pages come from the Jinja2 templates beside this package (autoescaped); the overview's as-of
control swaps in overview states rendered at publish time, one per dated change of the record.
"""
