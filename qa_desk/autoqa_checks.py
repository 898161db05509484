"""The automatic checks of one conversation given as plain data (no database): which function
makes each check of the catalogue, and running them all.

:func:`check_conversation` gives one :class:`CheckResult` per check of
:data:`qa_desk.autoqa_catalog.AUTOQA_CHECKS`, in that order: ``pass``, ``fail`` or ``na`` with the
evidence (the message and the span of its text that decided it), a measured value where there is
one, and a sentence saying why. Only public messages count (an internal note is never seen by the
customer); bot messages are neither the agent's nor the customer's. A conversation in a language
without phrase lists gets the language-neutral checks only (timing, card numbers); the others are
``na``.

The checks live by what they read: :mod:`qa_desk.autoqa_timing` (response times),
:mod:`qa_desk.autoqa_phrase_checks` (greeting, closing, empathy, profanity, sentiment),
:mod:`qa_desk.autoqa_names` (the customer's name) and :mod:`qa_desk.autoqa_sensitive` (card numbers
and passwords written or asked for); the data they share is in :mod:`qa_desk.autoqa_conversation`.
"""

from __future__ import annotations

from collections.abc import Callable

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.autoqa_conversation import (
    CheckedConversation,
    CheckResult,
    ConversationInput,
    MessageInput,
)
from qa_desk.autoqa_names import customer_name
from qa_desk.autoqa_phrase_checks import closing, empathy, greeting, profanity, sentiment
from qa_desk.autoqa_phrases import detect_language, language_code, phrases_for
from qa_desk.autoqa_sensitive import card_numbers, sensitive_data
from qa_desk.autoqa_sla import SLASettings
from qa_desk.autoqa_timing import first_response, longest_wait

Check = Callable[[CheckedConversation], CheckResult]

CHECKS: dict[str, Check] = {
    "greeting": greeting,
    "closing": closing,
    "customer_name": customer_name,
    "first_response_time": first_response,
    "longest_wait": longest_wait,
    "empathy": empathy,
    "sensitive_data": sensitive_data,
    "profanity": profanity,
    "sentiment": sentiment,
}
"""The function of each check of the catalogue, in catalogue order."""
assert list(CHECKS) == list(AUTOQA_CHECKS), "every check of the catalogue has one function"


def conversation_language(conversation: ConversationInput) -> str | None:
    """The supported language of a conversation: its ``language`` field, or when that is empty a
    guess from the script of its first messages; None when unsupported or unsure."""
    if conversation.language:
        return language_code(conversation.language)
    return detect_language([m.text for m in conversation.messages[:6]])


def check_conversation(conversation: ConversationInput, sla: SLASettings) -> list[CheckResult]:
    """Every automatic check of one conversation, in catalogue order."""
    code = conversation_language(conversation)
    state = CheckedConversation(conversation, phrases_for(code) if code else None, sla)
    return [check(state) for check in CHECKS.values()]


__all__ = [
    "CHECKS",
    "CheckResult",
    "ConversationInput",
    "MessageInput",
    "card_numbers",
    "check_conversation",
    "conversation_language",
]
