"""The automatic checks themselves, on one conversation given as plain data (no database).

:func:`check_conversation` gives one :class:`CheckResult` per check of
:data:`qa_desk.autoqa_catalog.AUTOQA_CHECKS`, in that order: ``pass``, ``fail`` or ``na`` with the
evidence (the message and the span of its text that decided it), a measured value where there is
one, and a sentence saying why. Only public messages count (an internal note is never seen by the
customer); bot messages are neither the agent's nor the customer's. A conversation in a language
without phrase lists gets the language-neutral checks only (timing, card numbers); the others are
``na``. Evidence of a card number or password is stored masked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from qa_desk.autoqa_phrases import LanguagePhrases, detect_language, language_code, phrases_for
from qa_desk.autoqa_sla import SLASettings, describe
from qa_desk.autoqa_text import Folded

GREETING_HEAD = 160
"""A greeting counts in the first this many characters of the agent's first message."""
CLOSING_TAIL = 300
"""A closing counts in the last this many characters of each of the last agent messages."""
CLOSING_MESSAGES = 2

MAX_EVIDENCE = 5
CONTEXT = 80
"""Characters of a message cited when a check found nothing in it (where it looked)."""

_CARD = re.compile(r"\d(?:[ -]?\d){12,18}")
_SECRET = re.compile(
    r"(?:[ \t]*(?:[:=：\-—–]+|is|was|to|set to|це|тепер|это|теперь|是|为|改为|هي))*"
    r"[ \t]*[\"'«“]?([^\s\"'»”,;。，；]{4,64})"
)
_CYRILLIC_ENDINGS = set("аяоеєиіїйьуюы")
_ZH_TITLES = ("先生", "女士", "小姐", "老师")
_ZH_DOUBLE_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
)


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


def _evidence(message: MessageInput, start: int, end: int, text: str | None = None) -> dict:
    return {
        "message_id": message.id,
        "position": message.position,
        "start": start,
        "end": end,
        "text": message.text[start:end] if text is None else text,
    }


def _head(message: MessageInput) -> dict:
    return _evidence(message, 0, min(len(message.text), CONTEXT))


def _tail(message: MessageInput) -> dict:
    return _evidence(message, max(0, len(message.text) - CONTEXT), len(message.text))


def _quote(evidence: dict) -> str:
    text = " ".join(str(evidence["text"]).split())
    return f"“{text[:60]}”"


class _Conversation:
    """One conversation while it is checked: its messages by role, folded once, scanned once."""

    def __init__(self, conversation: ConversationInput, phrases: LanguagePhrases | None):
        self.conversation = conversation
        self.phrases = phrases
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
        assert self.phrases is not None
        folded = self.folded(message)
        length = len(folded.text)
        start = max(0, length - tail) if tail is not None else 0
        end = min(length, head) if head is not None else length
        return [
            _evidence(message, *folded.span(s, e))
            for s, e in self.phrases.find(name, folded.text, start, end)
        ]


def conversation_language(conversation: ConversationInput) -> str | None:
    """The supported language of a conversation: its ``language`` field, or when that is empty a
    guess from the script of its first messages; None when unsupported or unsure."""
    if conversation.language:
        return language_code(conversation.language)
    return detect_language([m.text for m in conversation.messages[:6]])


def check_conversation(conversation: ConversationInput, sla: SLASettings) -> list[CheckResult]:
    """Every automatic check of one conversation, in catalogue order."""
    code = conversation_language(conversation)
    phrases = phrases_for(code) if code else None
    state = _Conversation(conversation, phrases)
    return [
        _greeting(state),
        _closing(state),
        _customer_name(state),
        _first_response(state, sla),
        _longest_wait(state, sla),
        _empathy(state),
        _sensitive_data(state),
        _profanity(state),
        _sentiment(state),
    ]


def _unknown_language(check: str, state: _Conversation) -> CheckResult:
    language = state.conversation.language
    why = f"no phrase lists for language '{language}'" if language else "language unknown"
    return CheckResult(check, "na", detail=why)


def _greeting(state: _Conversation) -> CheckResult:
    if state.phrases is None:
        return _unknown_language("greeting", state)
    if not state.agent:
        return CheckResult("greeting", "na", detail="no agent message")
    first = state.agent[0]
    found = state.find("greeting", first, head=GREETING_HEAD)
    if found:
        return CheckResult("greeting", "pass", found[:1], detail=f"greeted: {_quote(found[0])}")
    return CheckResult(
        "greeting", "fail", [_head(first)], detail="no greeting at the start of the first reply"
    )


