"""Sample rules: which conversations a sample is drawn from, how many, aimed at what, and for whom.

A rule is plain data (:class:`SampleRule`), read from and written to YAML. Every problem in a rule
file is reported at once as ``FILE: field.path: what is wrong``. The shape::

    name: Weekly chat check
    seed: 42
    period: {from: 2026-10-01, to: 2026-10-31}   # calendar days in UTC; or {last_days: 7}
    filters:
      teams: [Tier 1]                 # team names
      agents: [dana@example.com]      # agent names, e-mails or help-desk ids
      channels: [chat]
      languages: [en, uk]
      tags: {in: [refund], out: [spam]}
      csat: {min: 1, max: 3}
      min_messages: 4
      checks: {greeting: fail}        # automatic-check outcomes (pass, fail, na)
      text: refund                    # full-text search of the messages
    size: {per_agent: 5}              # or {total: 100} or {percent: 5}
    strata: channel                   # proportional strata: channel, team or language
    exclude: {reviewed: true, assigned: true}
    focus: {options: [low_csat, failed_checks, negative_sentiment, outliers],
            random_share: 30, low_csat_max: 2}
    assign: {reviewers: [Rita, sam@example.com], capacity: {Sam: 10}, due_in_days: 7}

Everything but ``size`` may be left out. A period of fixed days moves to the next period of the
same kind with :meth:`Period.following` (whole months to whole months, otherwise the same number of
days), so a saved rule is run again week after week or month after month.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

from qa_desk.autoqa_catalog import AUTOQA_CHECKS
from qa_desk.db.models import AUTOQA_OUTCOMES
from qa_desk.errors import InputError, Problem
from qa_desk.rubric_loader import _Checker

SIZE_KINDS = ("per_agent", "total", "percent")
STRATA = ("channel", "team", "language")
FOCUS_OPTIONS = ("low_csat", "failed_checks", "negative_sentiment", "outliers")
RULE_KEYS = ("name", "seed", "period", "filters", "size", "strata", "exclude", "focus", "assign")
FILTER_KEYS = (
    "teams", "agents", "channels", "languages", "tags", "csat", "min_messages", "checks", "text",
)  # fmt: skip
DEFAULT_RANDOM_SHARE = 30.0
DEFAULT_LOW_CSAT = 2.0


@dataclass(frozen=True)
class Period:
    """The start dates a sample is drawn from: ``first`` to ``last`` (inclusive calendar days in
    UTC), or the ``last_days`` days up to today. All None: any time."""

    first: date | None = None
    last: date | None = None
    last_days: int | None = None

    def bounds(self, today: date | None = None) -> tuple[datetime | None, datetime | None]:
        """The half-open range of start instants ``[from, before)`` the period stands for."""
        if self.last_days is not None:
            today = today or datetime.now(UTC).date()
            first, last = today - timedelta(days=self.last_days - 1), today
        else:
            first, last = self.first, self.last
        start = datetime.combine(first, time(), UTC) if first else None
        before = datetime.combine(last + timedelta(days=1), time(), UTC) if last else None
        return start, before

    def following(self) -> Period:
        """The next period of the same kind: whole calendar months give the same number of whole
        months (1–31 Oct gives 1–30 Nov), any other period the same number of days (a week the
        next week). A relative period stays as it is."""
        if self.first is None or self.last is None or self.last < self.first:
            return self
        after = self.last + timedelta(days=1)
        if self.first.day == 1 and after.day == 1:
            months = _month_number(after) - _month_number(self.first)
            return Period(after, _month_start(_month_number(after) + months) - timedelta(days=1))
        length = (self.last - self.first).days + 1
        return Period(self.first + timedelta(days=length), self.last + timedelta(days=length))


def _month_number(day: date) -> int:
    """Months since year 0, so that months can be counted and added."""
    return day.year * 12 + day.month - 1


def _month_start(number: int) -> date:
    return date(number // 12, number % 12 + 1, 1)


@dataclass(frozen=True)
class RuleFilters:
    """Which conversations may be drawn; an empty tuple or None leaves a filter out.

    Attributes:
        teams, agents, channels, languages: any of these (agents by name, e-mail or id).
        tags_in: conversations with at least one of these tags; ``tags_out``: with none of these.
        csat_min, csat_max: an inclusive CSAT range (conversations without CSAT never match).
        min_messages: at least this many messages.
        checks: ``(check, outcome)`` pairs every conversation must have (automatic checks).
        text: full-text search of the messages.
    """

    teams: tuple[str, ...] = ()
    agents: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tags_in: tuple[str, ...] = ()
    tags_out: tuple[str, ...] = ()
    csat_min: float | None = None
    csat_max: float | None = None
    min_messages: int | None = None
    checks: tuple[tuple[str, str], ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Focus:
    """What a sample aims at beside plain random drawing.

    Attributes:
        options: some of :data:`FOCUS_OPTIONS`.
        random_share: the percentage of each agent's picks (or of all picks, for a size in total
            or percent) drawn plainly at random, rounded up, so the overall picture stays
            unbiased; strata share it out (:func:`qa_desk.sampling_draw.random_shares`).
        low_csat_max: a CSAT at or below this is low (on the 1–5 scale).
    """

    options: tuple[str, ...] = ()
    random_share: float = DEFAULT_RANDOM_SHARE
    low_csat_max: float = DEFAULT_LOW_CSAT


@dataclass(frozen=True)
class AssignOptions:
    """Who reviews the sample: ``reviewers`` (names or e-mails), an optional ``capacity`` per
    reviewer (most conversations they take), and ``due_in_days`` after the sample is drawn."""

    reviewers: tuple[str, ...] = ()
    capacity: tuple[tuple[str, int], ...] = ()
    due_in_days: int | None = None


@dataclass(frozen=True)
class SampleRule:
    """A whole sample rule (see the module docstring for its YAML form).

    Attributes:
        size_kind, size: ``per_agent`` (N per agent), ``total`` (N in all) or ``percent``.
        strata: draw proportionally from each channel, team or language (None: no strata).
        exclude_reviewed, exclude_assigned: leave out conversations somebody has reviewed
            (drafts included) or that an earlier sample assigned.
    """

    size_kind: str = "per_agent"
    size: float = 5
    name: str = ""
    seed: int = 1
    period: Period = field(default_factory=Period)
    filters: RuleFilters = field(default_factory=RuleFilters)
    strata: str | None = None
    exclude_reviewed: bool = True
    exclude_assigned: bool = True
    focus: Focus = field(default_factory=Focus)
    assign: AssignOptions = field(default_factory=AssignOptions)

    def for_next_period(self) -> SampleRule:
        """The same rule over the following period."""
        return replace(self, period=self.period.following())


# --- reading -----------------------------------------------------------------------------------


class _Reader(_Checker):
    """Collects the problems of one rule while reading it."""

    def mapping(self, data: dict[str, Any], key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        value = data.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(key, "must be a mapping")
            return {}
        self.keys(value, allowed, key)
        return value

    def names(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str | int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list) or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in value
        ):
            self.add(path, "must be a list of names")
            return ()
        return tuple(str(v).strip() for v in value if str(v).strip())

    def number(
        self, data: dict[str, Any], key: str, path: str, low: float, high: float | None = None
    ) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(path, f"must be a number, not {value!r}")
            return None
        if value < low or (high is not None and value > high):
            bound = f"from {low:g} to {high:g}" if high is not None else f"at least {low:g}"
            self.add(path, f"{value:g} is out of range (must be {bound})")
            return None
        return float(value)

    def whole(self, data: dict[str, Any], key: str, path: str, low: int) -> int | None:
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.add(path, f"must be a whole number, not {value!r}")
            return None
        return None if value is None else int(self.number(data, key, path, low) or low)

    def day(self, data: dict[str, Any], key: str, path: str) -> date | None:
        value = data.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.add(path, f"'{value}' is not a date (YYYY-MM-DD)")
            return None


def _period(r: _Reader, data: dict[str, Any]) -> Period:
    values = r.mapping(data, "period", ("from", "to", "last_days"))
    last_days = r.whole(values, "last_days", "period.last_days", 1)
    first, last = r.day(values, "from", "period.from"), r.day(values, "to", "period.to")
    if last_days is not None and (first or last):
        r.add("period", "give either from/to or last_days, not both")
    if first and last and last < first:
        r.add("period.to", f"{last} is before {first}")
    return Period(first, last, last_days)


def _filters(r: _Reader, data: dict[str, Any]) -> RuleFilters:
    values = r.mapping(data, "filters", FILTER_KEYS)
    tags = values.get("tags") or {}
    if isinstance(tags, list):
        tags = {"in": tags}
    if not isinstance(tags, dict):
        r.add("filters.tags", "must be a mapping with 'in' and 'out' lists")
        tags = {}
    r.keys(tags, ("in", "out"), "filters.tags")
    csat = values.get("csat") or {}
    if not isinstance(csat, dict):
        r.add("filters.csat", "must be a mapping with 'min' and 'max'")
        csat = {}
    r.keys(csat, ("min", "max"), "filters.csat")
    csat_min = r.number(csat, "min", "filters.csat.min", 0)
    csat_max = r.number(csat, "max", "filters.csat.max", 0)
    if csat_min is not None and csat_max is not None and csat_max < csat_min:
        r.add("filters.csat", f"max {csat_max:g} is below min {csat_min:g}")
    checks_data = values.get("checks") or {}
    checks: list[tuple[str, str]] = []
    if not isinstance(checks_data, dict):
        r.add("filters.checks", "must map check names to outcomes (pass, fail, na)")
        checks_data = {}
    for check, outcome in checks_data.items():
        path = f"filters.checks.{check}"
        if check not in AUTOQA_CHECKS:
            r.add(path, f"unknown check '{check}' (known: {', '.join(AUTOQA_CHECKS)})")
        elif outcome not in AUTOQA_OUTCOMES:
            r.add(path, f"outcome must be one of {', '.join(AUTOQA_OUTCOMES)}, not {outcome!r}")
        else:
            checks.append((str(check), str(outcome)))
    return RuleFilters(
        teams=r.names(values, "teams", "filters.teams"),
        agents=r.names(values, "agents", "filters.agents"),
        channels=r.names(values, "channels", "filters.channels"),
        languages=r.names(values, "languages", "filters.languages"),
        tags_in=r.names(tags, "in", "filters.tags.in"),
        tags_out=r.names(tags, "out", "filters.tags.out"),
        csat_min=csat_min,
        csat_max=csat_max,
        min_messages=r.whole(values, "min_messages", "filters.min_messages", 0),
        checks=tuple(sorted(checks)),
        text=r.text(values, "text", "filters", required=False),
    )


def _size(r: _Reader, data: dict[str, Any]) -> tuple[str, float]:
    values = r.mapping(data, "size", SIZE_KINDS)
    given = [k for k in SIZE_KINDS if values.get(k) is not None]
    if len(given) != 1:
        r.add("size", "give exactly one of per_agent, total or percent")
        return "per_agent", 5
    kind = given[0]
    if kind == "percent":
        return kind, r.number(values, kind, f"size.{kind}", 0, 100) or 0.0
    return kind, float(r.whole(values, kind, f"size.{kind}", 1) or 1)


def _focus(r: _Reader, data: dict[str, Any]) -> Focus:
    values = r.mapping(data, "focus", ("options", "random_share", "low_csat_max"))
    options = r.names(values, "options", "focus.options")
    for option in options:
        if option not in FOCUS_OPTIONS:
            r.add("focus.options", f"unknown option '{option}' (known: {', '.join(FOCUS_OPTIONS)})")
    share = r.number(values, "random_share", "focus.random_share", 0, 100)
    low = r.number(values, "low_csat_max", "focus.low_csat_max", 0)
    return Focus(
        tuple(o for o in FOCUS_OPTIONS if o in options),
        DEFAULT_RANDOM_SHARE if share is None else share,
        DEFAULT_LOW_CSAT if low is None else low,
    )


def _assign(r: _Reader, data: dict[str, Any]) -> AssignOptions:
    values = r.mapping(data, "assign", ("reviewers", "capacity", "due_in_days"))
    capacity = values.get("capacity") or {}
    if not isinstance(capacity, dict):
        r.add("assign.capacity", "must map reviewers to the most conversations each takes")
        capacity = {}
    limits = []
    for name in capacity:
        limit = r.whole(capacity, name, f"assign.capacity.{name}", 0)
        if limit is not None:
            limits.append((str(name), limit))
    return AssignOptions(
        r.names(values, "reviewers", "assign.reviewers"),
        tuple(limits),
        r.whole(values, "due_in_days", "assign.due_in_days", 0),
    )


def parse_rule(data: Any, location: str = "<rule>") -> SampleRule:
    """Validate plain data (as read from YAML) and build the rule.

    Raises :class:`InputError` listing every problem, each naming ``location`` and the field.
    """
    if not isinstance(data, dict):
        raise InputError(Problem(location, "", "a sample rule must be a mapping (size: ...)"))
    r = _Reader(location)
    r.keys(data, RULE_KEYS, "")
    if "size" not in data:
        r.add("size", "missing (per_agent, total or percent)")
    size_kind, size = _size(r, data)
    seed = data.get("seed", 1)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        r.add("seed", f"must be a whole number of 0 or more, not {seed!r}")
        seed = 1
    strata = data.get("strata")
    if strata is not None and strata not in STRATA:
        r.add("strata", f"must be one of {', '.join(STRATA)}, not {strata!r}")
        strata = None
    exclude = r.mapping(data, "exclude", ("reviewed", "assigned"))
    rule = SampleRule(
        size_kind=size_kind,
        size=size,
        name=r.text(data, "name", "", required=False),
        seed=seed,
        period=_period(r, data),
        filters=_filters(r, data),
        strata=strata,
        exclude_reviewed=r.flag({"reviewed": True, **exclude}, "reviewed", "exclude"),
        exclude_assigned=r.flag({"assigned": True, **exclude}, "assigned", "exclude"),
        focus=_focus(r, data),
        assign=_assign(r, data),
    )
    if r.problems:
        raise InputError(r.problems)
    return rule


class _RuleLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad one (2026-13-01) is named by its field."""


_RuleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_rule_text(text: str, location: str = "<rule>") -> SampleRule:
    """A rule from YAML text; ``location`` names it in messages."""
    try:
        data = yaml.load(text, Loader=_RuleLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{location}:{mark.line + 1}" if mark is not None else location
        problem = getattr(error, "problem", None) or str(error)
        raise InputError(Problem(where, "", f"not valid YAML: {problem}")) from None
    return parse_rule(data, location)


def load_rule(path: str | Path) -> SampleRule:
    """A rule from a YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(Problem(str(path), "", f"cannot read: {error}")) from None
    return load_rule_text(text, str(path))


# --- writing -----------------------------------------------------------------------------------


def rule_to_data(rule: SampleRule) -> dict[str, Any]:
    """The rule as plain data, the shape :func:`parse_rule` reads (defaults left out)."""
    data: dict[str, Any] = {}
    if rule.name:
        data["name"] = rule.name
    data["seed"] = rule.seed
    p = rule.period
    if p.last_days is not None:
        data["period"] = {"last_days": p.last_days}
    elif p.first or p.last:
        data["period"] = {
            k: v.isoformat() for k, v in (("from", p.first), ("to", p.last)) if v is not None
        }
    f = rule.filters
    filters: dict[str, Any] = {
        "teams": list(f.teams), "agents": list(f.agents), "channels": list(f.channels),
        "languages": list(f.languages), "min_messages": f.min_messages, "text": f.text,
        "checks": dict(f.checks),
        "tags": {k: list(v) for k, v in (("in", f.tags_in), ("out", f.tags_out)) if v},
        "csat": {k: v for k, v in (("min", f.csat_min), ("max", f.csat_max)) if v is not None},
    }  # fmt: skip
    filters = {k: v for k, v in filters.items() if v not in (None, "", [], {})}
    if filters:
        data["filters"] = filters
    size = rule.size if rule.size_kind == "percent" else int(rule.size)
    data["size"] = {rule.size_kind: size}
    if rule.strata:
        data["strata"] = rule.strata
    data["exclude"] = {"reviewed": rule.exclude_reviewed, "assigned": rule.exclude_assigned}
    if rule.focus != Focus():
        data["focus"] = {
            "options": list(rule.focus.options),
            "random_share": rule.focus.random_share,
            "low_csat_max": rule.focus.low_csat_max,
        }
    a = rule.assign
    if a != AssignOptions():
        assign: dict[str, Any] = {"reviewers": list(a.reviewers)}
        if a.capacity:
            assign["capacity"] = dict(a.capacity)
        if a.due_in_days is not None:
            assign["due_in_days"] = a.due_in_days
        data["assign"] = assign
    return data


def rule_to_yaml(rule: SampleRule) -> str:
    """The rule as YAML text, in the order the module docstring shows."""
    return yaml.safe_dump(rule_to_data(rule), sort_keys=False, allow_unicode=True)


def save_rule(rule: SampleRule, path: str | Path) -> Path:
    """Write the rule to a YAML file (replacing it whole, never half-written)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(rule_to_yaml(rule), encoding="utf-8")
    partial.replace(path)
    return path
