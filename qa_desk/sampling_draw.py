"""Drawing a sample from the candidates: sizes, proportional strata, focus and a random share.

Reproducible by construction: every candidate gets a key, a keyed hash (BLAKE2b) of the seed and
its ``(source, external id)``, and every choice walks candidates in key order; groups and strata
are visited in sorted order. Neither the order rows come from the database nor Python's string
hash randomisation can change what is drawn: the same rule and seed on the same data draw the
same conversations, and a different seed draws others.

Per cell (an agent for ``per_agent``, else the whole candidate set, split further by strata):

1. the cell's quota: N per agent, N in total or a percentage; strata share it in proportion to
   their sizes, by largest remainders (ties to the stratum named first);
2. without focus, the quota's first candidates in key order, each picked as "random";
3. with focus, the group's quota is split first into a random share (rounded up) and focus
   places, then each is spread over the strata (:func:`random_shares`): the random places in
   proportion to the strata's quotas, except that a stratum whose focus places find too few
   flagged conversations hands focus places to a stratum that has more of them, taking a random
   place in exchange, so strata never cancel the focus and every stratum keeps its quota. In each
   cell the random places come first, in key order from every candidate of the cell, so that
   part stays a plain random sample; then the rest from the candidates a focus option flags (low
   CSAT, failed automatic checks, negative sentiment, outliers), in key order, each with the
   reasons it was flagged; if too few are flagged, more random ones fill the quota.

Outliers are conversations much longer or slower than usual for their channel: a robust z-score
(median and median absolute deviation) above :data:`OUTLIER_Z` on the message count, the duration
or the first response time.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from qa_desk.sampling_candidates import Candidate
from qa_desk.sampling_rule import SampleRule

OUTLIER_Z = 3.5
RANDOM = "random"
NO_STRATUM = "(none)"


def draw_key(seed: int, source: str, external_id: str) -> bytes:
    """The candidate's place in the draw of ``seed``: the same on every machine and run."""
    text = f"{seed}\x1f{source}\x1f{external_id}".encode()
    return hashlib.blake2b(text, digest_size=8).digest()


@dataclass(frozen=True)
class Pick:
    """A conversation the draw picked, with why (``"random"``, ``"low CSAT 1/5"``, ...) and the
    stratum it was drawn from (None without strata)."""

    candidate: Candidate
    reason: str
    stratum: str | None = None


REASON_KINDS = ("random", "low CSAT", "failed check", "negative sentiment", "outlier")


def reason_kind(reason: str) -> str:
    """What kind of reason a pick's reason is (its first one): one of :data:`REASON_KINDS`."""
    return next((kind for kind in REASON_KINDS if reason.startswith(kind)), reason)


