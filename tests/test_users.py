"""Signing in by name: the same person is found again in any script and letter case."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qa_desk.db.models import User
from qa_desk.errors import InputError
from qa_desk.users import list_users, sign_in


@pytest.mark.parametrize(
    ("first", "again"),
    [("Олена Петренко", "олена петренко"), ("Ωmega Σ", "ωmega σ"), ("Dana", "DANA")],
)
def test_the_same_name_in_another_case_is_the_same_user(db, first, again):
    with db.session() as session:
        one = sign_in(session, first, None, "reviewer")
    with db.session() as session:
        two = sign_in(session, again, None, "coach")
        assert session.scalar(select(func.count(User.id))) == 1
    assert two.id == one.id and two.role == "coach"


def test_an_email_finds_the_user_and_is_kept(db):
    with db.session() as session:
        sign_in(session, "Wei Zhang", "Wei@Example.org", "reviewer")
    with db.session() as session:
        again = sign_in(session, "wei@example.org", None, "reviewer")
        assert [u.name for u in list_users(session)] == ["Wei Zhang"]
    assert again.email == "Wei@Example.org"


def test_bad_sign_in_names_each_problem(db):
    with db.session() as session, pytest.raises(InputError) as raised:
        sign_in(session, "  ", "no-at-sign", "boss")
    fields = [p.location for p in raised.value.problems]
    assert fields == ["name", "role", "email"]
