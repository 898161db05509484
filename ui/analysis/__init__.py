"""Widgets the analysis screens share (the Coaching and Reports pages): charts and the review viewer."""
