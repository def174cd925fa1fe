"""What the sweep announces to the rest of the app (the API's webhooks listen)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once per term, in the transaction that records it (`Verloop`): receivers that write
# (a webhook delivery) commit with it or not at all. Keyword arguments: `verloop`, `nu`.
termijn_verlopen = Signal()
