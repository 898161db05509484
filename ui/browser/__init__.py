"""The conversation browser: every conversation in a sortable, filterable, searchable table."""
