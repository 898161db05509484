"""The ``sensitive_data`` check: the agent neither wrote payment data or a password into the
conversation nor asked the customer to send one.

Written: a payment card number (13–19 digits passing the Luhn check; in any language) or a
password after a word that introduces one (``password: Hx7!kq29``); its evidence is stored masked.
Asked: a request (``send me``, ``назвіть``, ``请提供``, ``أرسل``) shortly before what it asks for
in the same sentence (a full card number, the card's security code, a PIN or password), or in
Chinese also right after it (请把卡号发给我). A request is not one when a negation stands at or just
before it (``never share your PIN``, ``let me know if the new password works``), or when what it
asks for is qualified as harmless (``the last four digits of your card number``, ``reset your
password using the link``). The phrases are in each language's ``resources/autoqa`` file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa_desk.autoqa_conversation import (
    MAX_EVIDENCE,
    CheckedConversation,
    CheckResult,
    MessageInput,
    evidence,
    quote,
)
from qa_desk.autoqa_phrases import LanguagePhrases

ASKED = {
    "card_number": "a card number",
    "card_code": "a card security code",
    "password": "a password or PIN",
}
"""The lists of what may not be asked for, with how a detail sentence names each."""
ASK_BEFORE = 60
"""A request counts up to this many characters before what it asks for."""
ASK_AFTER = 4
"""A request of ``ask_after`` counts up to this many characters after what it asks for."""
NEGATION_GAP = 4
"""An ``ask_not`` phrase cancels a request it overlaps or ends at most this far before."""
SAFE_BEFORE = 30
SAFE_AFTER = 12
"""An ``ask_safe`` phrase qualifies what is asked when it starts up to ``SAFE_BEFORE`` characters
before it (and not before the request) or up to ``SAFE_AFTER`` characters after it."""

_CARD = re.compile(r"\d(?:[ -]?\d){12,18}")
_SECRET = re.compile(
    r"(?:[ \t]*(?:[:=：\-—–]+|is|was|to|set to|це|тепер|это|теперь|是|为|改为|هي))*"
    r"[ \t]*[\"'«“]?([^\s\"'»”,;。，；]{4,64})"
)
_SENTENCE_END = re.compile(r"[.!?;\n…。！？；؟]")


@dataclass(frozen=True)
class Finding:
    """One piece of sensitive data: ``what`` was written or asked for (``asked``), where."""

    what: str
    asked: bool
    span: dict


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


def _written(state: CheckedConversation, message: MessageInput) -> list[Finding]:
    """Card numbers and passwords the agent wrote in ``message``, masked."""
    found = [
        Finding("a card number", False, evidence(message, s, e, _masked(message.text[s:e])))
        for s, e in card_numbers(message.text)
    ]
    if state.phrases is None:
        return found
    for name, _start, end in state.hits(message):
        if name != "password":
            continue
        secret = _SECRET.match(message.text, end)
        if secret is None:
            continue
        s, e = secret.span(1)
        e -= len(secret.group(1)) - len(secret.group(1).rstrip(".!?:)…"))
        if e > s and _is_secret(message.text[s:e]):
            span = evidence(message, s, e, _masked(message.text[s:e]))
            found.append(Finding("a password or PIN", False, span))
    return found


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence of ``text`` holding ``start:end``."""
    begin = 0
    for mark in _SENTENCE_END.finditer(text, 0, start):
        begin = mark.end()
    after = _SENTENCE_END.search(text, end)
    return begin, after.start() if after else len(text)


def _request(
    phrases: LanguagePhrases, text: str, start: int, end: int, sentence: tuple[int, int]
) -> tuple[int, int] | None:
    """The span of ``text`` (folded) from a request to what it asks for at ``start:end``, or
    None when nothing asks for it, the request is negated or what is asked is harmless."""
    first, last = sentence
    before = [(s, e) for s, e in phrases.find("ask", text, first, start) if start - e <= ASK_BEFORE]
    if before:
        request = (before[-1][0], end)  # the nearest request before it
    else:
        after = phrases.find("ask_after", text, end, last)
        if not after or after[0][0] - end > ASK_AFTER:
            return None
        request = (start, after[0][1])
    for s, e in phrases.find("ask_not", text, first, last):
        if s <= request[0] <= e + NEGATION_GAP:
            return None
    for s, _e in phrases.find("ask_safe", text, first, last):
        if request[0] <= s and start - SAFE_BEFORE <= s <= end + SAFE_AFTER:
            return None
    return request


def _asked(state: CheckedConversation, message: MessageInput) -> list[Finding]:
    """What the agent asked the customer to send in ``message``."""
    phrases = state.phrases
    if phrases is None:
        return []
    wanted = [(s, e, name) for name, s, e in state.hits(message) if name in ASKED]
    if not wanted:
        return []
    folded = state.folded(message)
    text = folded.text
    if folded.origin is not None:  # the scan's offsets are the message's: find them in the folded
        wanted = sorted((s, e, name) for name in ASKED for s, e in phrases.find(name, text))
    found: list[Finding] = []
    requests: set[int] = set()
    for start, end, name in wanted:
        request = _request(phrases, text, start, end, _sentence(text, start, end))
        if request is None or request[0] in requests:
            continue  # one request for several things ("send me the card number and CVV")
        requests.add(request[0])
        found.append(Finding(ASKED[name], True, evidence(message, *folded.span(*request))))
    return found


def _describe(finding: Finding) -> str:
    verb = "asked for" if finding.asked else "wrote"
    where = int(finding.span["position"]) + 1
    return f"{verb} {finding.what} in message {where}: {quote(finding.span)}"


def sensitive_data(state: CheckedConversation) -> CheckResult:
    if not state.agent:
        return CheckResult("sensitive_data", "na", detail="no agent message")
    found = [f for m in state.agent for f in _written(state, m) + _asked(state, m)]
    found.sort(key=lambda f: (f.span["position"], f.span["start"]))
    scope = "" if state.phrases is not None else " (card numbers only: language unknown)"
    if found:
        described = "; ".join(_describe(f) for f in found[:2])
        more = f"; {len(found) - 2} more" if len(found) > 2 else ""
        return CheckResult(
            "sensitive_data",
            "fail",
            [f.span for f in found[:MAX_EVIDENCE]],
            float(len(found)),
            f"the agent {described}{more}{scope}",
        )
    return CheckResult(
        "sensitive_data",
        "pass",
        value=0.0,
        detail=f"no card number or password shared or asked for{scope}",
    )


__all__ = ["card_numbers", "sensitive_data"]
