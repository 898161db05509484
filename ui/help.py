"""The help window (F1): keyboard shortcuts and how scores are computed, readable offline."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

HELP_HTML = """
<h2>QA Desk</h2>
<p>Import support conversations, review them against a rubric, and coach from the results.</p>

<h3>Reviewing with the keyboard</h3>
<table cellpadding="3">
<tr><td><b>Up / Down</b>, <b>K / J</b></td><td>previous / next criterion</td></tr>
<tr><td><b>1</b> – <b>9</b></td><td>pick that value of the criterion's scale (binary: 1 = fail,
2 = pass; points: the n-th point; labels: the n-th label, worst first)</td></tr>
<tr><td><b>0</b> or <b>N</b></td><td>not applicable (where the criterion allows it)</td></tr>
<tr><td><b>C</b></td><td>write a comment on the criterion</td></tr>
<tr><td><b>Ctrl+Enter</b></td><td>submit the review and open the next conversation</td></tr>
<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>undo / redo a rating</td></tr>
</table>
<p>Every rating is saved at once as a draft: closing the window, or a crash, never loses it.</p>

<h3>Everywhere</h3>
<table cellpadding="3">
<tr><td><b>Ctrl+O</b></td><td>import conversations (or drop files on the window)</td></tr>
<tr><td><b>Ctrl+F</b></td><td>search</td></tr>
<tr><td><b>Ctrl+1</b> … <b>Ctrl+8</b></td><td>go to a page of the side bar</td></tr>
<tr><td><b>F1</b></td><td>this help</td></tr>
<tr><td><b>Ctrl+Q</b></td><td>quit</td></tr>
</table>

<h3>How a review is scored</h3>
<ol>
<li>Criteria rated N/A are left out entirely.</li>
<li>Each rating becomes a fraction between 0 and 1: fail 0 and pass 1; on a 1–5 scale, 1 is 0,
3 is 0.5 and 5 is 1; labels are spread evenly from the worst (0) to the best (1).</li>
<li>Score = 100 × Σ(weight × fraction) / Σ(weight) over the rated criteria.</li>
<li>A critical criterion rated below half fails the whole review: its score becomes 0.</li>
<li>When nothing countable was rated, the review has no score.</li>
<li>A review passes when its score reaches the rubric's pass threshold.</li>
</ol>
<p>The quality score (IQS) of an agent, a team or a period is the mean of its review scores,
always shown with the number of reviews and a 95% confidence interval.</p>
"""


def show_help(parent: QWidget | None = None) -> QDialog:
    """Show the help window (not modal, so it can stay open beside the work)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(dialog.tr("QA Desk help"))
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    browser.setHtml(HELP_HTML)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.close)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(620, 640)
    dialog.show()
    return dialog
