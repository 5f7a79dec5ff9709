"""Making one fictional civil servant who fits a position: education, rank, age and service
that agree with each other, and a NIP that agrees with all of them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .names import (
    D3_FIELDS,
    FAMILY_NAMES,
    FEMALE_NAMES,
    FEMALE_SECOND,
    FIELD_TITLES,
    GENERAL_FIELDS,
    MALE_NAMES,
    MALE_SECOND,
    S2_FIELDS,
    S2_TITLES,
    SLTA_FIELDS,
)

RANK_ORDER = (11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 45)
# Rank on entry as CPNS by education (PP 99/2000): SLTA II/a, D-III II/c, S-1 III/a, S-2 III/b.
ENTRY_RANK = {"SLTA": 21, "D3": 23, "S1": 31, "S2": 32}
ENTRY_AGE = {"SLTA": (19, 24), "D3": (21, 26), "S1": (23, 30), "S2": (25, 31)}
EDUCATION_ORDER = {"SLTA": 3, "D3": 6, "S1": 7, "S2": 8}


@dataclass
class PositionPlan:
    code: str
    name: str
    kind: str
    unit: str
    is_head: bool = False
    level: str = ""
    min_education: str = ""
    fields: tuple[str, ...] = ()
    min_rank: int | None = None
    max_rank: int | None = None
    capacity: int = 1
    fill: int = 1
    tier: int = 0  # 4 JPT, 3 administrator, 2 pengawas, 1 others: for plausible earlier posts
    functional_type: str = ""


@dataclass
class PersonPlan:
    nip: str
    name: str
    front_title: str
    back_title: str
    birth_date: date
    gender: str
    tmt_cpns: date
    rank: int
    rank_since: date
    education_level: str
    education_field: str
    position: str
    position_since: date
    history: list[tuple[str, date, date | None, str, date]] = field(default_factory=list)
    ratings: dict[int, str] = field(default_factory=dict)
    trainings: list[tuple[str, str, date, date, str]] = field(default_factory=list)
    # Competency assessments (day, potential, score): the talent pool's potential axis.
    assessments: list[tuple[date, str, str]] = field(default_factory=list)
    sanctions: list[tuple[str, str, date, date | None, str]] = field(default_factory=list)
    proceedings: list[tuple[str, date, str]] = field(default_factory=list)
    bonds: list[tuple[str, date, date, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str = "active"


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def bup_age(position: PositionPlan) -> int:
    """Retirement age as the rules compute it (the policy parameters ["bup_ages"] and
    ["bup_ages_by_functional_type"])."""
    if position.functional_type == "guru":
        return 60
    if position.kind == "fungsional" and position.level == "ahli_madya":
        return 60
    if position.kind == "fungsional" and position.level == "ahli_utama":
        return 65
    return 60 if position.kind == "jpt_pratama" else 58


class PersonMaker:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.names: set[str] = set()
        self.serials: dict[str, int] = {}

    def name(self, gender: str) -> str:
        rng = self.rng
        for _attempt in range(50):
            first = rng.choice(MALE_NAMES if gender == "1" else FEMALE_NAMES)
            if rng.random() < 0.7:
                last = rng.choice(FAMILY_NAMES)
            else:
                last = rng.choice(MALE_SECOND if gender == "1" else FEMALE_SECOND)
            name = f"{first} {last}"
            if rng.random() < 0.25:
                middle = rng.choice(MALE_NAMES if gender == "1" else FEMALE_NAMES)
                if middle != first:
                    name = f"{first} {middle} {last}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("ran out of demo names")  # pragma: no cover -- 60x40 combinations

    def education(self, position: PositionPlan) -> tuple[str, str]:
        rng = self.rng
        needed = position.min_education or "SLTA"
        if position.kind in ("jpt_pratama", "administrator"):
            level = "S2" if rng.random() < (0.7 if position.kind == "jpt_pratama" else 0.4) else "S1"
        elif position.kind == "pengawas":
            level = "S1" if rng.random() < 0.8 else "D3"
        elif needed == "SLTA":
            level = rng.choices(("SLTA", "D3", "S1"), weights=(6, 2, 2))[0]
        elif needed == "D3":
            level = "D3" if rng.random() < 0.75 or position.fields else "S1"
        else:
            level = "S1" if rng.random() < 0.85 else "S2"
        if position.fields:
            return level, rng.choice(position.fields)
        if level == "S2":
            return level, rng.choice(S2_FIELDS)
        if level == "D3":
            return level, rng.choice(D3_FIELDS)
        if level == "SLTA":
            return level, rng.choice(SLTA_FIELDS)
        return level, rng.choice(GENERAL_FIELDS)

    def titles(self, level: str, education_field: str) -> tuple[str, str]:
        if education_field == "Pendidikan Dokter":
            return "dr.", ("M.Kes." if level == "S2" else "")
        if level == "SLTA":
            return "", ""
        if level == "S2" and education_field in S2_TITLES:
            first_degree = FIELD_TITLES[self.rng.choice(GENERAL_FIELDS)][1]
            return "", f"{first_degree}, {S2_TITLES[education_field]}"
        titles = FIELD_TITLES.get(education_field, ("A.Md.", "S.Sos.", "M.Si."))
        if level == "D3":
            return "", titles[0]
        if level == "S2":
            return "", f"{titles[1]}, {titles[2]}"
        return "", titles[1]

    def rank(self, position: PositionPlan, level: str) -> int:
        rng = self.rng
        if position.min_rank and position.max_rank:
            window = [code for code in RANK_ORDER if position.min_rank <= code <= position.max_rank]
            return rng.choice(window)
        choices = {
            "SLTA": ((21, 22, 23, 24, 31), (2, 3, 3, 2, 1)),
            "D3": ((23, 24, 31, 32), (3, 3, 2, 1)),
            "S1": ((31, 32, 33), (4, 3, 2)),
            "S2": ((32, 33, 34), (2, 3, 2)),
        }[level]
        return rng.choices(choices[0], weights=choices[1])[0]

    def nip(self, birth: date, tmt: date, gender: str) -> str:
        head = f"{birth:%Y%m%d}{tmt:%Y%m}{gender}"
        serial = self.serials.get(head, 0) + 1
        self.serials[head] = serial
        return f"{head}{serial:03d}"

    def make(self, position: PositionPlan, *, profile: str = "") -> PersonPlan:
        rng, today = self.rng, self.today
        gender = "1" if rng.random() < 0.55 else "2"
        level, education_field = self.education(position)
        rank = self.rank(position, level)
        entry_level = "S1" if level == "S2" and position.kind in ("jpt_pratama", "administrator") else level
        entry_rank = min(ENTRY_RANK[entry_level], rank)
        steps = RANK_ORDER.index(rank) - RANK_ORDER.index(entry_rank)
        service = steps * 4 + rng.randint(1, 4)
        entry_age = rng.randint(*ENTRY_AGE[entry_level])
        bup = bup_age(position)
        if profile == "cpns":
            # Appointed CPNS on the first of the month thirteen months ago: the year's
            # probation is over, the appointment as PNS is due.
            rank = entry_rank = ENTRY_RANK[entry_level]
            steps, service = 0, 1
            start = today - timedelta(days=395)
            tmt = date(start.year, start.month, 1)
            birth = add_years(tmt, -entry_age) - timedelta(days=rng.randint(1, 360))
        elif profile == "near_retirement":
            # The BUP birthday falls 2 to 11 months from now.
            birth = add_years(today, -bup) + timedelta(days=rng.randint(60, 330))
            tmt = add_years(birth, entry_age)
            tmt = date(tmt.year, tmt.month, 1) + timedelta(days=31)
            tmt = date(tmt.year, tmt.month, 1)
        elif profile == "past_general_bup":
            # Older than the general BUP of 58, still serving under their JF's own (a teacher's 60).
            birth = add_years(today, -58) - timedelta(days=rng.randint(30, 200))
            tmt = date(add_years(birth, entry_age).year, rng.randint(1, 12), 1)
        else:
            # Keep everyone else well away from retirement; long spells need long service.
            service = min(service, bup - 4 - entry_age)
            if profile == "long_in_post":
                service = max(service, 10)
            elif profile == "settled":
                service = max(service, 6)
            tmt = date(today.year - service, rng.randint(1, 12), 1)
            if tmt > today - timedelta(days=400):
                tmt = date(today.year - 2, tmt.month, 1)
            birth = add_years(tmt, -entry_age) - timedelta(days=rng.randint(1, 360))
        since_rank = self._rank_since(tmt, steps)
        position_since = self._position_since(tmt, profile)
        front, back = self.titles(level, education_field)
        return PersonPlan(
            nip=self.nip(birth, tmt, gender),
            name=self.name(gender),
            front_title=front,
            back_title=back,
            birth_date=birth,
            gender=gender,
            tmt_cpns=tmt,
            rank=rank,
            rank_since=since_rank,
            education_level=level,
            education_field=education_field,
            position=position.code,
            position_since=position_since,
            tags=[profile] if profile else [],
            status="cpns" if profile == "cpns" else "active",
        )

    def _rank_since(self, tmt: date, steps: int) -> date:
        """Promotions take effect on 1 April or 1 October; the last one within four years."""
        if steps == 0:
            return tmt
        latest = self.today - timedelta(days=60)
        earliest = max(tmt + timedelta(days=365), add_years(latest, -4))
        periods = [
            date(year, month, 1)
            for year in range(earliest.year, latest.year + 1)
            for month in (4, 10)
            if earliest <= date(year, month, 1) <= latest
        ]
        return self.rng.choice(periods) if periods else tmt

    def _position_since(self, tmt: date, profile: str) -> date:
        rng, today = self.rng, self.today
        if profile == "cpns":
            return tmt  # placed in the formation's post from the TMT CPNS
        if profile == "new_in_post":
            days = rng.randint(45, 600)
        elif profile == "long_in_post":
            days = rng.randint(5 * 365 + 60, 9 * 365)
        elif profile == "settled":  # well past the two years, far from the five
            days = rng.randint(3 * 365 + 30, 4 * 365)
        else:
            days = rng.randint(120, 7 * 365)
        since = max(today - timedelta(days=days), tmt + timedelta(days=365))
        return weekday_on_or_after(min(since, today - timedelta(days=30)))