def _closing(state: _Conversation) -> CheckResult:
    if state.phrases is None:
        return _unknown_language("closing", state)
    if not state.agent:
        return CheckResult("closing", "na", detail="no agent message")
    last = state.agent[-CLOSING_MESSAGES:]
    found = [e for m in last for e in state.find("closing", m, tail=CLOSING_TAIL)]
    if found:
        return CheckResult(
            "closing", "pass", found[:MAX_EVIDENCE], detail=f"closed: {_quote(found[-1])}"
        )
    return CheckResult(
        "closing",
        "fail",
        [_tail(last[-1])],
        detail="no offer of further help or goodbye in the last agent messages",
    )


def _name_tokens(state: _Conversation) -> list[str]:
    """The customer's name as the folded words an agent might write, or [] when unknown."""
    assert state.phrases is not None
    name = (state.conversation.customer_name or "").strip()
    if not name or "@" in name or any(c.isdigit() for c in name):
        return []
    folded = state.phrases.fold(name).text
    if folded in state.phrases.not_names:
        return []
    words = [w for w in re.split(r"[\s,.;()\"«»]+", folded) if w]
    words = [w for w in words if w not in state.phrases.not_names]
    if not state.phrases.words:  # Chinese: 周雨萱 → 周雨萱, 雨萱, 周女士, 周先生...
        names: list[str] = []
        for word in words:
            if not any("\u4e00" <= c <= "\u9fff" for c in word):
                names.append(word)
                continue
            surname = word[:2] if word.startswith(_ZH_DOUBLE_SURNAMES) else word[:1]
            given = word[len(surname) :]
            names.append(word)
            if len(given) >= 2:
                names.append(given)
            names.extend(surname + title for title in _ZH_TITLES)
        return names
    return [w for w in words if len(w) >= 2]


def _name_forms(tokens: list[str], words: bool) -> list[tuple[str, int]]:
    """Each name as ``(text, letters)``: the text to find, followed by up to ``letters`` more
    letters of an inflected ending (Ukrainian and Russian names change it: Олена → Олено,
    Ігор → Ігорю)."""
    forms = []
    for token in sorted(tokens, key=len, reverse=True):
        cyrillic = "\u0400" <= token[0] <= "\u04ff"
        if words and cyrillic and len(token) >= 4 and token[-1] in _CYRILLIC_ENDINGS:
            forms.append((token[:-1], 3))
        elif words and cyrillic and len(token) >= 3:
            forms.append((token, 3))
        else:
            forms.append((token, 0))
    return forms


def _find_name(text: str, forms: list[tuple[str, int]], words: bool) -> tuple[int, int] | None:
    """The first span of ``text`` holding one of the name ``forms`` as a whole word (a plain
    search, not a regular expression: every conversation has its own names)."""
    for needle, letters in forms:
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not words:
                return start, end
            limit = min(len(text), end + letters)
            while end < limit and text[end].isalpha():
                end += 1
            before_ok = start == 0 or not text[start - 1].isalnum()
            if before_ok and (end == len(text) or not text[end].isalnum()):
                return start, end
            start = text.find(needle, start + 1)
    return None


def _customer_name(state: _Conversation) -> CheckResult:
    if state.phrases is None:
        return _unknown_language("customer_name", state)
    tokens = _name_tokens(state)
    if not tokens:
        return CheckResult("customer_name", "na", detail="the customer's name is not known")
    if not state.agent:
        return CheckResult("customer_name", "na", detail="no agent message")
    forms = _name_forms(tokens, state.phrases.words)
    for message in state.agent:
        folded = state.folded(message)
        found = _find_name(folded.text, forms, state.phrases.words)
        if found is not None:
            evidence = _evidence(message, *folded.span(*found))
            return CheckResult(
                "customer_name", "pass", [evidence], detail=f"named {_quote(evidence)}"
            )
    return CheckResult(
        "customer_name",
        "fail",
        detail=f"the agent never used the name {state.conversation.customer_name}",
    )


