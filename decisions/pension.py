"""What a retirement decree tells PT TASPEN: the years of service counted for the pension, the
last basic salary, the basic pension and who in the family is entitled after the pensioner.

Pure arithmetic over the registry's facts (no database):

- **Basic salary** (gaji pokok): the table of PP 7/1977 as last amended by PP 5/2024 (in force
  1 January 2024), by golongan and masa kerja golongan (MKG, whole years). A golongan's row
  starts at the MKG shown below and rises at the listed steps; between steps the salary of
  the step reached applies.
- **Basic pension** (UU 11/1969 Pasal 11 ayat (1)): 2.5% of the pension base for each year of
  service, at most 75% (huruf a), and never less than the lowest basic salary of the salary
  regulation in force (huruf c). The pension base is the last basic salary.
- **Years of service**: from the TMT CPNS to the TMT pensiun. How a remainder of months counts
  is a setting (``SAHIH_DECREE["pension"]["round_half_year_up"]``) [R].
- **Family** (UU 11/1969 Pasal 18, and the SIASN pension decree's family list): the registered
  spouse, and the children under 25 who are unmarried and have no income of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from .policy.dates import add_years, span, survivors_pension_start  # noqa: F401 (re-exported)

SALARY_REGULATION = "Peraturan Pemerintah Nomor 5 Tahun 2024"
# PP 5/2024, Lampiran (Perubahan Kesembilan Belas atas PP 7/1977): golongan -> the MKG of each
# step and the monthly basic salary in rupiah at that step. Gol. I/a steps every two years
# from 0; I/b-I/d from 3; II/a at 0, 1 and then every two years to 33; II/b-II/d from 3 to 33;
# III and IV every two years from 0 to 32. The first and last step of every golongan match the
# ranges published with the regulation (docs/decrees.md, "Sources").
_STEPS_I_A = tuple(range(0, 27, 2))
_STEPS_I = tuple(range(3, 28, 2))
_STEPS_II_A = (0, *range(1, 34, 2))
_STEPS_II = tuple(range(3, 34, 2))
_STEPS_III_IV = tuple(range(0, 33, 2))
_SALARIES = {
    "I/a": (_STEPS_I_A, (1685700, 1738800, 1793500, 1850000, 1908300, 1968400, 2030400, 2094300,
                         2160300, 2228300, 2298500, 2370900, 2445500, 2522600)),
    "I/b": (_STEPS_I, (1840800, 1898800, 1958600, 2020300, 2083900, 2149600, 2217300, 2287100,
                       2359100, 2433400, 2510100, 2589100, 2670700)),
    "I/c": (_STEPS_I, (1918700, 1979100, 2041500, 2105800, 2172100, 2240500, 2311100, 2383900,
                       2458900, 2536400, 2616300, 2698700, 2783700)),
    "I/d": (_STEPS_I, (1999900, 2062900, 2127800, 2194800, 2264000, 2335300, 2408800, 2484700,
                       2562900, 2643700, 2726900, 2812800, 2901400)),
    "II/a": (_STEPS_II_A, (2184000, 2218400, 2288200, 2360300, 2434600, 2511300, 2590400, 2672000,
                           2756200, 2843000, 2932500, 3024900, 3120100, 3218400, 3319800, 3424300,
                           3532200, 3643400)),
    "II/b": (_STEPS_II, (2385000, 2460100, 2537600, 2617500, 2700000, 2785000, 2872700, 2963200,
                         3056500, 3152800, 3252100, 3354500, 3460200, 3569200, 3681600, 3797500)),
    "II/c": (_STEPS_II, (2485900, 2564200, 2645000, 2728300, 2814200, 2902800, 2994300, 3088600,
                         3185800, 3286200, 3389700, 3496400, 3606500, 3720100, 3837300, 3958200)),
    "II/d": (_STEPS_II, (2591100, 2672700, 2756800, 2843700, 2933200, 3025600, 3120900, 3219200,
                         3320600, 3425200, 3533100, 3644300, 3759100, 3877500, 3999600, 4125600)),
    "III/a": (_STEPS_III_IV, (2785700, 2873500, 2964000, 3057300, 3153600, 3252900, 3355400, 3461100,
                              3570100, 3682500, 3798500, 3918100, 4041500, 4168800, 4300100, 4435500,
                              4575200)),
    "III/b": (_STEPS_III_IV, (2903600, 2995000, 3089300, 3186600, 3287000, 3390500, 3497300, 3607500,
                              3721100, 3838300, 3959200, 4083900, 4212500, 4345100, 4482000, 4623200,
                              4768800)),
    "III/c": (_STEPS_III_IV, (3026400, 3121700, 3220000, 3321400, 3426000, 3533900, 3645200, 3760100,
                              3878500, 4000600, 4126600, 4256600, 4390700, 4528900, 4671600, 4818700,
                              4970500)),
    "III/d": (_STEPS_III_IV, (3154400, 3253700, 3356200, 3461900, 3571000, 3683400, 3799400, 3919100,
                              4042500, 4169900, 4301200, 4436700, 4576400, 4720500, 4869200, 5022500,
                              5180700)),
    "IV/a": (_STEPS_III_IV, (3287800, 3391400, 3498200, 3608400, 3722000, 3839200, 3960200, 4084900,
                             4213500, 4346200, 4483100, 4624300, 4770000, 4920200, 5075200, 5235000,
                             5399900)),
    "IV/b": (_STEPS_III_IV, (3426900, 3534800, 3646200, 3761000, 3879500, 4001600, 4127700, 4257700,
                             4391800, 4530100, 4672800, 4819900, 4971700, 5128300, 5289800, 5456400,
                             5628300)),
    "IV/c": (_STEPS_III_IV, (3571900, 3684400, 3800400, 3920100, 4043600, 4170900, 4302300, 4437800,
                             4577500, 4721700, 4870400, 5023800, 5182000, 5345200, 5513600, 5687200,
                             5866400)),
    "IV/d": (_STEPS_III_IV, (3723000, 3840200, 3961200, 4085900, 4214600, 4347300, 4484300, 4625500,
                             4771200, 4921400, 5076400, 5236300, 5401200, 5571400, 5746800, 5927800,
                             6114500)),
    "IV/e": (_STEPS_III_IV, (3880400, 4002700, 4128700, 4258700, 4392900, 4531200, 4673900, 4821100,
                             4973000, 5129600, 5291200, 5457800, 5629700, 5807000, 5989900, 6178600,
                             6373200)),
}  # fmt: skip
# UU 11/1969 Pasal 11 ayat (1): 2.5% a year, at most 75%.
RATE_PER_YEAR = Decimal("2.5")
MAX_PERCENT = Decimal("75")
CHILD_AGE_LIMIT = 25  # UU 11/1969 Pasal 18: children entitled until 25
SPOUSES = {"wife": "Istri", "husband": "Suami"}  # FamilyMember.Relation values


def basic_salary(golongan: str, mkg_years: int) -> int:
    """The monthly basic salary of ``golongan`` at ``mkg_years`` of masa kerja golongan."""
    steps, amounts = _SALARIES[golongan]
    reached = [amount for step, amount in zip(steps, amounts, strict=True) if step <= max(mkg_years, 0)]
    return reached[-1] if reached else amounts[0]


def lowest_basic_salary() -> int:
    """The lowest basic salary of the regulation in force (I/a at MKG 0): the pension floor
    of UU 11/1969 Pasal 11 ayat (1) huruf c, unless the region configures another [R]."""
    configured = settings.SAHIH_DECREE.get("pension", {}).get("minimum")
    return int(configured) if configured else min(amounts[0] for _steps, amounts in _SALARIES.values())


def service_years(years: int, months: int) -> int:
    """The whole years of service that count: a remainder of six months or more counts as a
    year where the region's practice says so [R]."""
    round_up = settings.SAHIH_DECREE.get("pension", {}).get("round_half_year_up", True)
    return years + (1 if round_up and months >= 6 else 0)


