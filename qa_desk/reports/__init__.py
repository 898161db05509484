"""Excel workbooks made from the reviews: an agent's coaching report and the team scorecard.

Both are written with openpyxl in write-only mode, saved through a temporary file that is moved
into place when complete, and keep text from conversations and comments as text (never a
formula); with ``mask_pii`` e-mail addresses, phone numbers and card numbers are masked.
"""

from qa_desk.reports.coaching_report import write_coaching_report
from qa_desk.reports.common import ReportResult
from qa_desk.reports.data import find_agent, find_team
from qa_desk.reports.scorecard import write_scorecard

__all__ = ["ReportResult", "find_agent", "find_team", "write_coaching_report", "write_scorecard"]
