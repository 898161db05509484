"""Errors the core raises for bad input, carrying where the problem is so every front end can name it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input.

    Attributes:
        location: the file, and where useful the line or row (``"conv.jsonl:12"``).
        field: the field, column or path inside the record (``"messages[3].role"``), or ``""``.
        message: what is wrong, in plain words.
    """

    location: str
    field: str
    message: str

    def __str__(self) -> str:
        parts = [p for p in (self.location, self.field) if p]
        return ": ".join([*parts, self.message])


class InputError(Exception):
    """Bad input from a user: a malformed file, a wrong column, an unknown rubric field.

    Nothing has been written when this is raised. ``problems`` lists every problem found
    (at least one); ``str()`` gives them one per line.
    """

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, location: str, field: str, message: str) -> InputError:
        return cls(Problem(location, field, message))


class Cancelled(Exception):
    """The user cancelled a long operation; everything it did was rolled back."""


class DatabaseTooNew(Exception):
    """The database was written by a newer QA Desk than this one."""
