"""Time keeps running (issue 14): deadlines fire on their own, people are told, systems notified."""
