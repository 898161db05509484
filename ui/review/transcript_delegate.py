"""Painting the transcript: each message as a speech bubble, laid out with ``QTextLayout``.

Message text is always plain text: it goes into a ``QTextLayout`` as a string, so markup in a
message is shown as typed, never interpreted, and links are shown as text. Each message is laid out
in its own writing direction (from its first strong character), so Arabic is right-aligned and
shaped correctly whatever the window's direction. Customers speak from the start side (left, or
right in a right-to-left window); agents and bots from the end side; system messages sit small in the
middle; internal notes have a yellow-ish fill and a lock with the words "Internal note".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from qa_desk.conversation_detail import MessageView
from ui import theme
from ui.review.transcript_model import HITS_ROLE, MESSAGE_ROLE

MARGIN_X = 12  # between the view's edge and a bubble
GAP_Y = 4  # above and below each bubble
PAD_X = 10  # inside a bubble
PAD_Y = 6
ISOLATE, END_ISOLATE = "\u2068", "\u2069"  # first-strong isolate, and its end
HEADER_GAP = 2  # between the author line and the text
RADIUS = 8
BUBBLE_SHARE = 0.78  # the widest a bubble gets, as a share of the view's width
SYSTEM_SHARE = 0.86


def mix(base: QColor, tint: QColor | str, amount: float) -> QColor:
    """``base`` with ``amount`` (0..1) of ``tint`` mixed in: tints that suit light and dark."""
    other = QColor(tint)
    return QColor.fromRgbF(
        base.redF() + (other.redF() - base.redF()) * amount,
        base.greenF() + (other.greenF() - base.greenF()) * amount,
        base.blueF() + (other.blueF() - base.blueF()) * amount,
    )


def local_time(moment: datetime | None) -> str:
    """A UTC time in the user's time zone, in their locale's short date and time format."""
    if moment is None:
        return ""
    when = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(when, QLocale.FormatType.ShortFormat)


def local_date(moment: datetime | None) -> str:
    """The local date of a UTC time, in the locale's short date format."""
    if moment is None:
        return ""
    when = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000)).toLocalTime()
    return QLocale().toString(when.date(), QLocale.FormatType.ShortFormat)


def display_text(text: str) -> str:
    """The text as the layout gets it: line breaks as Unicode line separators (a layout does not
    break at a plain newline). The length stays the same, so search offsets still apply."""
    if "\n" not in text and "\r" not in text:
        return text
    return text.replace("\r\n", " \u2028").replace("\r", "\u2028").replace("\n", "\u2028")


@dataclass
class _Laid:
    """A message measured for one view width (and, once drawn, its laid-out lines)."""

    width: int
    text: str
    system: bool
    rtl: bool
    header: str
    max_text_width: float  # the width the lines are broken at
    bubble_width: float
    header_height: float
    height: float
    layout: QTextLayout | None = None


