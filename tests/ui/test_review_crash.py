"""A killed app loses no rating: every rating is on disk the moment it is picked, and the next
start shows the draft as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from qa_desk.db.models import Review
from qa_desk.rubric_loader import load_rubric_text
from qa_desk.rubric_store import add_rubric
from tests.helpers import RUBRIC_YAML, conversation
from ui.review.queue_page import QueuePage

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

app = QApplication([])
QCoreApplication.setOrganizationName("QA Desk")
QCoreApplication.setApplicationName("QA Desk")
from qa_desk.db import open_database
from qa_desk.users import get_user
from ui.context import AppContext
from ui.review.queue_page import QueuePage

db = open_database(sys.argv[1])
with db.reader() as session:
    user = get_user(session, int(sys.argv[2]))
page = QueuePage(AppContext(db, user))
page.show()
page.activateWindow()
QTest.qWaitForWindowActive(page)
page.context.open_conversation(int(sys.argv[3]))
for key in (Qt.Key.Key_2, Qt.Key.Key_4):  # greeting: pass; tone: 4
    QTest.keyClick(QApplication.focusWidget(), key)
print("ready", flush=True)
while True:  # working on, until killed
    app.processEvents()
    time.sleep(0.02)
"""


def _first_line(stream, timeout: float) -> str:
    """The first line the child prints, or "" when it prints none in ``timeout`` seconds."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0] if lines else ""


def _run_until_killed(
    script: str, db_url: str, user_id: int, conversation_id: int
) -> subprocess.Popen:
    """Run ``script`` in a child process until it prints "ready", then kill it (SIGKILL)."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, db_url, str(user_id), str(conversation_id)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        line = _first_line(child.stdout, timeout=60)
        assert line.strip() == "ready", child.stderr.read() if child.poll() is not None else line
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    return child


def test_a_killed_app_reopens_its_draft_intact(qtbot, db, db_url, context, import_conversations):
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    ids = import_conversations([conversation("T-1"), conversation("T-2")])
    child = _run_until_killed(CHILD, db_url, context.user.id, ids["T-2"])
    assert child.returncode == -signal.SIGKILL

    with db.reader() as session:
        review = session.query(Review).one()
        assert (review.conversation_id, review.status) == (ids["T-2"], "draft")
        assert {r.criterion_id: r.value for r in review.ratings} == {
            "greeting": "pass",
            "tone": "4",
        }
        assert review.score is not None

    page = QueuePage(context)  # the next start
    qtbot.addWidget(page)
    page.show()
    workspace = page.workspace
    assert workspace.state.detail.external_id == "T-2"  # drafts come first in the queue
    assert workspace.state.status == "draft"
    shown = {cid: r.value for cid, r in workspace.scoring_panel.ratings().items()}
    assert shown == {"greeting": "pass", "tone": "4"}
    assert workspace.scoring_panel.progress_label.text() == "2 of 3 rated"


def test_a_comment_typed_then_left_survives_a_kill(
    qtbot, db, db_url, context, import_conversations
):
    """The overall comment is saved the moment the reviewer leaves its box (Tab), not only after
    the pause in typing: a kill right after loses none of it."""
    with db.session() as session:
        add_rubric(session, load_rubric_text(RUBRIC_YAML, "test.yaml"))
    ids = import_conversations([conversation("T-1")])
    typing = CHILD.replace(
        "for key in (Qt.Key.Key_2, Qt.Key.Key_4):  # greeting: pass; tone: 4\n"
        "    QTest.keyClick(QApplication.focusWidget(), key)\n",
        "box = page.workspace.comment_box\n"
        "box.setFocus()\n"
        'QTest.keyClicks(box, "Kind and quick")\n'
        "QTest.keyClick(box, Qt.Key.Key_Tab)  # on to the next control\n",
    )
    assert typing != CHILD
    _run_until_killed(typing, db_url, context.user.id, ids["T-1"])
    with db.reader() as session:
        review = session.query(Review).one()
        assert (review.status, review.comment) == ("draft", "Kind and quick")
