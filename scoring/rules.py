"""The rules file (``rules.toml``) loaded into typed, frozen structures.

Every number of the specification lives in the rules file with the clause it comes from; this module only
gives it a shape and checks that the file is internally consistent. Nothing is read at import time: the
file is parsed on the first call of :func:`load_rules` and cached.
"""

from __future__ import annotations

import functools
import itertools
import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from .errors import RulesError

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Names:
    """A name or label in both languages of the site (Chinese is the specification's own)."""

    zh: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Scheme:
    id: str
    version: str
    issuer: Names
    title: Names
    published: str
    effective: str

    @property
    def full_id(self) -> str:
        """``CTS TBSC55-2026 B/0``: the value of the ``scheme`` field of an evaluation document."""
        return f"{self.id} {self.version}"


@dataclass(frozen=True)
class LikertBand:
    """One point of the five-point Likert scale for the experience coefficient α (5.1.1 2))."""

    band: int
    lower: Decimal
    lower_inclusive: bool
    upper: Decimal
    label: Names
    clause: str

    def contains(self, alpha: Fraction | Decimal) -> bool:
        # Decimal and Fraction compare exactly with each other (no conversion through float).
        above_lower = alpha >= self.lower if self.lower_inclusive else alpha > self.lower
        return above_lower and alpha <= self.upper


@dataclass(frozen=True)
class Characteristic:
    """A service characteristic (服务特性指标) of appendix 1, e.g. 1 功能性/17分."""

    id: str
    name: Names
    stated_points: int
    clause: str


@dataclass(frozen=True)
class ServiceItem:
    """A service item (服务过程质量指标) of appendix 1, e.g. 1.2 设备设施/7分."""

    id: str
    characteristic: str
    name: Names
    max_points: int
    clause: str
    anchor: str


@dataclass(frozen=True)
class ServiceRules:
    clause: str
    alpha_min: Decimal
    alpha_max: Decimal
    stated_total: int
    score_places: int
    likert_bands: tuple[LikertBand, ...]
    characteristics: tuple[Characteristic, ...]
    items: tuple[ServiceItem, ...]

    def item(self, item_id: str) -> ServiceItem:
        return self._items_by_id[item_id]

    def item_title(self, item: ServiceItem, lang: Lang) -> str:
        """An item as the outputs name it: its characteristic's name and its own (appendix 1), ``功能性·人员``."""
        return f"{self._characteristic_names[item.characteristic](lang)}·{item.name(lang)}"

    @functools.cached_property
    def _characteristic_names(self) -> dict[str, Names]:
        return {c.id: c.name for c in self.characteristics}

    @functools.cached_property
    def _items_by_id(self) -> dict[str, ServiceItem]:
        return {item.id: item for item in self.items}

    @functools.cached_property
    def item_positions(self) -> dict[str, tuple[int, ...]]:
        """Characteristic id → the positions of its items in ``items`` (for subtotals)."""
        return {
            c.id: tuple(i for i, item in enumerate(self.items) if item.characteristic == c.id)
            for c in self.characteristics
        }

    @functools.cached_property
    def band_uppers(self) -> tuple[Decimal, ...]:
        return tuple(band.upper for band in self.likert_bands)

    def items_of(self, characteristic_id: str) -> tuple[ServiceItem, ...]:
        return tuple(item for item in self.items if item.characteristic == characteristic_id)


@dataclass(frozen=True)
class GradeBand:
    """A management grade and the maturity totals that give it (appendix 3 说明 3))."""

    grade: int
    lower: int
    upper: int
    upper_inclusive: bool
    clause: str

    def contains(self, total: Fraction | int) -> bool:
        below_upper = total <= self.upper if self.upper_inclusive else total < self.upper
        return self.lower <= total and below_upper


@dataclass(frozen=True)
class ClauseGroup:
    """A chapter of the management requirements (appendix 3), e.g. 4 支持."""

    id: str
    name: Names
    clause: str


