"""The people who use QA Desk: signing in by name, and the roles they can have."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qa_desk.db.models import User
from qa_desk.errors import InputError, Problem
from qa_desk.reviews import find_or_create_user

ROLES = ("reviewer", "coach", "manager", "admin")
"""Every role a user can have, least to most privileged."""


@dataclass(frozen=True)
class UserInfo:
    """A user as the screens see them (plain data, no database session attached).

    Attributes:
        id: the user's row id.
        name: the display name.
        email: the e-mail address, if known.
        role: one of :data:`ROLES`.
    """

    id: int
    name: str
    email: str | None
    role: str

    @classmethod
    def of(cls, user: User) -> UserInfo:
        return cls(user.id, user.name, user.email, user.role)


def sign_in(session: Session, name: str, email: str | None, role: str) -> UserInfo:
    """The user with this name (or e-mail), created when new; an existing user's role and e-mail
    are updated to what they said."""
    name = name.strip()
    email = (email or "").strip() or None
    problems = []
    if not name:
        problems.append(Problem("name", "", "enter your name"))
    if role not in ROLES:
        problems.append(Problem("role", "", f"'{role}' is not a role ({', '.join(ROLES)})"))
    if email is not None and ("@" not in email or " " in email):
        problems.append(Problem("email", "", f"'{email}' is not an e-mail address"))
    if problems:
        raise InputError(problems)
    user, _ = find_or_create_user(session, email or name, role)
    if user.name != name and "@" not in name:
        user.name = name
    if email is not None and user.email is None:
        taken = session.scalar(select(User.id).where(User.email == email, User.id != user.id))
        if taken is None:
            user.email = email
    user.role = role
    session.flush()
    return UserInfo.of(user)


def get_user(session: Session, user_id: int) -> UserInfo | None:
    """The user with this id, None when there is none (e.g. another database)."""
    user = session.get(User, user_id)
    return UserInfo.of(user) if user is not None else None


def list_users(session: Session, role: str | None = None) -> list[UserInfo]:
    """Every user (or those with ``role``), by name."""
    query = select(User).order_by(User.name)
    if role is not None:
        query = query.where(User.role == role)
    return [UserInfo.of(u) for u in session.scalars(query)]
