"""Beheer: the functioneel beheerder's screens (users, organisations, API clients, agreement
versions, calendar) and the privacy officer's reports on the access log."""