@dataclass(frozen=True)
class ManagementClause:
    """A management requirement of appendix 3 with its weight (总分值), e.g. 4.1 资源, 10."""

    id: str
    group: str
    name: Names
    weight: int
    clause: str
    anchor: str
    a4_anchor: str


@dataclass(frozen=True)
class ManagementRules:
    clause: str
    level_min: int
    level_max: int
    level_divisor: int
    stated_total: int
    grades: tuple[GradeBand, ...]
    groups: tuple[ClauseGroup, ...]
    clauses: tuple[ManagementClause, ...]

    def clauses_of(self, group_id: str) -> tuple[ManagementClause, ...]:
        return tuple(clause for clause in self.clauses if clause.group == group_id)


@dataclass(frozen=True)
class StarLevel:
    """The two minimums of one certification level (5.3) in one profile."""

    stars: int
    min_service_score: Decimal
    min_grade: int
    clause: str


@dataclass(frozen=True)
class Profile:
    """One reading of 5.3 (``final``: the text; ``table``: the table's rows). Levels run highest first."""

    id: str
    name: Names
    clause: str
    levels: tuple[StarLevel, ...]


@dataclass(frozen=True)
class CertificationRules:
    clause: str
    default_profile: str
    profiles: tuple[Profile, ...]

    def profile(self, profile_id: str) -> Profile:
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        raise KeyError(profile_id)

    @property
    def profile_ids(self) -> tuple[str, ...]:
        return tuple(profile.id for profile in self.profiles)


@dataclass(frozen=True)
class Rules:
    scheme: Scheme
    service: ServiceRules
    management: ManagementRules
    certification: CertificationRules


# --- loading ---------------------------------------------------------------------------------------------


@functools.cache
def load_rules() -> Rules:
    """Parse ``rules.toml`` once; raise :class:`RulesError` if it is malformed or inconsistent."""
    # A plain file read: importlib.resources would pull in pathlib, inspect and more, slowing the calculator's start.
    with open(os.path.join(os.path.dirname(__file__), "rules.toml"), encoding="utf-8") as handle:
        return rules_from_toml(handle.read())


