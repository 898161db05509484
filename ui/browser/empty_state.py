"""What the conversation browser shows instead of an empty table: why it is empty, and what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import theme


class EmptyState(QWidget):
    """A calm message in the middle of the table's place: an icon, a title, a hint, and an
    optional button.

    Attributes:
        title, hint: the labels (set with :meth:`show_message`).
        button: shown when the message offers an action.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setFixedWidth(460)  # a fixed width lets the wrapped text take its full height
        self.button = QPushButton()
        self.button.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.picture)
        layout.addWidget(self.title)
        middle = QHBoxLayout()  # not an aligned item: those lose the wrapped label's height
        middle.addStretch(1)
        middle.addWidget(self.hint)
        middle.addStretch(1)
        layout.addLayout(middle)
        layout.addSpacing(8)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def show_message(self, icon: str, title: str, hint: str, button: str | None = None) -> None:
        self.picture.setPixmap(theme.icon(icon, theme.NEUTRAL).pixmap(56, 56))
        self.title.setText(title)
        self.hint.setText(hint)
        self.button.setText(button or "")
        self.button.setVisible(button is not None)
