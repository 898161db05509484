"""What each column of a message CSV holds: the QA Desk columns, the other names they go by, the
words used for message roles, and the column mapping a user may give for headers that are not
recognised.

A header is read either from its name (ignoring case, spaces, underscores and dashes, and knowing
the common names of other tools, :data:`ALIASES`) or from a mapping the user gave
(``ImportOptions.columns``: header → QA Desk column, ``""`` to ignore the column). A mapping wins
over the names; a column it does not mention is read from its name as usual.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.fields import MESSAGE_ROLES

IGNORE = ""
"""The mapping value of a column that is not imported."""

REQUIRED = ("conversation_id", "role", "text")
MESSAGE_COLUMNS = ("timestamp", "author", "message_id", "internal", "public")
CONVERSATION_COLUMNS = (
    "source", "agent", "agent_email", "agent_id", "team", "channel", "subject", "csat", "tags",
    "language", "customer", "customer_email", "customer_id", "started_at", "ended_at",
)  # fmt: skip
COLUMNS = (*REQUIRED, *MESSAGE_COLUMNS, *CONVERSATION_COLUMNS)
"""Every QA Desk column, required ones first."""

ALIASES: dict[str, tuple[str, ...]] = {
    "conversation_id": (
        "conversation", "ticket_id", "ticket", "ticket_number", "chat_id", "chat", "case_id",
        "case", "case_number", "thread_id", "thread", "session_id", "interaction_id",
        "conversation_number", "ticket_ref", "ticket_reference", "case_ref", "case_reference",
        "conversation_ref", "chat_ref",
    ),
    "timestamp": (
        "created_at", "created", "time", "date", "sent_at", "sent", "datetime", "date_time",
        "message_time", "message_timestamp", "posted_at", "at", "time_stamp",
    ),
    "role": (
        "sender", "from", "speaker", "author_type", "sender_type", "sender_role", "author_role",
        "speaker_role", "participant", "participant_role", "who",
    ),
    "author": ("author_name", "name", "sender_name", "speaker_name", "from_name", "user_name"),
    "text": (
        "body", "message", "content", "comment", "message_text", "message_body", "plain_body",
        "comment_body", "utterance", "transcript",
    ),
    "message_id": ("comment_id", "event_id", "msg_id", "message_number", "line_id"),
    "internal": ("is_internal", "private", "is_private", "internal_note", "note", "is_note"),
    "public": ("is_public",),
    "agent": ("agent_name", "assignee", "assignee_name", "owner", "owner_name", "handled_by"),
    "agent_email": ("assignee_email", "owner_email"),
    "agent_id": ("assignee_id", "owner_id"),
    "team": ("group", "group_name", "team_name", "queue", "department"),
    "channel": ("via", "medium", "channel_type"),
    "subject": ("title", "topic", "ticket_subject"),
    "csat": ("satisfaction", "csat_score", "satisfaction_score", "satisfaction_rating", "rating"),
    "tags": ("tag", "labels", "label"),
    "language": ("lang", "locale"),
    "customer": ("customer_name", "requester", "requester_name", "client", "client_name"),
    "customer_email": ("requester_email", "client_email"),
    "customer_id": ("requester_id", "client_id"),
    "started_at": ("start", "start_time", "opened_at", "conversation_start", "ticket_created_at"),
    "ended_at": ("end", "end_time", "closed_at", "solved_at", "resolved_at", "conversation_end"),
}  # fmt: skip
"""Other names each column goes by (matched like the canonical name: ignoring case, spaces,
underscores and dashes)."""


def normalise(name: str) -> str:
    """A header name as headers are compared: no case, spaces, underscores, dashes or BOM."""
    return re.sub(r"[\s_\-]+", "", name.strip().lstrip("\ufeff")).casefold()


def clean(name: str) -> str:
    """A header name as written, without surrounding spaces or a byte-order mark."""
    return name.strip().lstrip("\ufeff")


HEADER_NAMES: dict[str, str] = {}
for _canonical in COLUMNS:
    HEADER_NAMES[normalise(_canonical)] = _canonical
    for _alias in ALIASES.get(_canonical, ()):
        HEADER_NAMES.setdefault(normalise(_alias), _canonical)


def header_key(header: Sequence[str]) -> str:
    """A short fingerprint of a header row, the same for the same column names in the same order
    however they are capitalised or spaced (to remember a mapping per kind of export)."""
    text = "\x1f".join(normalise(cell) for cell in header)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def resolve_columns(
    header: Sequence[str], columns: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A complete mapping for ``header`` to start a user's choice from: header → what ``columns``
    says, else what the name means, else ``""`` (unknown, or a name meaning the same as an earlier
    column's)."""
    given = {normalise(k): v for k, v in (columns or {}).items()}
    resolved: dict[str, str] = {}
    taken: set[str] = set()
    for cell in header:
        key = normalise(cell)
        canonical = given[key] if key in given else HEADER_NAMES.get(key, IGNORE)
        if canonical in taken or canonical not in COLUMNS:
            canonical = IGNORE
        taken.add(canonical)
        resolved.setdefault(clean(cell), canonical)
    return resolved


ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "customer": (
        "user", "client", "enduser", "requester", "visitor", "contact", "caller", "guest",
        "consumer", "member", "buyer", "shopper",
    ),
    "agent": (
        "admin", "support", "staff", "operator", "rep", "representative", "humanagent",
        "supportagent", "csr", "advisor", "adviser", "assignee", "teammate", "employee",
    ),
    "bot": ("chatbot", "virtualagent", "virtualassistant", "automation", "ai", "aiagent"),
    "system": ("action", "event", "automated", "workflow", "trigger", "log"),
}  # fmt: skip
"""Other words for each message role (matched ignoring case, spaces, underscores and dashes)."""