def largest_remainder(total: int, sizes: dict[Any, int]) -> dict[Any, int]:
    """``total`` shared among groups in proportion to ``sizes``, whole numbers summing to it.

    Each group gets the whole part of its share; what is left goes one each to the groups with
    the largest fractional parts (ties: in key order). A share never exceeds a group's size when
    ``total`` does not exceed their sum.
    """
    whole = sum(sizes.values())
    if whole == 0 or total <= 0:
        return dict.fromkeys(sizes, 0)
    total = min(total, whole)
    exact = {key: total * size / whole for key, size in sizes.items()}
    shares = {key: math.floor(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(sizes, key=lambda key: (-(exact[key] - shares[key]), key))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares


def quotas(rule: SampleRule, cells: dict[int, list[Candidate]]) -> dict[int, int]:
    """How many each group (an agent, or everything) gives: N per agent, N in all, or P%."""
    if rule.size_kind == "per_agent":
        return {key: min(int(rule.size), len(group)) for key, group in cells.items()}
    count = sum(len(group) for group in cells.values())
    if rule.size_kind == "total":
        wanted = int(rule.size)
    else:
        wanted = math.floor(count * rule.size / 100 + 0.5)
    return largest_remainder(wanted, {key: len(group) for key, group in cells.items()})


# --- focus -------------------------------------------------------------------------------------


def _robust_limits(values: list[float] | list[int]) -> float | None:
    """The value above which one counts as an outlier (robust z > OUTLIER_Z), None when the
    values do not spread enough to say."""
    if len(values) < 5:
        return None
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return None
    return median + OUTLIER_Z * mad / 0.6745


def _human_seconds(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 1:
        return f"{seconds:.0f} s"
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


Flagger = Callable[[Candidate], list[str]]


def _outlier_flagger(candidates: list[Candidate]) -> Flagger:
    """Flags a candidate much longer or slower than usual for its channel."""
    metrics: tuple[tuple[str, Callable[[Candidate], float | None]], ...] = (
        ("messages", lambda c: float(c.message_count)),
        ("duration", lambda c: c.duration),
        ("first_response", lambda c: c.first_response),
    )
    by_channel: dict[str | None, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_channel[candidate.channel].append(candidate)
    limits: dict[tuple[str | None, str], tuple[float, float]] = {}
    for channel, group in by_channel.items():
        columns = {
            "messages": [c.message_count for c in group],
            "duration": [c.duration for c in group if c.duration is not None],
            "first_response": [c.first_response for c in group if c.first_response is not None],
        }
        for name, values in columns.items():
            limit = _robust_limits(values)
            if limit is not None:
                limits[(channel, name)] = (limit, statistics.median(values))

    def flag(candidate: Candidate) -> list[str]:
        reasons = []
        for name, read in metrics:
            value, bounds = read(candidate), limits.get((candidate.channel, name))
            if value is None or bounds is None or value <= bounds[0]:
                continue
            usual = bounds[1]
            if name == "messages":
                reasons.append(f"outlier: {value:.0f} messages (usual {usual:.0f})")
            elif name == "duration":
                reasons.append(
                    f"outlier: lasted {_human_seconds(value)} (usual {_human_seconds(usual)})"
                )
            else:
                reasons.append(
                    f"outlier: first response after {_human_seconds(value)} "
                    f"(usual {_human_seconds(usual)})"
                )
        return reasons

    return flag


def focus_flagger(rule: SampleRule, candidates: list[Candidate]) -> Flagger:
    """The reasons the rule's focus options find in a candidate (none: not flagged)."""
    options = rule.focus.options
    low = rule.focus.low_csat_max
    outliers = _outlier_flagger(candidates) if "outliers" in options else None

    def flag(c: Candidate) -> list[str]:
        reasons = []
        if "low_csat" in options and c.csat is not None and c.csat <= low:
            reasons.append(f"low CSAT {c.csat:g}/5")
        if "failed_checks" in options and c.failed_checks:
            word = "check" if len(c.failed_checks) == 1 else "checks"
            reasons.append(f"failed {word}: {', '.join(c.failed_checks)}")
        if "negative_sentiment" in options and c.sentiment is not None and c.sentiment < 0:
            reasons.append(f"negative sentiment ({c.sentiment:+.2f})")
        if outliers is not None:
            reasons.extend(outliers(c))
        return reasons

    return flag


# --- drawing -----------------------------------------------------------------------------------


def random_count(rule: SampleRule, quota: int) -> int:
    """How many of ``quota`` picks are drawn plainly at random: all without focus, else the
    random share rounded up."""
    if not rule.focus.options:
        return quota
    return min(quota, math.ceil(quota * rule.focus.random_share / 100 - 1e-9))


def remembered(flag: Flagger) -> Flagger:
    """``flag``, asked once per candidate: the strata and the cells ask about the same ones."""
    seen: dict[int, list[str]] = {}

    def ask(candidate: Candidate) -> list[str]:
        reasons = seen.get(candidate.id)
        if reasons is None:
            reasons = seen[candidate.id] = flag(candidate)
        return reasons

    return ask


class _FlaggedPlaces:
    """Where the flagged candidates of a stratum are (in key order), found only as far as asked."""

    def __init__(self, group: list[Candidate], flag: Flagger):
        self.group, self.flag = group, flag
        self.places: list[int] = []
        self.seen = 0

    def count_from(self, start: int, enough: int) -> int:
        """How many flagged candidates there are from place ``start`` on, counting to ``enough``."""
        while len(self.places) - bisect_left(self.places, start) < enough and self.seen < len(
            self.group
        ):
            if self.flag(self.group[self.seen]):
                self.places.append(self.seen)
            self.seen += 1
        return min(enough, len(self.places) - bisect_left(self.places, start))


def random_shares(
    strata: dict[str, list[Candidate]],
    shares: dict[str, int],
    randoms: int,
    flag: Flagger | None,
) -> dict[str, int]:
    """How many of each stratum's picks are random, ``randoms`` in all.

    In proportion to the strata's ``shares`` (largest remainders), then, while a stratum has
    more flagged candidates than focus places and another has focus places its flagged candidates
    cannot fill, one random place moves from the first to the second (most flagged left over
    first, then most places left empty; ties in stratum order). Each stratum's picks stay its
    share; the focus places follow the flagged conversations.
    """
    result = largest_remainder(randoms, shares)
    if flag is None or randoms == 0:
        return result
    flagged = {name: _FlaggedPlaces(group, flag) for name, group in strata.items()}

    def spare(name: str) -> int:
        """Flagged candidates past the stratum's random ones, less its focus places (counted
        only as far as a move could need)."""
        places = shares[name] - result[name]
        return flagged[name].count_from(result[name], places + randoms + 1) - places

    for _ in range(randoms):
        balance = {name: spare(name) for name in sorted(strata)}
        givers = [n for n, extra in balance.items() if extra > 0 and result[n] > 0]
        takers = [n for n, extra in balance.items() if extra < 0]
        if not givers or not takers:
            break
        giver = max(givers, key=lambda n: balance[n])
        taker = min(takers, key=lambda n: balance[n])
        result[giver] -= 1
        result[taker] += 1
    return result


def _pick_cell(
    ordered: list[Candidate], quota: int, randoms: int, flag: Flagger | None
) -> list[tuple[Candidate, str]]:
    picked = [(c, RANDOM) for c in ordered[:randoms]]
    if flag is None or len(picked) >= quota:
        return picked
    unflagged = []
    for candidate in ordered[randoms:]:
        if len(picked) >= quota:
            break
        reasons = flag(candidate)
        if reasons:
            picked.append((candidate, "; ".join(reasons)))
        else:
            unflagged.append(candidate)
    # too few flagged: the rest of the quota at random (the loop saw every candidate)
    picked.extend((c, RANDOM) for c in unflagged[: quota - len(picked)])
    return picked


def _stratum_of(rule: SampleRule, team_names: dict[int, str]) -> Callable[[Candidate], str]:
    if rule.strata == "team":
        return lambda c: team_names.get(c.team_id, NO_STRATUM) if c.team_id else NO_STRATUM
    if rule.strata == "language":
        return lambda c: c.language or NO_STRATUM
    return lambda c: c.channel or NO_STRATUM


def draw(
    rule: SampleRule, candidates: Iterable[Candidate], team_names: dict[int, str] | None = None
) -> list[Pick]:
    """The sample the rule draws from ``candidates`` (any order), in draw order per group.

    With ``per_agent``, conversations without an agent are never drawn.
    """
    blake2b, prefix = hashlib.blake2b, f"{rule.seed}\x1f"
    # draw_key inlined: this runs for every candidate (100,000 in a second)
    keyed = [
        (blake2b(f"{prefix}{c.source}\x1f{c.external_id}".encode(), digest_size=8).digest(), c)
        for c in candidates
    ]
    keyed.sort(key=itemgetter(0))
    ordered = [c for _, c in keyed]
    flag = remembered(focus_flagger(rule, ordered)) if rule.focus.options else None
    groups: dict[int, list[Candidate]] = defaultdict(list)  # by agent id, or 0: everything
    if rule.size_kind == "per_agent":
        for candidate in ordered:
            if candidate.agent_id is not None:
                groups[candidate.agent_id].append(candidate)
    elif ordered:
        groups[0] = ordered
    group_quotas = quotas(rule, groups)
    stratum_of = _stratum_of(rule, team_names or {}) if rule.strata else None
    picks: list[Pick] = []
    for key in sorted(groups):
        group, quota = groups[key], group_quotas[key]
        randoms = random_count(rule, quota)
        if stratum_of is None:
            cell = _pick_cell(group, quota, randoms, flag)
            picks.extend(Pick(c, reason) for c, reason in cell)
            continue
        strata: dict[str, list[Candidate]] = defaultdict(list)
        for candidate in group:
            strata[stratum_of(candidate)].append(candidate)
        shares = largest_remainder(quota, {name: len(s) for name, s in strata.items()})
        stratum_randoms = random_shares(strata, shares, randoms, flag)
        for name in sorted(strata):
            cell = _pick_cell(strata[name], shares[name], stratum_randoms[name], flag)
            picks.extend(Pick(c, reason, name) for c, reason in cell)
    return picks