def _first_response(state: _Conversation, sla: SLASettings) -> CheckResult:
    channel = state.conversation.channel
    target = sla.for_channel(channel).first_response
    if target is None:
        return CheckResult(
            "first_response_time", "na", detail=f"no first-response target for channel {channel}"
        )
    asked = next((m for m in state.customer if m.sent_at is not None), None)
    if asked is None:
        return CheckResult("first_response_time", "na", detail="no customer message with a time")
    reply = next(
        (m for m in state.agent if m.position > asked.position and m.sent_at is not None), None
    )
    if reply is None:
        return CheckResult("first_response_time", "na", detail="no agent reply with a time")
    assert asked.sent_at is not None and reply.sent_at is not None
    seconds = max(0.0, (reply.sent_at - asked.sent_at).total_seconds())
    outcome = "pass" if seconds <= target else "fail"
    return CheckResult(
        "first_response_time",
        outcome,
        [_head(asked), _head(reply)],
        seconds,
        f"first reply after {describe(seconds)}; target {describe(target)} ({channel})",
    )


def _longest_wait(state: _Conversation, sla: SLASettings) -> CheckResult:
    channel = state.conversation.channel
    target = sla.for_channel(channel).longest_wait
    if target is None:
        return CheckResult(
            "longest_wait", "na", detail=f"no waiting-time target for channel {channel}"
        )
    waiting: MessageInput | None = None
    longest: tuple[float, MessageInput, MessageInput] | None = None
    for message in state.conversation.messages:
        if message.internal or message.sent_at is None:
            continue
        if message.role == "customer" and waiting is None:
            waiting = message
        elif message.role == "agent" and waiting is not None:
            assert waiting.sent_at is not None
            seconds = max(0.0, (message.sent_at - waiting.sent_at).total_seconds())
            if longest is None or seconds > longest[0]:
                longest = (seconds, waiting, message)
            waiting = None
    if longest is None:
        return CheckResult("longest_wait", "na", detail="no customer message answered by the agent")
    seconds, asked, reply = longest
    return CheckResult(
        "longest_wait",
        "pass" if seconds <= target else "fail",
        [_head(asked), _head(reply)],
        seconds,
        f"longest wait {describe(seconds)}; target {describe(target)} ({channel})",
    )


FRUSTRATION = ("frustration", "escalation", "profanity")


def _empathy(state: _Conversation) -> CheckResult:
    if state.phrases is None:
        return _unknown_language("empathy", state)
    upset: list[dict] = []
    first_upset: int | None = None
    for message in state.customer:
        for name, start, end in state.hits(message):
            if name in FRUSTRATION:
                upset.append(_evidence(message, start, end))
                if first_upset is None:
                    first_upset = message.position
    if first_upset is None:
        return CheckResult("empathy", "na", detail="the customer showed no frustration")
    after = [m for m in state.agent if m.position > first_upset]
    if not after:
        return CheckResult(
            "empathy", "na", [upset[0]], detail="no agent reply after the customer's frustration"
        )
    shown = [
        _evidence(m, start, end)
        for m in after
        for name, start, end in state.hits(m)
        if name == "empathy"
    ]
    if shown:
        return CheckResult(
            "empathy",
            "pass",
            [upset[0], *shown[: MAX_EVIDENCE - 1]],
            detail=f"customer {_quote(upset[0])}; agent {_quote(shown[0])}",
        )
    return CheckResult(
        "empathy",
        "fail",
        upset[:MAX_EVIDENCE],
        detail=f"customer {_quote(upset[0])}; no apology or empathy from the agent after it",
    )


