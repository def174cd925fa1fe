"""What the sweep announces to the rest of the app (the API's webhooks listen)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once per batch of the sweep with what it recorded (`Verloop`: terms past their deadline,
# signals time brought), in the transaction that records them: receivers that write (a webhook
# delivery) commit with them or not at all. Keyword arguments: `verlopen` (a list), `nu`.
termijn_verlopen = Signal()
