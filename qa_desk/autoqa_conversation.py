"""One conversation as the automatic checks read it, and what a check gives back.

:class:`ConversationInput` and :class:`MessageInput` are the plain data the checks read (no
database); :class:`CheckResult` is one check's outcome with its evidence. :class:`CheckedConversation`
holds a conversation while it is checked: its public messages by role, each folded and scanned for
phrases once however many checks ask. The evidence helpers here build the spans every check
stores: the message, the offsets in its own text, and the text they cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qa_desk.autoqa_phrases import LanguagePhrases
from qa_desk.autoqa_sla import SLASettings
from qa_desk.autoqa_text import Folded

MAX_EVIDENCE = 5
"""Spans of evidence a check keeps at most."""
CONTEXT = 80
"""Characters of a message cited when a check found nothing in it (where it looked)."""


@dataclass(frozen=True)
class MessageInput:
    """One message as the checks read it: row id, position, role, internal note or public, when
    sent (UTC, None if unknown) and its text."""

    id: int
    position: int
    role: str
    internal: bool
    sent_at: datetime | None
    text: str


@dataclass
class ConversationInput:
    """One conversation as the checks read it."""

    id: int
    channel: str | None
    language: str | None
    customer_name: str | None
    messages: list[MessageInput] = field(default_factory=list)


@dataclass
class CheckResult:
    """The outcome of one check: ``pass``/``fail``/``na``, the evidence as stored
    (``{"message_id", "position", "start", "end", "text"}``), a value and a sentence."""

    check: str
    outcome: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    value: float | None = None
    detail: str | None = None


def evidence(message: MessageInput, start: int, end: int, text: str | None = None) -> dict:
    """A span of ``message`` as stored; ``text`` replaces the span's own text (masked data)."""
    return {
        "message_id": message.id,
        "position": message.position,
        "start": start,
        "end": end,
        "text": message.text[start:end] if text is None else text,
    }


def head(message: MessageInput) -> dict:
    """The start of a message, cited where a check looked and found nothing."""
    return evidence(message, 0, min(len(message.text), CONTEXT))


def tail(message: MessageInput) -> dict:
    """The end of a message, cited where a check looked and found nothing."""
    return evidence(message, max(0, len(message.text) - CONTEXT), len(message.text))


def quote(span: dict) -> str:
    """A span of evidence as a detail sentence quotes it: one line, at most 60 characters."""
    text = " ".join(str(span["text"]).split())
    return f"“{text[:60]}”"


class CheckedConversation:
    """One conversation while it is checked.

    Attributes:
        conversation: the conversation as given.
        phrases: the phrase lists of its language, None when it has none.
        sla: the response-time targets.
        agent, customer: its public messages of each role, in order (an internal note is never
            seen by the customer; bot messages are neither the agent's nor the customer's).
    """

    def __init__(
        self, conversation: ConversationInput, phrases: LanguagePhrases | None, sla: SLASettings
    ):
        self.conversation = conversation
        self.phrases = phrases
        self.sla = sla
        public = [m for m in conversation.messages if not m.internal]
        self.agent = [m for m in public if m.role == "agent"]
        self.customer = [m for m in public if m.role == "customer"]
        self._folded: dict[int, Folded] = {}
        self._scans: dict[int, list[tuple[str, int, int]]] = {}

    def folded(self, message: MessageInput) -> Folded:
        found = self._folded.get(message.position)
        if found is None:
            assert self.phrases is not None
            found = self._folded[message.position] = self.phrases.fold(message.text)
        return found

    def hits(self, message: MessageInput) -> list[tuple[str, int, int]]:
        """``(list, start, end)`` in the message's own offsets, of its role's scan."""
        found = self._scans.get(message.position)
        if found is None:
            assert self.phrases is not None
            folded = self.folded(message)
            which = "agent" if message.role == "agent" else "customer"
            found = [
                (name, *folded.span(start, end))
                for name, start, end in self.phrases.scan(which, folded.text)
            ]
            self._scans[message.position] = found
        return found

    def find(
        self, name: str, message: MessageInput, head: int | None = None, tail: int | None = None
    ) -> list[dict]:
        """Evidence of each phrase of list ``name`` in ``message``, only in its first ``head`` or
        last ``tail`` characters when given."""
        assert self.phrases is not None
        folded = self.folded(message)
        length = len(folded.text)
        start = max(0, length - tail) if tail is not None else 0
        end = min(length, head) if head is not None else length
        return [
            evidence(message, *folded.span(s, e))
            for s, e in self.phrases.find(name, folded.text, start, end)
        ]

    def unknown_language(self, check: str) -> CheckResult:
        """The ``na`` of a check that needs phrase lists the conversation's language lacks."""
        language = self.conversation.language
        why = f"no phrase lists for language '{language}'" if language else "language unknown"
        return CheckResult(check, "na", detail=why)


__all__ = [
    "CONTEXT",
    "MAX_EVIDENCE",
    "CheckResult",
    "CheckedConversation",
    "ConversationInput",
    "MessageInput",
    "evidence",
    "head",
    "quote",
    "tail",
]