def card_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` holding a payment card number: 13–19 digits, spaces or dashes between
    them allowed, not part of a longer number, passing the Luhn check, not one repeated digit."""
    spans = []
    for found in _CARD.finditer(text):
        start, end = found.span()
        if (start and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit()):
            continue
        # only here: qa_desk.reports loads openpyxl, which the checks need not wait for
        from qa_desk.reports.pii import luhn_valid

        digits = found.group().replace(" ", "").replace("-", "")
        if 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn_valid(digits):
            spans.append((start, end))
    return spans


def _masked(text: str) -> str:
    """A card number or password as evidence may show it: its last four characters."""
    kept = 4 if len(text) > 8 else 2
    return "".join("•" if c.isalnum() else c for c in text[:-kept]) + text[-kept:]


def _is_secret(token: str) -> bool:
    """Whether a word after "password" looks like one (a digit, a symbol or mixed case), not like
    a plain word (``incorrect``, ``reset``); under six characters only digits (a PIN)."""
    if len(token) < 6:
        return token.isdigit()
    has_digit = any(c.isdigit() for c in token)
    has_symbol = any(not c.isalnum() for c in token)
    mixed = any(c.islower() for c in token) and any(c.isupper() for c in token[1:])
    return has_digit or has_symbol or mixed


def _sensitive_data(state: _Conversation) -> CheckResult:
    if not state.agent:
        return CheckResult("sensitive_data", "na", detail="no agent message")
    shared: list[dict] = []
    for message in state.agent:
        for start, end in card_numbers(message.text):
            shared.append(_evidence(message, start, end, _masked(message.text[start:end])))
        if state.phrases is None:
            continue
        for name, _start, end in state.hits(message):
            if name != "password":
                continue
            secret = _SECRET.match(message.text, end)
            if secret is None:
                continue
            s, e = secret.span(1)
            e -= len(secret.group(1)) - len(secret.group(1).rstrip(".!?:)…"))
            if e > s and _is_secret(message.text[s:e]):
                shared.append(_evidence(message, s, e, _masked(message.text[s:e])))
    scope = "" if state.phrases is not None else " (card numbers only: language unknown)"
    if shared:
        kinds = "a card number or password"
        return CheckResult(
            "sensitive_data",
            "fail",
            shared[:MAX_EVIDENCE],
            float(len(shared)),
            f"the agent wrote {kinds}{scope}",
        )
    return CheckResult(
        "sensitive_data", "pass", value=0.0, detail=f"no card number or password shared{scope}"
    )


def _profanity(state: _Conversation) -> CheckResult:
    if state.phrases is None:
        return _unknown_language("profanity", state)
    if not state.agent:
        return CheckResult("profanity", "na", detail="no agent message")
    found = [
        _evidence(m, start, end)
        for m in state.agent
        for name, start, end in state.hits(m)
        if name == "profanity"
    ]
    if found:
        return CheckResult(
            "profanity",
            "fail",
            found[:MAX_EVIDENCE],
            float(len(found)),
            f"agent wrote {_quote(found[0])}",
        )
    return CheckResult("profanity", "pass", value=0.0, detail="no profanity from the agent")


NEGATIVE = ("negative", "frustration", "profanity")


def _sentiment(state: _Conversation) -> CheckResult:
    if state.phrases is None:
        return _unknown_language("sentiment", state)
    if not state.customer:
        return CheckResult("sentiment", "na", detail="no customer message")
    positive = negative = 0
    escalations: list[dict] = []
    negatives: list[dict] = []
    end_balance = 0  # of the customer's last message with any sentiment in it ("ok" has none)
    ending: MessageInput | None = None
    for message in state.customer:
        balance = 0
        for name, start, end in state.hits(message):
            if name == "positive":
                positive += 1
                balance += 1
            elif name == "escalation":
                negative += 2
                escalations.append(_evidence(message, start, end))
            elif name in NEGATIVE:
                negative += 1
                balance -= 1
                negatives.append(_evidence(message, start, end))
        if any(n in NEGATIVE or n == "positive" for n, _s, _e in state.hits(message)):
            end_balance, ending = balance, message
    score = (positive - negative) / (positive + negative) if positive + negative else 0.0
    score = round(score, 3)
    if escalations:
        return CheckResult(
            "sentiment",
            "fail",
            (escalations + negatives)[:MAX_EVIDENCE],
            score,
            f"the customer escalated: {_quote(escalations[0])} (score {score:+.2f})",
        )
    if end_balance < 0 and ending is not None:
        last_negative = [e for e in negatives if e["position"] == ending.position]
        return CheckResult(
            "sentiment",
            "fail",
            last_negative[-MAX_EVIDENCE:],
            score,
            f"the customer ended negative: {_quote(last_negative[-1])} (score {score:+.2f})",
        )
    mood = "positive" if score > 0 else "negative" if score < 0 else "neutral"
    return CheckResult(
        "sentiment",
        "pass",
        negatives[:MAX_EVIDENCE],
        score,
        f"no escalation; did not end negative; overall {mood} (score {score:+.2f})",
    )


__all__ = [
    "CheckResult",
    "ConversationInput",
    "MessageInput",
    "card_numbers",
    "check_conversation",
    "conversation_language",
]
