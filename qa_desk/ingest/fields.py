"""Checks shared by the import formats: reading a field of a record and saying precisely what is wrong."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from qa_desk.errors import InputError, Problem
from qa_desk.ingest.timeparse import TimestampError, parse_timestamp

MESSAGE_ROLES = ("customer", "agent", "bot", "system")

_from_iso = datetime.fromisoformat
PLAIN_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d{1,6}))?Z", re.ASCII).fullmatch
"""Matches a time written ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``; group 1 is the fraction."""
_PLAIN_UTC = PLAIN_UTC


def utc_moment(value: Any) -> tuple[datetime, str] | None:
    """A time written ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` (the commonest way) and its stored text
    (``MessageRecord.at_text``, which saves formatting it again); None for any other value."""
    if type(value) is not str or value[-1:] != "Z":
        return None
    if (
        len(value) == 20
        and value[10] == "T"
        and value[4] == value[7] == "-"
        and value[13] == value[16] == ":"
    ):  # whole seconds, the commonest: fromisoformat takes only ASCII digits where these are not
        try:
            return _from_iso(value), f"{value[:10]} {value[11:19]}.000000"
        except ValueError:
            return None
    plain = _PLAIN_UTC(value)
    if plain is None:
        return None
    try:
        moment = _from_iso(value)
    except ValueError:  # a date that does not exist (2026-02-30)
        return None
    return moment, f"{value[:10]} {value[11:19]}.{(plain[1] or '').ljust(6, '0')}"


def iso_time(value: Any, zone: tzinfo) -> datetime | None:
    """The common case of :func:`parse_timestamp`, quickly: ISO 8601 text starting with a
    ``YYYY-`` date, as an aware UTC datetime (read in ``zone`` when it has no offset of its own).

    None means "not this case", never "no time": the caller then asks :func:`parse_timestamp`,
    which reads every other form and says what is wrong. Text with a ``-`` after four characters is
    never read as a unix time there, and ``fromisoformat`` refuses the surrounding spaces that
    :func:`parse_timestamp` would strip, so both give the same time for what this accepts.
    """
    if type(value) is not str or value[4:5] != "-":
        return None
    try:
        moment = _from_iso(value)
    except ValueError:
        return None
    zone_of = moment.tzinfo
    if zone_of is UTC:
        return moment
    if zone_of is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


class RecordReader:
    """Reads fields of one record at ``location`` (``FILE:LINE``), raising a precise :class:`InputError`."""

    def __init__(self, location: str, zone: tzinfo):
        self.location = location
        self.zone = zone

    def fail(self, field: str, message: str) -> InputError:
        return InputError(Problem(self.location, field, message))

    def text(self, value: Any, field: str, *, required: bool = False) -> str | None:
        if type(value) is str and (value or not required):
            return value
        if value is None or (isinstance(value, str) and not value.strip() and required):
            if required:
                raise self.fail(field, "missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(field, f"must be text, not {type(value).__name__}")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    def ident(self, value: Any, field: str) -> str:
        result = self.text(value, field, required=True)
        assert result is not None
        return result.strip()

    def timestamp(self, value: Any, field: str) -> datetime | None:
        moment = iso_time(value, self.zone)
        if moment is not None:
            return moment
        try:
            return parse_timestamp(value, self.zone)
        except TimestampError as error:
            raise self.fail(field, str(error)) from None

    def number(self, value: Any, field: str) -> float | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise self.fail(field, f"must be a number, not {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise self.fail(field, f"must be a number, not {value!r}") from None
        if not math.isfinite(number):
            raise self.fail(field, f"must be a finite number, not {value!r}")
        return number

    def role(self, value: Any, field: str) -> str:
        role = (self.text(value, field, required=True) or "").strip().lower()
        if role not in MESSAGE_ROLES:
            raise self.fail(field, f"'{value}' is not a role (one of: {', '.join(MESSAGE_ROLES)})")
        return role

    def flag(self, value: Any, field: str) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in (
            "true",
            "yes",
            "1",
            "false",
            "no",
            "0",
            "",
        ):
            return value.strip().lower() in ("true", "yes", "1")
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        raise self.fail(field, f"must be true or false, not {value!r}")

    def tags(self, value: Any, field: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            return [t.strip() for t in value.replace(";", ",").split(",") if t.strip()]
        if not isinstance(value, list):
            raise self.fail(field, "must be a list of tags")
        tags = []
        for i, tag in enumerate(value):
            if type(tag) is str and (stripped := tag.strip()):
                tags.append(stripped)
                continue
            text = self.text(tag, f"{field}[{i}]", required=True)
            if text and text.strip():
                tags.append(text.strip())
        return tags
