"""The database schema as typed SQLAlchemy models: people, conversations, rubrics, reviews, ratings
and coaching sessions.

Times are stored in UTC (see :class:`UTCDateTime`). Rubric versions are immutable; a review points at the
version it was made with, and editing a submitted review adds a revision instead of changing it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("reviewer", "coach", "manager", "admin")
MESSAGE_ROLES = ("customer", "agent", "bot", "system")
REVIEW_STATUSES = ("draft", "submitted")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and read back as an aware UTC datetime.

    Aware values are converted to UTC before writing; naive ones are taken to be UTC already.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """The declarative base of every QA Desk table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


class Team(Base):
    """A team of support agents (``name`` is unique)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Agent(Base):
    """A support agent whose conversations are reviewed.

    ``external_id`` is the agent's id in the help desk the conversations came from; agents are matched
    on it first, then on ``email``, then on ``name``. ``team`` is the agent's current team.
    """

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))

    team: Mapped[Team | None] = relationship()


class User(Base):
    """A person using QA Desk: a reviewer, coach, manager or admin (``role``)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20), default="reviewer")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Conversation(Base):
    """One support conversation (a chat, an e-mail thread or a call) as imported.

    ``(source, external_id)`` is unique: importing the same export again changes nothing, and a changed
    version of a conversation replaces the stored one. ``content_hash`` fingerprints what was imported so
    an unchanged conversation is recognised without rewriting it. ``fields`` holds the help desk's extra
    fields; ``message_count`` and ``first_response_seconds`` are derived on import for fast listing.
    """

    __tablename__ = "conversations"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    external_id: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str | None] = mapped_column(String(50), index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(index=True)
    ended_at: Mapped[datetime | None]
    agent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agents.id", ondelete="SET NULL"), index=True
    )
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), index=True
    )
    customer_external_id: Mapped[str | None] = mapped_column(String(200))
    customer_name: Mapped[str | None] = mapped_column(String(200))
    csat: Mapped[float | None] = mapped_column(Float, index=True)
    language: Mapped[str | None] = mapped_column(String(20))
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message_count: Mapped[int] = mapped_column(Integer, default=0, index=True)
    first_response_seconds: Mapped[float | None] = mapped_column(Float)
    content_hash: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    agent: Mapped[Agent | None] = relationship()
    team: Mapped[Team | None] = relationship()
    messages: Mapped[list[Message]] = relationship(
        order_by="Message.position", cascade="all, delete-orphan", passive_deletes=True
    )
    tag_rows: Mapped[list[ConversationTag]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def tags(self) -> list[str]:
        return [t.tag for t in self.tag_rows]


class ConversationTag(Base):
    """A tag on a conversation, one row each so conversations can be filtered by tag quickly."""

    __tablename__ = "conversation_tags"

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class Message(Base):
    """One message of a conversation, in order (``position`` from 0).

    ``role`` is customer, agent, bot or system; ``internal`` marks a note the customer never saw.
    """

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_position", "conversation_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    external_id: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    author: Mapped[str | None] = mapped_column(String(200))
    sent_at: Mapped[datetime | None]
    text: Mapped[str] = mapped_column(Text)


class Rubric(Base):
    """A scorecard, identified by the stable ``key`` from its YAML ``id``; its content lives in versions."""

    __tablename__ = "rubrics"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[RubricVersion]] = relationship(
        back_populates="rubric", order_by="RubricVersion.version"
    )


class RubricVersion(Base):
    """One immutable version of a rubric.

    ``definition`` is the validated rubric as plain data, ``source_yaml`` the text it was added from,
    ``content_hash`` the SHA-256 of the canonical definition (the same content never makes a new version).
    """

    __tablename__ = "rubric_versions"
    __table_args__ = (
        UniqueConstraint("rubric_id", "version"),
        UniqueConstraint("rubric_id", "content_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rubric_id: Mapped[int] = mapped_column(ForeignKey("rubrics.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    definition: Mapped[dict[str, Any]]
    source_yaml: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))

    rubric: Mapped[Rubric] = relationship(back_populates="versions")


class Review(Base):
    """One reviewer's scoring of one conversation against one rubric version.

    A draft is saved on every change; ``submitted_at`` and ``time_spent_seconds`` are set on submit.
    ``score`` (percent, or None when nothing countable was rated), ``critical_fail`` and ``passed`` are
    computed from the ratings and the immutable rubric version, so they never change afterwards.
    Editing a submitted review adds a new row with ``revision`` + 1 and ``previous_id`` pointing back;
    only the row with ``is_current`` counts. ``origin`` says whether it was made in the app or imported.
    Calibration reviews (``is_calibration``) never count in quality scores.
    """

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_current_submitted", "is_current", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    time_spent_seconds: Mapped[float | None] = mapped_column(Float)
    score: Mapped[float | None] = mapped_column(Float)
    critical_fail: Mapped[bool] = mapped_column(Boolean, default=False)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)
    is_calibration: Mapped[bool] = mapped_column(Boolean, default=False)
    origin: Mapped[str] = mapped_column(String(20), default="app")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)

    conversation: Mapped[Conversation] = relationship()
    reviewer: Mapped[User] = relationship()
    rubric_version: Mapped[RubricVersion] = relationship()
    ratings: Mapped[list[Rating]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Rating.id"
    )