ROLE_NAMES: dict[str, str] = {}
for _role in MESSAGE_ROLES:
    ROLE_NAMES[_role] = _role
    for _word in ROLE_WORDS.get(_role, ()):
        ROLE_NAMES[normalise(_word)] = _role


def canonical_role(value: str) -> str | None:
    """The message role a role value means (``"End-User"`` → customer), None when none."""
    return ROLE_NAMES.get(normalise(value))


def role_reader(roles: Mapping[str, str] | None) -> Callable[[str], str | None]:
    """How role values are read: the user's ``roles`` (value → role, e.g. from a mapping file,
    matched like header names) first, then :func:`canonical_role`."""
    given = {normalise(k): v for k, v in (roles or {}).items() if v in MESSAGE_ROLES}
    if not given:
        return canonical_role

    def role_of(value: str) -> str | None:
        key = normalise(value)
        return given.get(key) or ROLE_NAMES.get(key)

    return role_of


@dataclass(frozen=True)
class Layout:
    """Where each known column is in the file's rows: ``index`` maps a QA Desk column to its
    position; ``width`` is the number of columns in the header."""

    index: dict[str, int]
    width: int

    def get(self, row: list[str], column: str) -> str | None:
        i = self.index.get(column)
        return row[i] if i is not None else None

    def key(self, item: tuple[int, list[str]]) -> str:
        """The conversation id of a ``(line, row)``, as conversations are matched on it."""
        return item[1][self.index["conversation_id"]].strip()

    def meanings(self, header: Sequence[str]) -> dict[str, str]:
        """Header → the QA Desk column it is read as (``""``: ignored)."""
        by_position = {i: column for column, i in self.index.items()}
        result: dict[str, str] = {}
        for i, cell in enumerate(header):
            result.setdefault(clean(cell), by_position.get(i, IGNORE))
        return result


def expected_text() -> str:
    optional = [c for c in COLUMNS if c not in REQUIRED]
    return (
        f"expected: {', '.join(REQUIRED)}, and optionally {', '.join(optional)} "
        "(names such as ticket_id, created_at, sender, body, assignee, group are understood too)"
    )


def _plural(word: str, items: list[str]) -> str:
    return f"{word}{'s' if len(items) > 1 else ''} {', '.join(items)}"


def make_layout(
    location: str, header: Sequence[str], columns: Mapping[str, str] | None = None
) -> Layout:
    """Where each QA Desk column is, from the header row and the user's ``columns`` mapping.

    Raises :class:`InputError` (field ``header``) naming unknown columns, columns that mean the
    same, required columns missing and mapping values that are no QA Desk column, together with
    the columns found and the ones expected.
    """
    mapping = {normalise(k): v for k, v in (columns or {}).items()}
    index: dict[str, int] = {}
    problems: list[str] = []
    unknown: list[str] = []
    for i, cell in enumerate(header):
        name = clean(cell)
        key = normalise(name)
        if key in mapping:
            canonical: str | None = mapping[key]
            if canonical == IGNORE:
                continue
            if canonical not in COLUMNS:
                problems.append(
                    f"column '{name}' is mapped to '{canonical}', which is not a QA Desk column"
                )
                continue
        elif not name:
            unknown.append(f"(empty, column {i + 1})")
            continue
        else:
            canonical = HEADER_NAMES.get(key)
        if canonical is None:
            unknown.append(f"'{name}'")
        elif canonical in index:
            first = clean(header[index[canonical]])
            problems.append(f"columns '{first}' and '{name}' both mean {canonical}")
        else:
            index[canonical] = i
    if unknown:
        problems.insert(0, _plural("unknown column", unknown))
    missing = [c for c in REQUIRED if c not in index]
    if missing:
        problems.append(_plural("missing column", missing))
    if problems:
        found = ", ".join(clean(h) for h in header) or "none"
        raise InputError(
            Problem(
                location,
                "header",
                f"{'; '.join(problems)} (columns found: {found}; {expected_text()})",
            )
        )
    return Layout(index, len(header))


def columns_problems(header: Sequence[str], columns: Mapping[str, str] | None) -> list[str]:
    """What stops ``header`` being read with ``columns`` (empty when it can be)."""
    try:
        make_layout("", header, columns)
    except InputError as error:
        return [p.message for p in error.problems]
    return []
