"""Who is using the window: asked on first run, remembered in QSettings, signed in on every start."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from qa_desk.db import Database
from qa_desk.errors import InputError
from qa_desk.users import ROLES, UserInfo, sign_in
from ui.context import AppContext

ROLE_LABELS = {
    "reviewer": "Reviewer — scores conversations",
    "coach": "Coach / team lead — prepares one-on-ones",
    "manager": "QA manager — rubrics, samples, scorecards",
    "admin": "Administrator",
}


def remembered_identity() -> tuple[str, str | None, str] | None:
    """The name, e-mail and role remembered from an earlier start, if any."""
    settings = QSettings()
    name = settings.value("user/name", "", str)
    if not name:
        return None
    email = settings.value("user/email", "", str) or None
    role = settings.value("user/role", "reviewer", str)
    return name, email, role if role in ROLES else "reviewer"


def remember_identity(user: UserInfo) -> None:
    settings = QSettings()
    settings.setValue("user/name", user.name)
    settings.setValue("user/email", user.email or "")
    settings.setValue("user/role", user.role)


def sign_in_remembered(db: Database) -> UserInfo | None:
    """Sign the remembered person in to ``db`` (creating their user there when new)."""
    identity = remembered_identity()
    if identity is None:
        return None
    with db.session() as session:
        return sign_in(session, *identity)


class IdentityDialog(QDialog):
    """Asks for the user's name, e-mail and role, and signs them in."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, current: UserInfo | None = None
    ):
        super().__init__(parent)
        self.db = db
        self.user: UserInfo | None = None
        self.setWindowTitle(self.tr("Who are you?"))
        intro = QLabel(
            self.tr(
                "QA Desk records who made each review. Your name is remembered on this computer."
            )
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(current.name if current else "")
        self.name.setPlaceholderText(self.tr("e.g. Olena Kovalenko"))
        self.email = QLineEdit((current.email or "") if current else "")
        self.email.setPlaceholderText(self.tr("optional"))
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(self.tr(ROLE_LABELS[role]), role)
        if current is not None:
            self.role.setCurrentIndex(ROLES.index(current.role))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&E-mail:"), self.email)
        form.addRow(self.tr("&Role:"), self.role)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(bool(self.name.text().strip()))
        self.name.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            with self.db.session() as session:
                self.user = sign_in(
                    session, self.name.text(), self.email.text(), self.role.currentData()
                )
        except InputError as error:
            self.error.setText("\n".join(p.message for p in error.problems))
            self.error.show()
            return
        remember_identity(self.user)
        super().accept()


def change_identity(parent: QWidget, context: AppContext) -> None:
    """Ask who is using the window now, and sign them in."""
    dialog = IdentityDialog(context.db, parent, context.user)
    if dialog.exec() and dialog.user is not None:
        context.set_user(dialog.user)
