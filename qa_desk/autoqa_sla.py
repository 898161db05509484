"""Response-time targets (SLA) per channel for the timing checks: the defaults shipped in
``resources/autoqa/sla.yaml``, overridden by ``autoqa-sla.yaml`` in the user configuration folder
and by a file named on the command line (each only needs the channels and values it changes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from platformdirs import user_config_dir

from qa_desk.autoqa_phrases import autoqa_dir
from qa_desk.config import APP_NAME
from qa_desk.errors import InputError, Problem

TARGETS = ("first_response", "longest_wait")
USER_FILE = "autoqa-sla.yaml"
_DURATION = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?)?\s*$"
)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class ChannelSLA:
    """The targets of one channel in seconds; None: not measured there."""

    first_response: float | None = None
    longest_wait: float | None = None


@dataclass(frozen=True)
class SLASettings:
    """The targets of every channel, and of any channel not named (``default``)."""

    channels: dict[str, ChannelSLA] = field(default_factory=dict)
    default: ChannelSLA = ChannelSLA()

    def for_channel(self, channel: str | None) -> ChannelSLA:
        if channel is None:
            return self.default
        return self.channels.get(channel.strip().casefold(), self.default)


def user_sla_path() -> Path:
    """Where a user's own SLA targets are read from."""
    return Path(user_config_dir(APP_NAME, appauthor=False)) / USER_FILE


def parse_duration(value: Any, where: str, field_: str) -> float | None:
    """Seconds from ``90``, ``"90 s"``, ``"5 min"``, ``"24 h"``; None for null."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(Problem(where, field_, f"{value!r} is not a duration"))
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        found = _DURATION.match(str(value).casefold())
        if found is None:
            raise InputError(
                Problem(where, field_, f"'{value}' is not a duration such as 90 s, 5 min or 24 h")
            )
        seconds = float(found.group(1)) * _UNIT_SECONDS[(found.group(2) or "s")[0]]
    if seconds <= 0:
        raise InputError(Problem(where, field_, "must be more than zero"))
    return seconds


def _merge(base: ChannelSLA, data: Any, where: str, field_: str) -> ChannelSLA:
    if data is None:
        return ChannelSLA()
    if not isinstance(data, dict):
        raise InputError(Problem(where, field_, "must map first_response/longest_wait to times"))
    unknown = set(data) - set(TARGETS)
    if unknown:
        raise InputError(
            Problem(where, f"{field_}.{sorted(unknown)[0]}", f"unknown; use {', '.join(TARGETS)}")
        )
    values = {name: getattr(base, name) for name in TARGETS}
    for name in TARGETS:
        if name in data:
            values[name] = parse_duration(data[name], where, f"{field_}.{name}")
    return ChannelSLA(**values)


def apply_overrides(settings: SLASettings, path: Path) -> SLASettings:
    """``settings`` with what the file at ``path`` changes; :class:`InputError` naming the file and
    field for anything wrong in it."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise InputError(Problem(where, "", f"cannot be read ({error})")) from None
    if not isinstance(data, dict) or set(data) - {"channels", "default"}:
        raise InputError(Problem(where, "", "must have channels: and/or default: only"))
    channels = dict(settings.channels)
    given = data.get("channels") or {}
    if not isinstance(given, dict):
        raise InputError(Problem(where, "channels", "must map channel names to targets"))
    for name, targets in given.items():
        key = str(name).strip().casefold()
        channels[key] = _merge(
            channels.get(key, settings.default), targets, where, f"channels.{name}"
        )
    default = settings.default
    if "default" in data:
        default = _merge(default, data["default"], where, "default")
    return SLASettings(channels, default)


def load_sla(extra: Path | str | None = None, user_file: bool = True) -> SLASettings:
    """The shipped defaults, then the user's file (if any, and ``user_file``), then ``extra``."""
    settings = apply_overrides(SLASettings(), autoqa_dir() / "sla.yaml")
    if user_file and user_sla_path().is_file():
        settings = apply_overrides(settings, user_sla_path())
    if extra is not None:
        settings = apply_overrides(settings, Path(extra))
    return settings


def describe(seconds: float) -> str:
    """A duration in the unit a person would say it in: 45 s, 7 min, 26 h."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h".replace(".0 h", " h")


__all__ = [
    "ChannelSLA",
    "SLASettings",
    "apply_overrides",
    "describe",
    "load_sla",
    "parse_duration",
    "user_sla_path",
]