class Rating(Base):
    """The rating of one criterion in one review.

    ``value`` is what the reviewer picked as written in the rubric (``pass``, ``4``, ``good``, ``NA``);
    ``fraction`` is its place on the scale from 0 to 1 (None for N/A). ``root_causes`` are the labels
    ticked for a low rating. ``suggested`` is the value an automatic check suggested for the
    criterion when the reviewer rated it (None when none was shown): equal to ``value`` when the
    reviewer confirmed the suggestion, different when they overrode it.
    """

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("review_id", "criterion_id"),
        # the sums per criterion over a million ratings read this index and never the table
        Index("ix_ratings_review_criterion_fraction", "review_id", "criterion_id", "fraction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    criterion_id: Mapped[str] = mapped_column(String(100), index=True)
    value: Mapped[str] = mapped_column(String(100))
    fraction: Mapped[float | None] = mapped_column(Float)
    comment: Mapped[str | None] = mapped_column(Text)
    root_causes: Mapped[list[str]] = mapped_column(default=list)
    suggested: Mapped[str | None] = mapped_column(String(100))


class CoachingSession(Base):
    """A coaching session (one-on-one) of a coach with an agent.

    ``held_on`` is the day it takes (or took) place; ``notes`` are the coach's notes. The reviews
    discussed are linked through :class:`CoachingSessionReview`; the agreed next steps are its
    :class:`ActionItem` rows, in order.
    """

    __tablename__ = "coaching_sessions"
    __table_args__ = (Index("ix_coaching_sessions_agent_held", "agent_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    agent: Mapped[Agent] = relationship()
    coach: Mapped[User] = relationship()
    review_links: Mapped[list[CoachingSessionReview]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        order_by="ActionItem.position", cascade="all, delete-orphan", passive_deletes=True
    )


class CoachingSessionReview(Base):
    """A review discussed in a coaching session (picked from the agent's page)."""

    __tablename__ = "coaching_session_reviews"

    coaching_session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    review_id: Mapped[int] = mapped_column(
        ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActionItem(Base):
    """A next step agreed in a coaching session: what to do, who owns it, by when, and whether
    it is done (``done_at`` set). Open items of earlier sessions come up again in the next one."""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    coaching_session_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    done_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def done(self) -> bool:
        return self.done_at is not None


AUTOQA_OUTCOMES = ("pass", "fail", "na")


class AutoQAResult(Base):
    """The outcome of one automatic check (:mod:`qa_desk.autoqa`) on one conversation.

    ``outcome`` is ``pass``, ``fail`` or ``na`` (not applicable). ``evidence`` lists where the check
    looked: ``{"message_id", "start", "end", "text"}`` objects, the span of the message text that
    decided it. ``value`` holds a measured figure where the check has one (seconds of waiting, a
    sentiment score); ``detail`` says in words why (e.g. "first reply after 7 min; SLA 5 min").
    ``engine_version`` is the version of the checks that produced it, so results of older rules
    can be found and run again. Running the checks again replaces a conversation's rows.
    """

    __tablename__ = "autoqa_results"
    __table_args__ = (Index("ix_autoqa_results_check_outcome", "check", "outcome"),)

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    check: Mapped[str] = mapped_column(String(40), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(8))
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    value: Mapped[float | None] = mapped_column(Float)
    detail: Mapped[str | None] = mapped_column(Text)
    engine_version: Mapped[int] = mapped_column(Integer, default=1)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


ASSIGNMENT_STATUSES = ("open", "cancelled")


class SampleRule(Base):
    """A saved sample rule (:mod:`qa_desk.sampling_rule`), run again for each new period.

    ``definition`` is the validated rule as plain data (what its YAML file holds); ``name`` is
    unique. ``last_run_at`` is when a sample was last drawn with it.
    """

    __tablename__ = "sample_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    definition: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_run_at: Mapped[datetime | None]


class Sample(Base):
    """One drawing of a sample: the rule as it was run (``rule``, a snapshot, so a later edit of
    a saved rule never changes what a past sample says), its ``seed``, the period it covered, who
    drew it and when, and how many conversations it picked."""

    __tablename__ = "samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("sample_rules.id", ondelete="SET NULL"), index=True
    )
    rule: Mapped[dict[str, Any]]
    seed: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[datetime | None]
    period_before: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    conversation_count: Mapped[int] = mapped_column(Integer, default=0)

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="sample", cascade="all, delete-orphan", passive_deletes=True
    )


class Assignment(Base):
    """A conversation a sample gave a reviewer to review, by ``due_on``.

    ``reason`` says why it was picked ("random", "low CSAT 1/5", "failed check: greeting").
    ``status`` is ``open`` or ``cancelled``; an open assignment is done once the reviewer has
    submitted a review of the conversation (read from the reviews, never copied here).
    """

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("sample_id", "conversation_id"),
        Index("ix_assignments_reviewer_status", "reviewer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("samples.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sample: Mapped[Sample] = relationship(back_populates="assignments")
    conversation: Mapped[Conversation] = relationship()
    reviewer: Mapped[User] = relationship()
