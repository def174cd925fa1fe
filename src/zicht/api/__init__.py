"""The REST API for the systems of Veilig Thuis and the gemeenten (issue #5), under /api/v1.

Follows the NL API Design Rules: OpenAPI 3 from the code, `API-Version` on every response,
problem details (RFC 9457) for every error, bearer tokens per organisation, and webhooks that
name a case but never carry its content.
"""