def rules_from_toml(text: str) -> Rules:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"rules.toml: {exc}") from None
    try:
        rules = _build(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise RulesError(f"rules.toml: malformed entry ({exc!r})") from None
    _check_consistency(rules)
    return rules


def _names(entry: dict[str, Any], stem: str) -> Names:
    return Names(zh=str(entry[f"{stem}_zh"]), en=str(entry[f"{stem}_en"]))


def _decimal(value: Any) -> Decimal:
    if not isinstance(value, str):  # numbers in the rules file are strings, so they load exactly
        raise TypeError(f"expected a decimal string, got {value!r}")
    return Decimal(value)


def _build(raw: dict[str, Any]) -> Rules:
    s, sv, mg, ct = raw["scheme"], raw["service"], raw["management"], raw["certification"]
    scheme = Scheme(
        id=s["id"],
        version=s["version"],
        issuer=_names(s, "issuer"),
        title=_names(s, "title"),
        published=s["published"],
        effective=s["effective"],
    )
    service = ServiceRules(
        clause=sv["clause"],
        alpha_min=_decimal(sv["alpha_min"]),
        alpha_max=_decimal(sv["alpha_max"]),
        stated_total=int(sv["stated_total"]),
        score_places=int(sv["score_places"]),
        likert_bands=tuple(
            LikertBand(
                band=int(b["band"]),
                lower=_decimal(b["lower"]),
                lower_inclusive=bool(b["lower_inclusive"]),
                upper=_decimal(b["upper"]),
                label=_names(b, "label"),
                clause=b["clause"],
            )
            for b in sv["likert_bands"]
        ),
        characteristics=tuple(
            Characteristic(
                id=c["id"], name=_names(c, "name"), stated_points=int(c["stated_points"]), clause=c["clause"]
            )
            for c in sv["characteristics"]
        ),
        items=tuple(
            ServiceItem(
                id=i["id"],
                characteristic=i["characteristic"],
                name=_names(i, "name"),
                max_points=int(i["max_points"]),
                clause=i["clause"],
                anchor=i["anchor"],
            )
            for i in sv["items"]
        ),
    )
    management = ManagementRules(
        clause=mg["clause"],
        level_min=int(mg["level_min"]),
        level_max=int(mg["level_max"]),
        level_divisor=int(mg["level_divisor"]),
        stated_total=int(mg["stated_total"]),
        grades=tuple(
            GradeBand(
                grade=int(g["grade"]),
                lower=int(g["lower"]),
                upper=int(g["upper"]),
                upper_inclusive=bool(g["upper_inclusive"]),
                clause=g["clause"],
            )
            for g in mg["grades"]
        ),
        groups=tuple(ClauseGroup(id=g["id"], name=_names(g, "name"), clause=g["clause"]) for g in mg["groups"]),
        clauses=tuple(
            ManagementClause(
                id=c["id"],
                group=c["group"],
                name=_names(c, "name"),
                weight=int(c["weight"]),
                clause=c["clause"],
                anchor=c["anchor"],
                a4_anchor=c["a4_anchor"],
            )
            for c in mg["clauses"]
        ),
    )
    certification = CertificationRules(
        clause=ct["clause"],
        default_profile=ct["default_profile"],
        profiles=tuple(
            Profile(
                id=p["id"],
                name=_names(p, "name"),
                clause=p["clause"],
                levels=tuple(
                    sorted(
                        (
                            StarLevel(
                                stars=int(lv["stars"]),
                                min_service_score=_decimal(lv["min_service_score"]),
                                min_grade=int(lv["min_grade"]),
                                clause=lv["clause"],
                            )
                            for lv in p["levels"]
                        ),
                        key=lambda level: -level.stars,
                    )
                ),
            )
            for p in ct["profiles"]
        ),
    )
    return Rules(scheme=scheme, service=service, management=management, certification=certification)


def _check_consistency(rules: Rules) -> None:
    """Checks that catch a typo in the rules file before it can grade anyone."""
    problems: list[str] = []
    sv, mg, ct = rules.service, rules.management, rules.certification

    bands = sv.likert_bands
    if not bands or bands[0].lower != sv.alpha_min or not bands[0].lower_inclusive or bands[-1].upper != sv.alpha_max:
        problems.append("Likert bands must cover [alpha_min, alpha_max]")
    problems += [
        f"Likert band {b.band} does not start where band {a.band} ends"
        for a, b in itertools.pairwise(bands)
        if b.lower != a.upper or b.lower_inclusive
    ]

    characteristic_ids = [c.id for c in sv.characteristics]
    item_ids = [i.id for i in sv.items]
    if len(set(item_ids)) != len(item_ids):
        problems.append("duplicate service item ids")
    problems += [f"item {i.id}: unknown characteristic" for i in sv.items if i.characteristic not in characteristic_ids]

    grades = mg.grades
    problems += [
        f"grade {b.grade} does not start where grade {a.grade} ends"
        for a, b in itertools.pairwise(grades)
        if b.lower != a.upper or a.upper_inclusive
    ]
    if not grades or not grades[-1].upper_inclusive:
        problems.append("the highest grade band must include its upper bound")
    clause_ids = [c.id for c in mg.clauses]
    if len(set(clause_ids)) != len(clause_ids):
        problems.append("duplicate management clause ids")
    group_ids = [g.id for g in mg.groups]
    problems += [f"clause {c.id}: unknown group" for c in mg.clauses if c.group not in group_ids]

    if ct.default_profile not in ct.profile_ids:
        problems.append(f"default profile {ct.default_profile!r} is not defined")
    if problems:
        raise RulesError("rules.toml: " + "; ".join(problems))
