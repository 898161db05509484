"""Masking personal data in text written to a report: e-mail addresses, phone numbers and payment
card numbers.

- an e-mail address becomes ``[e-mail]``;
- a payment card number (13 to 19 digits, optionally grouped with spaces or dashes, that passes the
  Luhn check) becomes ``[card]``; a long number failing the check is left alone (an order number);
- a phone number (7 to 15 digits, optionally with a leading ``+`` and grouped with spaces, dashes,
  dots or brackets) becomes ``[phone]``. Dates and times are not phones; a bare run of digits counts
  only from 10 digits on, so ticket and order numbers (``#4521873``) stay readable.

Masking errs towards hiding: a number that looks like a phone number is hidden even when it is not.
"""

from __future__ import annotations

import re

EMAIL_MASK, CARD_MASK, PHONE_MASK = "[e-mail]", "[card]", "[phone]"

_EMAIL = re.compile(r"[\w.%+'-]+@(?:[\w-]+\.)+[\w-]{2,}")
_CARD = re.compile(r"(?<![\d\w])\d(?:[ \u00a0-]?\d){12,18}(?![\d\w])")
_PHONE = re.compile(r"(?<![\w+])(?:\+|\(\+?)?\d(?:[ \u00a0().\-]{0,2}\d){6,19}\)?(?!\w)")
_DATE = re.compile(
    r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})"
    r"(?:[ T]\d{1,2}(?:[.]\d{2}){0,2})?"  # and the hour of a time: 2026-03-02 09:15
)
_DIGIT_HINTS = re.compile(r"[@\d]")


def luhn_valid(digits: str) -> bool:
    """Whether a string of digits passes the Luhn check that payment card numbers carry."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _card(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return CARD_MASK if 13 <= len(digits) <= 19 and luhn_valid(digits) else match.group()


def _phone(match: re.Match[str]) -> str:
    text = match.group()
    digits = sum(c.isdigit() for c in text)
    if not 7 <= digits <= 15 or _DATE.fullmatch(text.strip("()")):
        return text
    grouped = text.startswith(("+", "(")) or not text.isdigit()
    return PHONE_MASK if grouped or digits >= 10 else text


def mask_pii(text: str) -> str:
    """``text`` with e-mail addresses, payment card numbers and phone numbers masked."""
    if not _DIGIT_HINTS.search(text):
        return text
    if "@" in text:
        text = _EMAIL.sub(EMAIL_MASK, text)
    text = _CARD.sub(_card, text)
    return _PHONE.sub(_phone, text)
