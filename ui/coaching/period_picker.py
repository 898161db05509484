"""The Coaching page's period picker is the one the analysis screens share
(:mod:`ui.analysis.period_picker`); its names are kept here for the modules that import them."""

from ui.analysis.period_picker import PeriodPicker, from_qdate, month_start, to_qdate

__all__ = ["PeriodPicker", "from_qdate", "month_start", "to_qdate"]
