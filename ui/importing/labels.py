"""The words the import screens use for QA Desk's CSV columns and for import formats."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from qa_desk.ingest.csv_columns import IGNORE


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportLabels", text)


def column_label(column: str) -> str:
    """A QA Desk column (``conversation_id``) as a person names it (Conversation ID)."""
    labels = {
        IGNORE: _tr("Don't import"),
        "conversation_id": _tr("Conversation ID"),
        "role": _tr("Role (customer, agent, bot, system)"),
        "text": _tr("Message text"),
        "timestamp": _tr("Message time"),
        "author": _tr("Message author"),
        "message_id": _tr("Message ID"),
        "internal": _tr("Internal note (yes/no)"),
        "public": _tr("Public message (yes/no)"),
        "source": _tr("Source"),
        "agent": _tr("Agent name"),
        "agent_email": _tr("Agent e-mail"),
        "agent_id": _tr("Agent ID"),
        "team": _tr("Team"),
        "channel": _tr("Channel"),
        "subject": _tr("Subject"),
        "csat": _tr("CSAT score"),
        "tags": _tr("Tags"),
        "language": _tr("Language"),
        "customer": _tr("Customer name"),
        "customer_email": _tr("Customer e-mail"),
        "customer_id": _tr("Customer ID"),
        "started_at": _tr("Conversation start"),
        "ended_at": _tr("Conversation end"),
    }
    return labels.get(column, column)


def short_column_label(column: str) -> str:
    """Like :func:`column_label`, without the explanation in brackets."""
    return _tr("Role") if column == "role" else column_label(column).split(" (")[0]


def format_label(name: str | None) -> str:
    """An import format's name as a person reads it."""
    labels = {
        "jsonl": _tr("Native JSONL (one conversation per line)"),
        "csv": _tr("CSV (one row per message)"),
        "zendesk": _tr("Zendesk tickets"),
        "zendesk_qa": _tr("Zendesk QA (Klaus) import"),
        "intercom": _tr("Intercom conversations"),
        "freshdesk": _tr("Freshdesk tickets"),
        "helpscout": _tr("Help Scout conversations"),
        "transcript_text": _tr("Call transcript (text, one turn per line)"),
        "transcript_json": _tr("Call transcript (speech-to-text JSON)"),
        None: _tr("Unknown format"),
    }
    return labels.get(name, name or "")
