"""Synthetic demo data: made-up names from small lists, cases built from real events."""
