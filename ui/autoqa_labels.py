"""How the window names the automatic checks and their outcomes, in one place: a short title per
check, a word and an icon per outcome (pass, fail, not applicable), and evidence as a reader sees it
("Message 3: “Hello Olena”"). The colours come from :mod:`ui.theme`; a colour never carries the
outcome alone (each has its word and its own icon shape)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from ui import theme


def tr(text: str) -> str:
    return QCoreApplication.translate("AutoQA", text)


def check_title(check: str) -> str:
    """A check's short title ("First response time"); its id when the window does not know it."""
    titles = {
        "greeting": tr("Greeting"),
        "closing": tr("Closing"),
        "customer_name": tr("Customer's name"),
        "first_response_time": tr("First response time"),
        "longest_wait": tr("Longest wait"),
        "empathy": tr("Empathy"),
        "sensitive_data": tr("Sensitive data"),
        "profanity": tr("Profanity"),
        "sentiment": tr("Customer sentiment"),
    }
    return titles.get(check, check)


def check_description(check: str) -> str:
    """What the check looks for, as a sentence (the catalogue's)."""
    return AUTOQA_CHECKS.get(check, "")


def outcome_word(outcome: str) -> str:
    return {"pass": tr("Pass"), "fail": tr("Fail"), "na": tr("N/A")}.get(outcome, outcome)


def outcome_icon(outcome: str) -> QIcon:
    """A check mark, a cross or a dash in a circle, coloured pass/fail/neutral."""
    name, color = {
        "pass": ("check-circle-outline", theme.PASS),
        "fail": ("close-circle-outline", theme.FAIL),
    }.get(outcome, ("minus-circle-outline", None))
    return theme.icon(name, color)


def evidence_lines(evidence: list[dict[str, Any]]) -> list[str]:
    """Each piece of evidence as "Message 3: “the words”" (positions count from 1 for people)."""
    lines = []
    for item in evidence:
        text = " ".join(str(item.get("text", "")).split())
        lines.append(tr("Message {0}: “{1}”").format(int(item.get("position", 0)) + 1, text))
    return lines


__all__ = [
    "check_description",
    "check_title",
    "evidence_lines",
    "outcome_icon",
    "outcome_word",
]
