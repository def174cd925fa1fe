"""Webhooks: notify an organisation's system of a new hand-over to it and of a term about to
expire. A delivery names the case's URL, never its content; it is signed (HMAC-SHA256) and
retried with exponential backoff on the task queue (django-tasks)."""
