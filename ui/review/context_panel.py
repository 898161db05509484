"""The context beside the transcript: who handled the conversation, where, when, how fast, and
what the customer thought of it."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QSizePolicy, QWidget

from qa_desk.conversation_detail import ConversationDetail
from ui.review.criterion_row import start_alignment
from ui.review.transcript_delegate import local_time


class ContextPanel(QScrollArea):
    """A compact form of the open conversation's context.

    Attributes:
        values: the value label of each field, by key (``agent``, ``team``, ``channel``, ``subject``,
            ``csat``, ``tags``, ``language``, ``started``, ``ended``, ``duration``,
            ``first_response``, ``conversation``).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.values: dict[str, QLabel] = {}
        row, column = 0, 0
        for key, label, wide in (
            ("agent", self.tr("Agent"), True),
            ("team", self.tr("Team"), False),
            ("channel", self.tr("Channel"), False),
            ("subject", self.tr("Subject"), True),
            ("csat", self.tr("CSAT"), False),
            ("language", self.tr("Language"), False),
            ("tags", self.tr("Tags"), True),
            ("started", self.tr("Started"), False),
            ("ended", self.tr("Ended"), False),
            ("duration", self.tr("Duration"), False),
            ("first_response", self.tr("First response"), False),
            ("conversation", self.tr("Conversation"), True),
        ):
            value = QLabel()
            value.setTextFormat(Qt.TextFormat.PlainText)  # conversation data is never markup
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(wide)
            value.setAlignment(start_alignment(self))
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            name = QLabel(label)
            name.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, like a caption
            name.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
            if wide and column:
                row, column = row + 1, 0
            grid.addWidget(name, row, column)
            grid.addWidget(value, row, column + 1, 1, 3 if wide else 1)
            if wide or column:
                row, column = row + 1, 0
            else:
                column = 2
            self.values[key] = value
        grid.setRowStretch(row + 1, 1)
        self.setWidget(body)
        self.show_detail(None)

    def show_detail(self, detail: ConversationDetail | None) -> None:
        """Fill the form from ``detail`` (empty for None); unknown values show as a dash."""
        locale = QLocale()
        dash = "–"
        if detail is None:
            for label in self.values.values():
                label.setText(dash)
            return
        language = ""
        if detail.language:
            name = QLocale.languageToString(QLocale(detail.language).language())
            language = f"{name} ({detail.language})" if name and name != "C" else detail.language
        csat = locale.toString(detail.csat, "g", 3) if detail.csat is not None else ""
        agent = detail.agent or ""
        if detail.agent_email and detail.agent_email != agent:
            agent = f"{agent} <{detail.agent_email}>" if agent else detail.agent_email
        texts = {
            "agent": agent,
            "team": detail.team,
            "channel": detail.channel,
            "subject": detail.subject,
            "csat": csat,
            "tags": ", ".join(detail.tags),
            "language": language,
            "started": local_time(detail.started_at),
            "ended": local_time(detail.ended_at),
            "duration": self.duration(detail.duration_seconds),
            "first_response": self.duration(detail.first_response_seconds),
            "conversation": f"{detail.source} · {detail.external_id}",
        }
        for key, text in texts.items():
            self.values[key].setText(text or dash)

    def duration(self, seconds: float | None) -> str:
        """A duration as people say it: "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h"."""
        if seconds is None:
            return ""
        total = round(seconds)
        days, rest = divmod(total, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        if days:
            return self.tr("{0} d {1} h").format(days, hours)
        if hours:
            return self.tr("{0} h {1} min").format(hours, minutes)
        if minutes:
            return self.tr("{0} min {1} s").format(minutes, secs)
        return self.tr("{0} s").format(secs)
