"""The context beside the transcript: who handled the conversation, where, when, how fast, what
the customer thought of it, and what the automatic checks found.

The panel reads the check results itself when a conversation is shown, from the database of the
screen it sits in (the nearest enclosing widget with an application ``context``), and shows the
evidence of a check in that screen's ``transcript`` when the check is clicked; both are found
once the panel is placed, so every screen that shows a conversation gets them.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QSizePolicy, QWidget

from qa_desk.autoqa import results_for
from qa_desk.changes import Changes
from qa_desk.conversation_detail import ConversationDetail
from ui.context import AppContext
from ui.review.autoqa_section import AutoQASection, reveal_message
from ui.review.criterion_row import start_alignment
from ui.review.transcript_delegate import local_time
from ui.review.transcript_view import TranscriptView


class ContextPanel(QScrollArea):
    """A compact form of the open conversation's context.

    Attributes:
        values: the value label of each field, by key (``agent``, ``team``, ``channel``, ``subject``,
            ``csat``, ``tags``, ``language``, ``started``, ``ended``, ``duration``,
            ``first_response``, ``conversation``).
        autoqa: the automatic checks' results for the conversation.
        conversation_id: the conversation shown (None: none).
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
            value.setWordWrap(True)  # a long team name wraps rather than being cut
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
        self.autoqa = AutoQASection()
        self.autoqa.sig_evidence_requested.connect(self.show_evidence)
        grid.addWidget(self.autoqa, row + 1, 0, 1, 4)
        grid.setRowStretch(row + 2, 1)
        self.setWidget(body)
        self._grid = grid
        self.conversation_id: int | None = None
        self._context: AppContext | None = None
        self.show_detail(None)

    def show_detail(self, detail: ConversationDetail | None) -> None:
        """Fill the form from ``detail`` (empty for None); unknown values show as a dash."""
        locale = QLocale()
        dash = "–"
        self.conversation_id = detail.id if detail is not None else None
        self.show_checks()
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

    def wanted_height(self) -> int:
        """The height that shows the whole form and a row for every automatic check without
        scrolling, at the panel's width now."""
        body = self.widget()
        width = self.width() - 2 * self.frameWidth()  # the body's, with no scroll bar
        height = body.heightForWidth(width)
        if height < 0:
            height = body.sizeHint().height()
        section, grid = self.autoqa, self._grid
        if not section.isHidden():  # what it takes now, for the room every check would take
            margins = grid.contentsMargins()
            shown = section.heightForWidth(width - margins.left() - margins.right())
            height -= shown if shown >= 0 else section.sizeHint().height()
            height -= grid.verticalSpacing()
        return height + grid.verticalSpacing() + section.full_height() + 2 * self.frameWidth()

    # --- automatic checks ------------------------------------------------------------------------

    def _enclosing(self, name: str, kind: type) -> object | None:
        """The attribute ``name`` of the nearest enclosing widget having one of type ``kind``."""
        widget = self.parentWidget()
        while widget is not None:
            found = getattr(widget, name, None)
            if isinstance(found, kind):
                return found
            widget = widget.parentWidget()
        return None

    def app_context(self) -> AppContext | None:
        """The database and change notifications of the screen the panel sits in."""
        if self._context is None:
            context = self._enclosing("context", AppContext)
            if isinstance(context, AppContext):
                self._context = context
                context.sig_changed.connect(self._data_changed)
        return self._context

    def show_checks(self) -> None:
        """Read and show the check results of the conversation shown (a single-row query)."""
        context = self.app_context()
        if self.conversation_id is None or context is None:
            self.autoqa.show_results(None)
            return
        with context.db.reader() as session:
            self.autoqa.show_results(results_for(session, self.conversation_id))

    def _data_changed(self, changes: Changes) -> None:
        if changes.conversations and self.conversation_id is not None:
            self.show_checks()  # the checks may have run again

    def show_evidence(self, position: int, start: int = 0) -> bool:
        """Scroll the screen's transcript to the message at ``position``."""
        transcript = self._enclosing("transcript", TranscriptView)
        return isinstance(transcript, TranscriptView) and reveal_message(
            transcript, position, start
        )

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
