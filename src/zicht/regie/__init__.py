"""Regie (§1.3, §1.5, §5.5): whether the chain keeps its agreements, as aggregates only.

Facts per case (no personal data) are extracted from the event store into this app's own
tables, summed per month, and read by the dashboard; small numbers are suppressed (`onderdrukking`).
"""
