"""Reading timestamps as help desks write them: ISO 8601 with or without a zone, or unix time."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_MS_THRESHOLD = 100_000_000_000  # unix seconds past this are years beyond 5000: it is milliseconds


class TimestampError(ValueError):
    """A value that is not a timestamp QA Desk can read."""


def parse_timestamp(value: object, default_zone: tzinfo = UTC) -> datetime | None:
    """An aware UTC datetime for ``value``; None for None or an empty string.

    Accepts ISO 8601 (``2026-03-01T09:15:00Z``, ``+02:00`` offsets, a space instead of ``T``, a date
    alone) and unix time in seconds or milliseconds. A time without a zone is read in ``default_zone``.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise TimestampError(f"{value!r} is not a timestamp")
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= _MS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            raise TimestampError(f"{value!r} is not a unix time") from None
    if not isinstance(value, str):
        raise TimestampError(f"{value!r} is not a timestamp")
    text = value.strip()
    if text.lstrip("-").replace(".", "", 1).isdigit():
        return parse_timestamp(float(text) if "." in text else int(text), default_zone)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise TimestampError(
            f"'{text}' is not a timestamp (expected ISO 8601 such as 2026-03-01T09:15:00Z)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=default_zone)
    return parsed.astimezone(UTC)


def zone_named(name: str | None) -> tzinfo:
    """The time zone called ``name`` (an IANA name such as ``Europe/Kyiv``), UTC for None."""
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimestampError(f"unknown time zone '{name}'") from None
