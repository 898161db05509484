"""The Reports page: the team dashboard for a period, and the reviews behind its numbers."""
