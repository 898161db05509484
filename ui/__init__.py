"""QA Desk's desktop front end (PySide6): windows, views, Qt item models and workers over the core."""