@dataclass(frozen=True)
class FamilyLine:
    """One family member as the decree lists them."""

    relation: str  # "Istri", "Suami", "Anak"
    name: str
    birth_date: date
    marriage_date: date | None = None


@dataclass(frozen=True)
class Pension:
    """The Taspen particulars of one retiring employee, as of the TMT pensiun."""

    birth_date: date
    bup_age: int
    bup_birthday: date  # the day the retirement age is reached
    starts: date  # TMT pensiun: the first month the pension is paid
    service: tuple[int, int]  # years and months from the TMT CPNS to the TMT pensiun
    mkg: tuple[int, int] | None  # masa kerja golongan on the TMT pensiun, if recorded
    golongan: str
    last_salary: int | None
    percent: Decimal
    amount: int | None
    family: tuple[FamilyLine, ...] = ()

    @property
    def complete(self) -> bool:
        return self.last_salary is not None


def compute(
    *,
    birth_date: date,
    tmt_cpns: date,
    golongan: str,
    rank_since: date,
    mkg_at_rank: tuple[int, int] | None,
    bup_age: int,
    starts: date,
    family: tuple[FamilyLine, ...] = (),
) -> Pension:
    """The particulars of one retirement on ``starts`` (the TMT pensiun)."""
    service = span(tmt_cpns, starts)
    percent = min(RATE_PER_YEAR * service_years(*service), MAX_PERCENT)
    mkg = last_salary = amount = None
    if mkg_at_rank is not None:
        # The masa kerja golongan grows from the rank's TMT at the rate of time.
        years, months = span(rank_since, starts)
        total = (mkg_at_rank[0] + years) * 12 + mkg_at_rank[1] + months
        mkg = divmod(total, 12)
        last_salary = basic_salary(golongan, mkg[0])
        computed = (Decimal(last_salary) * percent / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        amount = max(int(computed), lowest_basic_salary())
    return Pension(
        birth_date=birth_date,
        bup_age=bup_age,
        bup_birthday=add_years(birth_date, bup_age),
        starts=starts,
        service=service,
        mkg=mkg,
        golongan=golongan,
        last_salary=last_salary,
        percent=percent,
        amount=amount,
        family=family,
    )


def entitled(members, on: date) -> tuple[FamilyLine, ...]:
    """The family members entitled to a survivor's pension on ``on``: the spouse whose marriage
    has not ended, then the children under 25, unmarried and without income, eldest first."""
    lines = []
    for member in sorted(members, key=lambda m: (m.relation not in SPOUSES, m.birth_date)):
        if member.ended_on is not None and member.ended_on <= on:
            continue
        if member.relation in SPOUSES:
            lines.append(
                FamilyLine(SPOUSES[member.relation], member.name, member.birth_date, member.marriage_date)
            )
        elif add_years(member.birth_date, CHILD_AGE_LIMIT) > on and not member.married and not member.earning:
            lines.append(FamilyLine("Anak", member.name, member.birth_date))
    return tuple(lines)


def rupiah(amount: int) -> str:
    """ "Rp4.779.900,00" """
    return "Rp" + f"{amount:,}".replace(",", ".") + ",00"