class BubbleDelegate(QStyledItemDelegate):
    """Draws the messages of a :class:`~ui.review.transcript_model.TranscriptModel` as bubbles.

    Layouts are cached per row for the current width; the cache is cleared when the model resets.
    """

    def __init__(self, view: QListView):
        super().__init__(view)
        self.view = view
        self._cache: dict[int, _Laid] = {}
        self._headers: dict[int, tuple[str, float]] = {}  # row -> author line and its width
        self._lock_icon = theme.icon("lock-outline")
        self._font_key = ""
        self._base_font = self._small_font = QFont()
        self._small_metrics = self._base_metrics = QFontMetricsF(QFont())
        view.model().modelReset.connect(self.clear)

    def clear(self) -> None:
        """Forget every layout (the messages changed)."""
        self._cache.clear()
        self._headers.clear()

    # --- fonts and colours ---------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont]:
        """The message font (the view's) and the smaller one of author lines and system messages."""
        base = self.view.font()
        if self._font_key != base.key():
            small = QFont(base)
            small.setPointSizeF(max(6.0, base.pointSizeF() * 0.86))
            self._font_key, self._base_font, self._small_font = base.key(), QFont(base), small
            self._small_metrics = QFontMetricsF(small)
            self._base_metrics = QFontMetricsF(base)
            self._headers.clear()
        return self._base_font, self._small_font

    def _fill(self, message: MessageView, palette: QPalette) -> QColor | None:
        base = palette.color(QPalette.ColorRole.Base)
        if message.internal:
            return mix(base, theme.YELLOW, 0.30 if theme.is_dark() else 0.42)
        if message.role == "system":
            return None
        if message.role == "agent":
            return mix(base, theme.BLUE, 0.16)
        if message.role == "bot":
            return mix(base, theme.REDDISH_PURPLE, 0.14)
        return mix(base, palette.color(QPalette.ColorRole.Text), 0.07)

    # --- layout --------------------------------------------------------------------------------

    def _header(self, message: MessageView) -> str:
        parts = [message.author or self._role_name(message.role), local_time(message.sent_at)]
        if message.internal:
            parts.insert(0, self.tr("Internal note"))
        # each part kept whole in its own direction: an Arabic name never mixes with the time
        return "  ·  ".join(f"{ISOLATE}{p}{END_ISOLATE}" for p in parts if p)

    def _header_of(self, row: int, message: MessageView) -> tuple[str, float]:
        found = self._headers.get(row)
        if found is None:
            header = self._header(message)
            width = self._small_metrics.horizontalAdvance(header) + (16 if message.internal else 0)
            found = self._headers[row] = (header, width)
        return found

    def _role_name(self, role: str) -> str:
        names = {
            "customer": self.tr("Customer"),
            "agent": self.tr("Agent"),
            "bot": self.tr("Bot"),
            "system": self.tr("System"),
        }
        return names.get(role, role)

    def laid_out(self, index: QModelIndex | QPersistentModelIndex) -> _Laid:
        """The message's size for the view's current width.

        Measuring is one call into Qt's text engine per message; the ``QTextLayout`` that draws
        the text is built only when the message is painted (see :meth:`text_layout`).
        """
        width = self.view.viewport().width()
        cached = self._cache.get(index.row())
        if cached is not None and cached.width == width:
            return cached
        message: MessageView = index.data(MESSAGE_ROLE)
        self._fonts()
        system = message.role == "system" and not message.internal
        share = SYSTEM_SHARE if system else BUBBLE_SHARE
        max_text = max(60.0, (width - 2 * MARGIN_X) * share - 2 * PAD_X)
        metrics = self._small_metrics if system else self._base_metrics
        text = display_text(message.text)
        bounds = metrics.boundingRect(
            QRectF(0, 0, max_text, 1e7), int(Qt.TextFlag.TextWordWrap), text
        )
        header, header_width = self._header_of(index.row(), message)
        header_height = self._small_metrics.height()
        content = min(max_text, max(bounds.width(), header_width))
        # the text engine's measure leaves out the last line's leading: allow one pixel for it
        text_height = bounds.height() + 1
        laid = _Laid(
            width=width,
            text=text,
            system=system,
            rtl=message.direction == "rtl",
            header=header,
            max_text_width=max_text,
            bubble_width=content + 2 * PAD_X,
            header_height=header_height,
            height=text_height + header_height + HEADER_GAP + 2 * PAD_Y + 2 * GAP_Y,
        )
        self._cache[index.row()] = laid
        return laid

    def text_layout(self, laid: _Laid) -> QTextLayout:
        """The laid-out lines of a message, built the first time it is drawn."""
        if laid.layout is not None:
            return laid.layout
        layout = QTextLayout(laid.text, self._small_font if laid.system else self._base_font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if laid.rtl else Qt.LayoutDirection.LeftToRight
        )
        # QTextLayout takes Left and Right literally, whatever the text direction
        if laid.system:
            option.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        else:
            option.setAlignment(
                Qt.AlignmentFlag.AlignRight if laid.rtl else Qt.AlignmentFlag.AlignLeft
            )
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(laid.max_text_width)
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        laid.layout = layout
        return layout

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        laid = self.laid_out(index)
        return QSize(max(1, laid.width - 1), int(laid.height + 0.999))

    def text_top(self, index: QModelIndex | QPersistentModelIndex) -> float:
        """Where the message's text starts below the top of its row."""
        return GAP_Y + PAD_Y + self.laid_out(index).header_height + HEADER_GAP

    # --- painting ------------------------------------------------------------------------------

    def _bubble_rect(
        self, option: QStyleOptionViewItem, message: MessageView, laid: _Laid
    ) -> QRectF:
        rect = QRectF(option.rect)
        width = laid.bubble_width
        top, height = rect.top() + GAP_Y, rect.height() - 2 * GAP_Y
        if message.role == "system" and not message.internal:
            return QRectF(rect.center().x() - width / 2, top, width, height)
        from_start = message.role == "customer"
        window_rtl = option.direction == Qt.LayoutDirection.RightToLeft
        on_left = from_start != window_rtl
        x = rect.left() + MARGIN_X if on_left else rect.right() - MARGIN_X - width
        return QRectF(x, top, width, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        message: MessageView = index.data(MESSAGE_ROLE)
        laid = self.laid_out(index)
        palette = option.palette
        bubble = self._bubble_rect(option, message, laid)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = self._fill(message, palette)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if fill is not None or selected:
            path = QPainterPath()
            path.addRoundedRect(bubble.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
            if fill is not None:
                painter.fillPath(path, fill)
            border = palette.color(QPalette.ColorRole.Highlight) if selected else None
            if border is None and message.internal:
                border = QColor(theme.ORANGE)
            if border is not None:
                painter.setPen(QPen(border, 1.5 if selected else 1.0))
                painter.drawPath(path)
        self._paint_header(painter, option, message, laid, bubble)
        self._paint_text(painter, option, index, message, laid, bubble)
        painter.restore()

    def _paint_header(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        message: MessageView,
        laid: _Laid,
        bubble: QRectF,
    ) -> None:
        _, small = self._fonts()
        painter.setFont(small)
        muted = option.palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text) if message.internal else muted)
        area = QRectF(
            bubble.left() + PAD_X,
            bubble.top() + PAD_Y,
            bubble.width() - 2 * PAD_X,
            laid.header_height,
        )
        rtl = message.direction == "rtl"
        if message.internal:
            icon_rect = QRectF(area.right() - 12 if rtl else area.left(), area.top() + 1, 12, 12)
            self._lock_icon.paint(painter, icon_rect.toRect())
            area = area.adjusted(0, 0, -16, 0) if rtl else area.adjusted(16, 0, 0, 0)
        if laid.system:
            align = Qt.AlignmentFlag.AlignHCenter
        else:
            align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        # the author line reads in the message's direction, aligned with its text
        painter.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        align |= Qt.AlignmentFlag.AlignAbsolute
        elided = self._small_metrics.elidedText(
            laid.header, Qt.TextElideMode.ElideRight, area.width()
        )
        painter.drawText(area, int(align | Qt.AlignmentFlag.AlignVCenter), elided)

    def _paint_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        message: MessageView,
        laid: _Laid,
        bubble: QRectF,
    ) -> None:
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        # Lines were broken at max_text_width and aligned within it; shift them so they sit
        # inside this (narrower) bubble on the side their direction reads from.
        spare = laid.max_text_width - (bubble.width() - 2 * PAD_X)
        shift = spare / 2 if laid.system else spare if laid.rtl else 0.0
        origin = QPointF(
            bubble.left() + PAD_X - shift, bubble.top() + PAD_Y + laid.header_height + HEADER_GAP
        )
        self.text_layout(laid).draw(painter, origin, self._highlights(index))

    def _highlights(
        self, index: QModelIndex | QPersistentModelIndex
    ) -> list[QTextLayout.FormatRange]:
        ranges = []
        for start, length, current in index.data(HITS_ROLE) or []:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(theme.ORANGE if current else theme.YELLOW))
            fmt.setForeground(QColor("black"))
            span = QTextLayout.FormatRange()
            span.start, span.length, span.format = start, length, fmt
            ranges.append(span)
        return ranges

    def line_top(self, index: QModelIndex | QPersistentModelIndex, position: int) -> float:
        """Where the line holding text ``position`` (UTF-16) starts below the top of its row."""
        line = self.text_layout(self.laid_out(index)).lineForTextPosition(position)
        return self.text_top(index) + (line.y() if line.isValid() else 0.0)
