"""QA Desk core: storage, rubrics and scoring, import, analytics and reports, without any Qt."""

__version__ = "0.1.0"
