"""The application layer: one function per action, for every shell (screens, API, CLI).

Each use case takes the actor, its input and `nu`; it owns the access check
(`core.toegang.can`), the split of free text, the append and the transaction, and raises the
errors of `fouten.py`, which each shell translates in one place. See docs/architectuur.md.
"""
