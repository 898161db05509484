"""What the conversation browser shows instead of an empty table: why it is empty, and what to do."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from ui import theme
from ui.context import AppContext
from ui.welcome import load_demo_data


def demo_action(parent: QWidget, context: AppContext) -> QAction:
    """ "Load demo data": what an empty database offers to try QA Desk with."""
    action = QAction(theme.icon("play-box-multiple-outline"), parent.tr("Load demo data"), parent)
    action.setToolTip(parent.tr("About 2,000 conversations with past reviews, to try every screen"))
    action.triggered.connect(lambda: load_demo_data(parent, context))
    return action


def start_actions(page: QWidget, demo: QAction) -> list[QAction]:
    """What an empty database offers: the window's own Import action (when the page is in the
    main window) and loading the demo data."""
    window_import = getattr(page.window(), "import_action", None)
    found = [window_import] if isinstance(window_import, QAction) else []
    return [*found, demo]


class EmptyState(QWidget):
    """A calm message in the middle of the table's place: an icon, a title, a hint, and an
    optional button or row of actions.

    Attributes:
        title, hint: the labels (set with :meth:`show_message`).
        button: shown when the message offers a button of the page's own.
        action_buttons: one button per action the message offers (the window's own actions, so
            each does exactly what its menu item does).
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
        self.action_buttons: list[QToolButton] = []
        self._actions_row = QHBoxLayout()
        self._actions_row.addStretch(1)
        self._actions_row.addStretch(1)
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
        layout.addLayout(self._actions_row)
        layout.addStretch(3)

    def show_message(
        self,
        icon: str,
        title: str,
        hint: str,
        button: str | None = None,
        actions: Sequence[QAction] = (),
    ) -> None:
        """Show a message, with a button of the page's own (``button``: its text) or buttons
        that trigger ``actions``."""
        self.picture.setPixmap(theme.icon(icon, theme.NEUTRAL).pixmap(56, 56))
        self.title.setText(title)
        self.hint.setText(hint)
        self.button.setText(button or "")
        self.button.setVisible(button is not None)
        self._show_actions(actions)

    def _show_actions(self, actions: Sequence[QAction]) -> None:
        if [b.defaultAction() for b in self.action_buttons] == list(actions):
            return
        for old in self.action_buttons:
            self._actions_row.removeWidget(old)
            old.hide()  # gone at once, not when the event loop deletes it
            old.deleteLater()
        self.action_buttons = []
        for action in actions:
            shown = QToolButton()
            shown.setDefaultAction(action)  # its text, icon, tooltip and enabled state
            shown.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self._actions_row.insertWidget(len(self.action_buttons) + 1, shown)
            self.action_buttons.append(shown)
