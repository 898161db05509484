"""The Qt binding itself must not corrupt Python's memory: some PySide6 releases lose a reference
to None or True on every call under Python 3.11, and the window aborts after a few minutes."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    sig_ping = Signal()


def test_calls_and_signals_keep_reference_counts(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        emitter.sig_ping.emit()
    # other threads may hold a few more or fewer; a leak per call would be thousands
    assert abs(sys.getrefcount(None) - none_before) < 200
    assert abs(sys.getrefcount(True) - true_before) < 200
