"""The Sampling page: build a sample rule, preview what it draws, and assign it to reviewers."""
