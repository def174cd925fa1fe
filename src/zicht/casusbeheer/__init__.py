"""Case work around the engine: lists and search, assignment, what was reported, documents.

Kept beside `casuswerk` (its own app, models and migrations) so it builds on the screens as
they are: the case page asks `inhoud.context(...)` for what it shows beyond the hand-over items.
"""
