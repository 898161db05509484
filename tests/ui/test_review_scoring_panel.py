"""The scoring panel on its own (as the rubric editor's live preview uses it): controls generated
from a rubric, the live score, the critical-fail banner, root causes, read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from qa_desk.reviews import RatingInput
from qa_desk.rubric_loader import load_rubric_text
from ui.review.scoring_panel import ScoringPanel

RUBRIC = """
id: panel
name: Panel rubric
pass_threshold: 80
sections:
  - id: one
    name: First section
    criteria:
      - {id: greeting, name: Greets the customer, guidance: A greeting and the agent's name., scale: binary, root_causes: [no greeting, no name]}
      - {id: tone, name: Tone, scale: {labels: [poor, fair, good, great]}, weight: 3, allow_na: true, root_causes: [too formal, impatient]}
  - id: two
    name: Compliance
    criteria:
      - {id: identity, name: Verifies identity, scale: binary, critical: true, weight: 2}
"""


@pytest.fixture
def panel(qtbot):
    widget = ScoringPanel()
    qtbot.addWidget(widget)
    widget.set_rubric(load_rubric_text(RUBRIC, "panel.yaml"))
    widget.resize(420, 700)
    widget.show()
    return widget


def test_controls_follow_the_rubric(panel):
    assert list(panel.rows) == ["greeting", "tone", "identity"]
    tone = panel.rows["tone"]
    assert [b.text() for b in tone.value_buttons] == ["poor", "fair", "good", "great"]
    assert tone.na_button is not None and panel.rows["greeting"].na_button is None
    assert [b.text() for b in panel.rows["greeting"].value_buttons] == ["Fail", "Pass"]
    greeting = panel.rows["greeting"]
    assert greeting.toolTip() == "A greeting and the agent's name."
    assert not greeting.guidance_label.isVisible()
    greeting.expand_button.click()
    assert greeting.guidance_label.isVisible()
    assert "Critical" in panel.rows["identity"].caption.text()
    assert panel.progress_label.text() == "0 of 3 rated"


def test_clicking_a_value_tells_and_rescores(qtbot, panel):
    with qtbot.waitSignal(panel.sig_rating_changed) as signal:
        panel.rows["tone"].value_buttons[2].click()
    assert signal.args[0] == "tone"
    assert signal.args[1] == RatingInput("good", None, [])
    assert panel.score_label.text() == "66.7 %"
    # 1 of 3 rated: a running score, no verdict yet
    assert panel.verdict_label.text() == "So far · pass mark 80 %"
    panel.rows["greeting"].value_buttons[1].click()
    panel.rows["identity"].value_buttons[1].click()
    assert panel.score_label.text() == "83.3 %"  # (1 + 3 × 2/3 + 2) / 6
    assert "Pass" in panel.verdict_label.text()
    assert panel.progress_label.text() == "3 of 3 rated"


def test_a_failed_critical_criterion_shows_a_banner_in_words(panel):
    panel.set_ratings(
        {
            "greeting": RatingInput("pass"),
            "tone": RatingInput("great"),
            "identity": RatingInput("fail"),
        }
    )
    assert panel.critical_banner.isVisible()
    assert panel.critical_label.text() == "Critical fail: Verifies identity. The review scores 0."
    assert panel.score_label.text() == "0.0 %"
    assert panel.verdict_label.text().startswith("Fail")
    panel.set_rating("identity", RatingInput("pass"))
    assert not panel.critical_banner.isVisible()


def test_root_causes_are_offered_below_full_marks_only(qtbot, panel):
    tone = panel.rows["tone"]
    tone.value_buttons[3].click()  # great: nothing to explain
    assert not tone.chip_box.isVisible()
    tone.value_buttons[1].click()  # fair
    assert tone.chip_box.isVisible()
    with qtbot.waitSignal(panel.sig_rating_changed) as signal:
        tone.chips[1].click()
    assert signal.args[1] == RatingInput("fair", None, ["impatient"])
    with qtbot.waitSignal(panel.sig_rating_changed) as signal:
        tone.value_buttons[3].click()  # back to great: the root causes go
    assert signal.args[1] == RatingInput("great", None, [])
    tone.na_button.click()
    assert not tone.chip_box.isVisible()
    assert panel.ratings()["tone"].value == "NA"


def test_set_ratings_shows_them_and_read_only_stops_changes(qtbot, panel):
    panel.set_ratings(
        {
            "greeting": RatingInput("fail", "No greeting at all", ["no greeting"]),
            "tone": RatingInput("NA"),
        }
    )
    greeting = panel.rows["greeting"]
    assert greeting.value_buttons[0].isChecked() and not greeting.value_buttons[1].isChecked()
    assert greeting.comment_box.text() == "No greeting at all"
    assert [c.isChecked() for c in greeting.chips] == [True, False]
    assert panel.rows["tone"].na_button.isChecked()
    panel.set_read_only(True)
    assert not greeting.value_buttons[1].isEnabled()
    assert greeting.comment_box.isReadOnly()
    with qtbot.assertNotEmitted(panel.sig_rating_changed):
        greeting.setFocus()
        qtbot.keyClick(greeting, Qt.Key.Key_2)
    assert greeting.value == "fail"
    panel.set_ratings({})
    assert panel.ratings() == {} and panel.score_label.text() == ""


def test_a_comment_is_told_once_typing_ends(qtbot, panel):
    greeting = panel.rows["greeting"]
    greeting.value_buttons[0].click()
    panel.set_current("greeting")
    with qtbot.waitSignal(panel.sig_rating_changed, timeout=3000) as signal:
        qtbot.keyClicks(greeting.comment_box, "No name given")
    assert signal.args[1] == RatingInput("fail", "No name given", [])


def test_bare_values_are_taken_as_ratings(panel):
    panel.set_ratings({"greeting": "pass", "tone": "good", "identity": "no such value"})
    assert panel.ratings() == {"greeting": RatingInput("pass"), "tone": RatingInput("good")}
    assert panel.rows["identity"].value is None
