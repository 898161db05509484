"""What a change to the database touched, so that screens refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """Which kinds of data an operation changed.

    Attributes:
        conversations: conversations or their messages were added, updated or removed.
        reviews: reviews or ratings changed (drafts included).
        rubrics: a rubric or a rubric version was added.
        users: users were added or changed.
    """

    conversations: bool = False
    reviews: bool = False
    rubrics: bool = False
    users: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.conversations or other.conversations,
            self.reviews or other.reviews,
            self.rubrics or other.rubrics,
            self.users or other.users,
        )

    @classmethod
    def everything(cls) -> Changes:
        return cls(True, True, True, True)
