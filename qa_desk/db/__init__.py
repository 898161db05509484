"""Storage: the typed models, opening (and upgrading) a database, sessions and full-text search."""

from qa_desk.db.engine import Database, open_database

__all__ = ["Database", "open_database"]
