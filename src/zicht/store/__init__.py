"""The event store: one append-only table of events per case, plus rebuildable projections."""
