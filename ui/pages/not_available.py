"""A page whose feature has not been built yet, saying so plainly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui import theme


class NotAvailablePage(QWidget):
    """An honest "not available yet" page: what the page will do, and that it is not there yet."""

    def __init__(self, title: str, purpose: str, icon_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        picture = QLabel()
        picture.setPixmap(theme.icon(icon_name, theme.NEUTRAL).pixmap(64, 64))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            self.tr("{0}\n\nThis page is not available yet in this version of QA Desk.").format(
                purpose
            )
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(520)
        for widget in (picture, heading):
            layout.addWidget(widget)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
