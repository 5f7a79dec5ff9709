"""The demo city as a plan: plain data built from the catalogue with a seeded random
generator, so the same seed and day always give the same city. Writing it is write.py's job."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from .catalogue import ESELON_RANKS, FUNCTIONAL_RANKS, Opd, Post
from .names import TECHNICAL_TRAININGS
from .opds import OPDS
from .people import PersonMaker, PersonPlan, PositionPlan, add_years, weekday_on_or_after

SEED = 20260217
REGION = "PEMKOT"
REGION_NAME = "Pemerintah Kota Tanjungbalai"
MAYOR, DEPUTY = "WALIKOTA", "WAKILWALIKOTA"
ELECTED = (
    # (position, name, username, NIK): the 2024 regional election's winners, inaugurated
    # together on 20 February 2025 (see term_on for the term the demo gives them). The NIKs are
    # invented (Kota Tanjungbalai's region code, 12.72); BSrE knows a signer by NIK
    # (docs/signing.md).
    (MAYOR, "Ahmad Fauzi", "walikota", "1272011708720001"),
    (DEPUTY, "Sahril Harahap", "wakilwalikota", "1272010305750002"),
)
FIRST_INAUGURATION = date(2025, 2, 20)
TERM_YEARS = 5


def term_on(today: date) -> tuple[date, date]:
    """The five-year term that runs on ``today``: from 20 February 2025 or, on a later day,
    from the same date five, ten... years on, so the demo's regional head is in office
    whatever day it is loaded."""
    start = FIRST_INAUGURATION
    while add_years(start, TERM_YEARS) <= today:
        start = add_years(start, TERM_YEARS)
    return start, add_years(start, TERM_YEARS)


# (position code, holder index) -> how long in post / how close to retirement.
TIMING = {
    ("DISDIK-JF-PENGAWAS-MADYA", 0): "near_retirement",  # BUP 60 (ahli madya)
    ("DLH-KEPALA", 0): "near_retirement",  # BUP 60 (JPT)
    ("DINSOS-SEK", 0): "near_retirement",
    ("DISHUB-PP", 2): "near_retirement",
    ("BPKAD-ASET-KASI1", 0): "near_retirement",
    ("KEC-TELUKNIBUNG-KEL1-LURAH", 0): "near_retirement",
    ("DISHUB-PP", 1): "new_in_post",
    ("DINKES-KESMAS-KABID", 0): "new_in_post",
    ("BPKAD-PTK", 0): "new_in_post",
    ("DPMPTSP-KEPALA", 0): "new_in_post",  # a JPT inside the two-year protection
    ("SETDA-HUKUM-KASI1", 0): "new_in_post",
    ("DISHUB-LLA-KASI1", 0): "long_in_post",
    ("BAPPEDA-PLO", 0): "long_in_post",
    ("DINSOS-PP", 1): "long_in_post",
    ("KEC-DATUKBANDAR-SEKCAM", 0): "long_in_post",
    ("DLH-OLO", 0): "long_in_post",
    ("DISDIK-PDI", 0): "long_in_post",  # rated below good last year (EXTRAS)
    ("DISHUB-PLO", 1): "settled",  # the README's first walk-through: a transfer out of DISHUB
    ("DISDIK-JF-GURU-MUDA", 0): "past_general_bup",  # a teacher of 58, retiring at 60
    # Last year's intake of CPNS, due to be appointed PNS (one collective decree).
    ("DISDIK-JF-GURU-PERTAMA", 0): "cpns",
    ("DISDIK-JF-GURU-PERTAMA", 1): "cpns",
    ("DISDIK-JF-GURU-PERTAMA", 2): "cpns",
    ("DINKES-JF-PERAWAT", 2): "cpns",
    ("SETDA-JF-PRAKOM", 0): "cpns",
}
# (position code, holder index) -> records that make the person a case for the rules.
EXTRAS = {
    ("DISHUB-PLO", 0): "sanction_medium",
    ("SATPOLPP-JF-POLPP-TERAMPIL", 0): "sanction_light",
    ("DINSOS-PDI", 0): "sanction_heavy",
    ("DINKES-P2P-KABID", 0): "sanction_past",
    ("DPMPTSP-PP", 1): "examination",
    ("BAPPEDA-JF-PERENCANA-PERTAMA", 1): "study_leave",
    ("KEC-SEITUALANGRASO-KASI-PEM", 0): "service_bond",
    ("DISDIK-PDI", 0): "poor_performance",
}
ACTING_HEAD = ("DISPERKIM-KEPALA", "DISPERKIM-SEK")  # vacant head, and whose holder acts (Plt)


@dataclass
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None


@dataclass
class AccountPlan:
    username: str
    role: str
    unit: str | None
    holder: tuple[str, int] | None = None  # (position code, holder index)
    first_name: str = ""
    last_name: str = ""
    superuser: bool = False
    verifies: bool = False  # gets personnel.verify_cases on BKPSDM


@dataclass
class ActingPlan:
    position: str
    username: str
    start: date
    end: date
    decree_number: str
    decree_date: date
    note: str


@dataclass
class Plan:
    today: date
    units: list[UnitPlan] = field(default_factory=list)
    positions: list[PositionPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    holders: dict[tuple[str, int], PersonPlan] = field(default_factory=dict)
    accounts: list[AccountPlan] = field(default_factory=list)
    acting: list[ActingPlan] = field(default_factory=list)


def _opd_accounts(opd: Opd) -> list[AccountPlan]:
    accounts = [AccountPlan(f"clerk.{opd.slug}", "clerk", opd.code, (f"{opd.code}-PP", 0))]
    if opd.code == "SETDA":
        accounts.append(AccountPlan("sekda", "official", opd.code, ("SEKDA", 0)))
    elif opd.kind == "kecamatan":
        accounts.append(AccountPlan(f"camat.{opd.slug}", "official", opd.code, (f"{opd.code}-CAMAT", 0)))
    elif opd.code == ACTING_HEAD[0].split("-")[0]:
        accounts.append(AccountPlan(f"plt.{opd.slug}", "official", opd.code, (ACTING_HEAD[1], 0)))
    else:
        accounts.append(AccountPlan(f"kepala.{opd.slug}", "official", opd.code, (f"{opd.code}-KEPALA", 0)))
    return accounts


def planned_accounts() -> list[AccountPlan]:
    """Every demo login, independent of the day and the random draw."""
    accounts = []
    for opd in OPDS:
        accounts.extend(_opd_accounts(opd))
    accounts += [
        AccountPlan("clerk.bkpsdm2", "clerk", "BKPSDM", ("BKPSDM-PP", 1)),
        AccountPlan("verifikator1", "verifier", "BKPSDM", ("BKPSDM-JF-ASDM-MUDA", 0), verifies=True),
        AccountPlan("verifikator2", "verifier", "BKPSDM", ("BKPSDM-JF-ASDM-MUDA", 1), verifies=True),
        AccountPlan("verifikator3", "verifier", "BKPSDM", ("BKPSDM-JF-ASDM-PERTAMA", 0), verifies=True),
        AccountPlan("inspektur1", "inspector", "INSPEKTORAT", ("INSPEKTORAT-JF-AUDITOR-MUDA", 0)),
        AccountPlan("inspektur2", "inspector", "INSPEKTORAT", ("INSPEKTORAT-JF-AUDITOR-MUDA", 1)),
    ]
    for position, name, username, _nik in ELECTED:
        first, _, last = name.partition(" ")
        role = "signer" if position == MAYOR else "official"
        accounts.append(AccountPlan(username, role, REGION, first_name=first, last_name=last))
    accounts.append(
        AccountPlan("admin", "admin", None, first_name="Admin", last_name="Sahih", superuser=True)
    )
    return accounts


def build_plan(*, today: date, seed: int = SEED) -> Plan:
    rng = random.Random(seed)  # noqa: S311 -- a reproducible demo, not a secret
    plan = Plan(today=today)
    plan.accounts = planned_accounts()
    required: dict[str, int] = {}
    for code, index in [*TIMING, *EXTRAS, *(a.holder for a in plan.accounts if a.holder)]:
        required[code] = max(required.get(code, 0), index + 1)

    plan.units.append(UnitPlan(REGION, REGION_NAME, "region", None))
    plan.positions += [
        PositionPlan(MAYOR, "Wali Kota Tanjungbalai", "kepala_daerah", REGION, is_head=True, fill=0),
        PositionPlan(DEPUTY, "Wakil Wali Kota Tanjungbalai", "wakil_kepala_daerah", REGION, fill=0),
    ]
    for opd in OPDS:
        plan.units.append(UnitPlan(opd.code, opd.name, opd.kind, REGION))
        head_code = "SEKDA" if opd.code == "SETDA" else f"{opd.code}-{opd.head.suffix}"
        plan.positions.append(
            _position(rng, opd.head, head_code, opd.code, opd, is_head=True, required=required)
        )
        for post in (*opd.posts, *opd.functional):
            plan.positions.append(
                _position(rng, post, f"{opd.code}-{post.suffix}", opd.code, opd, required=required)
            )
        for division in opd.divisions:
            unit = f"{opd.code}-{division.suffix}"
            plan.units.append(UnitPlan(unit, division.name, division.kind, opd.code))
            plan.positions.append(
                _position(
                    rng,
                    division.head,
                    f"{unit}-{division.head.suffix}",
                    unit,
                    opd,
                    is_head=True,
                    required=required,
                )
            )
            for post in division.posts:
                plan.positions.append(
                    _position(rng, post, f"{unit}-{post.suffix}", unit, opd, required=required)
                )

    maker = PersonMaker(rng, today)
    for position in plan.positions:
        for index in range(position.fill):
            person = maker.make(position, profile=TIMING.get((position.code, index), ""))
            plan.people.append(person)
            plan.holders[(position.code, index)] = person
    _histories(rng, plan)
    for person in plan.people:
        _ratings(rng, person, today)
    for (code, index), extra in EXTRAS.items():
        _extra(plan.holders[(code, index)], extra, today)
    _acting(plan)
    # Its own generator: adding the assessments leaves every other draw of the demo as it was.
    _assessments(random.Random(seed + 1), plan, today)  # noqa: S311 -- a reproducible demo
    return plan


POTENTIALS = {"tinggi": (70, 95), "menengah": (55, 75), "rendah": (35, 60)}


def _assessments(rng: random.Random, plan: Plan, today: date) -> None:
    """Three in four civil servants in post were assessed in the last two years; officials a
    little more often rated of high potential."""
    tiers = {position.code: position.tier for position in plan.positions}
    for person in plan.people:
        if person.status != "active" or rng.random() >= 0.75:
            continue
        high = 35 if tiers.get(person.position, 1) >= 2 else 20
        potential = rng.choices(list(POTENTIALS), weights=(high, 50, 100 - 50 - high))[0]
        low, top = POTENTIALS[potential]
        day = weekday_on_or_after(today - timedelta(days=rng.randint(30, 700)))
        person.assessments.append((day, potential, f"{rng.uniform(low, top):.2f}"))


def _position(rng, post: Post, code: str, unit: str, opd: Opd, *, is_head=False, required) -> PositionPlan:
    name = f"{post.name} {opd.name}" if post.name == "Sekretaris" else post.name
    if post.kind in ("jpt_pratama", "administrator", "pengawas"):
        low, high = ESELON_RANKS[post.eselon]
    elif post.kind == "fungsional":
        low, high = FUNCTIONAL_RANKS[post.level]
    else:
        low = high = None
    if post.fill is not None:
        fill = post.fill
    elif post.kind == "pengawas" and not is_head:
        fill = 0 if rng.random() < 0.15 else 1  # some sections wait for an appointment
    elif post.kind in ("pelaksana", "fungsional"):
        fill = post.capacity if rng.random() < 0.6 else post.capacity - 1
    else:
        fill = post.capacity
    fill = min(post.capacity, max(fill, required.get(code, 0)))
    tier = {"jpt_pratama": 4, "administrator": 3, "pengawas": 2}.get(post.kind, 1)
    return PositionPlan(
        code=code,
        name=name,
        kind=post.kind,
        unit=unit,
        is_head=is_head,
        level=post.level,
        min_education=post.education,
        fields=post.fields,
        min_rank=low,
        max_rank=high,
        capacity=post.capacity,
        fill=fill,
        tier=tier,
        functional_type=post.jtype,
    )


def _histories(rng: random.Random, plan: Plan) -> None:
    """One earlier post for most people (a step below, for structural posts), then the current one."""
    by_tier: dict[int, list[PositionPlan]] = {}
    for position in plan.positions:
        if position.kind not in ("kepala_daerah", "wakil_kepala_daerah"):
            by_tier.setdefault(position.tier, []).append(position)
    tiers = {position.code: position.tier for position in plan.positions}
    counters: dict[int, int] = {}

    def decree(start: date) -> tuple[str, date]:
        counters[start.year] = counters.get(start.year, 0) + 1
        return f"800.1.3.3/Kep.{counters[start.year]:03d}/BKPSDM/{start.year}", start - timedelta(days=7)

    for person in plan.people:
        tier = tiers[person.position]
        since = person.position_since
        if person.status == "cpns":  # their first post, from the TMT CPNS; the Latsar in the year
            person.history.append((person.position, since, None, *decree(since)))
            start = since + timedelta(days=120)
            number = f"LATSAR/{start.year}/{rng.randint(100, 999)}"
            person.trainings.append(
                ("latsar", "Pelatihan Dasar CPNS", start, start + timedelta(days=51), number)
            )
            continue
        if tier > 1 or rng.random() < 0.5:
            pool = [p for p in by_tier[max(tier - 1, 1)] if p.code != person.position]
            earlier = rng.choice(pool)
            start = weekday_on_or_after(
                max(person.tmt_cpns + timedelta(days=365), add_years(since, -rng.randint(2, 6)))
            )
            if start < since - timedelta(days=60):
                person.history.append((earlier.code, start, since - timedelta(days=1), *decree(start)))
        person.history.append((person.position, since, None, *decree(since)))
        _trainings(rng, person, tier)


def _trainings(rng: random.Random, person: PersonPlan, tier: int) -> None:
    since = person.position_since
    floor = person.tmt_cpns + timedelta(days=400)

    def course(kind: str, name: str, before: int, days: int) -> None:
        start = max(floor, since - timedelta(days=before))
        end = start + timedelta(days=days)
        number = f"{kind.upper()}/{start.year}/{rng.randint(100, 999)}"
        person.trainings.append((kind, name, start, end, number))

    if tier == 4:
        course("pka", "Pelatihan Kepemimpinan Administrator", rng.randint(2000, 3000), 90)
        course("pkn2", "Pelatihan Kepemimpinan Nasional Tingkat II", rng.randint(200, 900), 120)
    elif tier == 3 and rng.random() < 0.85:
        course("pka", "Pelatihan Kepemimpinan Administrator", rng.randint(100, 900), 90)
    elif tier == 2 and rng.random() < 0.75:
        course("pkp", "Pelatihan Kepemimpinan Pengawas", rng.randint(60, 700), 75)
    if rng.random() < 0.35:
        course("teknis", rng.choice(TECHNICAL_TRAININGS), rng.randint(30, 1500), 5)


def _ratings(rng: random.Random, person: PersonPlan, today: date) -> None:
    """The ratings of the last three years (the one just ended is already set); a CPNS is
    rated from the year of their TMT CPNS, and at least good."""
    cpns = person.status == "cpns"
    weights = (30, 70, 0) if cpns or "settled" in person.tags else (30, 67, 3)
    for year in range(today.year - 3, today.year):
        if year > person.tmt_cpns.year or (cpns and year == person.tmt_cpns.year):
            person.ratings[year] = rng.choices(("sangat_baik", "baik", "butuh_perbaikan"), weights=weights)[0]


def _extra(person: PersonPlan, extra: str, today: date) -> None:
    person.tags.append(extra)
    if extra == "sanction_medium":
        start = today - timedelta(days=100)
        person.sanctions.append(
            (
                "sedang",
                "pemotongan_tukin",
                start,
                add_years(start, 1) - timedelta(days=1),
                f"800.1.6.2/Kep.014/BKPSDM/{start.year}",
            )
        )
    elif extra == "sanction_light":
        start = today - timedelta(days=20)
        person.sanctions.append(
            (
                "ringan",
                "teguran_tertulis",
                start,
                start + timedelta(days=180),
                f"800.1.6.2/Kep.031/BKPSDM/{start.year}",
            )
        )
    elif extra == "sanction_heavy":
        start = today - timedelta(days=150)
        person.sanctions.append(
            (
                "berat",
                "penurunan_jabatan",
                start,
                add_years(start, 1) - timedelta(days=1),
                f"800.1.6.2/Kep.009/BKPSDM/{start.year}",
            )
        )
    elif extra == "sanction_past":
        start = add_years(today, -3)
        person.sanctions.append(
            (
                "sedang",
                "pemotongan_tukin",
                start,
                add_years(start, 1) - timedelta(days=1),
                f"800.1.6.2/Kep.022/BKPSDM/{start.year}",
            )
        )
    elif extra == "examination":
        person.proceedings.append(
            (
                "pemeriksaan_disiplin",
                today - timedelta(days=25),
                "Berita Acara Pemeriksaan Inspektorat 700.1.2/045",
            )
        )
    elif extra == "study_leave":
        start = date(today.year - 1, 9, 1)
        person.bonds.append(
            (
                "tugas_belajar",
                start,
                date(today.year + 1, 8, 31),
                "Tugas belajar S-2 Perencanaan Wilayah, Universitas Sumatera Utara",
            )
        )
    elif extra == "service_bond":
        start = person.tmt_cpns
        person.bonds.append(
            (
                "ikatan_dinas",
                start,
                max(add_years(start, 10), add_years(today, 2)),
                "Ikatan dinas lulusan IPDN",
            )
        )
    elif extra == "poor_performance":
        person.ratings[today.year - 1] = "butuh_perbaikan"


def _acting(plan: Plan) -> None:
    vacant, acting_from = ACTING_HEAD
    account = next(a for a in plan.accounts if a.holder == (acting_from, 0))
    start = weekday_on_or_after(plan.today - timedelta(days=40))
    plan.acting.append(
        ActingPlan(
            position=vacant,
            username=account.username,
            start=start,
            end=start + timedelta(days=90),
            decree_number=f"800.1.3.3/Kep.Plt.01/BKPSDM/{start.year}",
            decree_date=start - timedelta(days=3),
            note="Kepala Dinas memasuki batas usia pensiun; menunggu seleksi terbuka JPT pratama.",
        )
    )
