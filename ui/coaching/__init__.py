"""The Coaching page: one agent's quality over a period, coaching sessions and action items."""
