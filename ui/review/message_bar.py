"""A slim bar above the workspace that says why something did not happen (e.g. Submit with a
criterion still unrated), in words and with an icon, until it is dismissed or the reason is gone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from ui import theme
from ui.review.transcript_delegate import mix


class MessageBar(QFrame):
    """A dismissable warning line.

    Attributes:
        label: the message shown.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setAutoFillBackground(True)
        self.icon = QLabel()
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        close = QToolButton()
        close.setAutoRaise(True)
        close.setIcon(theme.icon("close"))
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide_message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_message(self, text: str) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Window)
        palette.setColor(QPalette.ColorRole.Window, mix(base, QColor(theme.ORANGE), 0.25))
        self.setPalette(palette)
        self.icon.setPixmap(theme.icon("alert-circle-outline").pixmap(18, 18))
        self.label.setText(text)
        self.setVisible(True)

    def hide_message(self) -> None:
        self.label.clear()
        self.setVisible(False)
