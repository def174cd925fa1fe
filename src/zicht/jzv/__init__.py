"""JZV Meldingen (VNG Realisatie, OAS 1.0): meldingen in, uitkomstmeldingen out.

A sender's system posts a `Melding`; it waits in Veilig Thuis's intake until a person assigns the
gemeente(n) (the message names none), then becomes a Zicht case. When the sender asked for
feedback, each outcome (triage decision, hand-over, closure, not admissible, wrongly addressed)
goes back to it as an `UitkomstMelding` on the task queue, with retries.
"""
