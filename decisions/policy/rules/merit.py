"""Merit shown on the record: performance ratings, competence evidence, leadership training,
and the age caps of a move into a functional post.

Catalogue rules 8 (SKP), 15 (competence evidence), 16 (leadership training) and 17 (JF
perpindahan age caps).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.models import Position, SkpRating

from ...models import Attachment
from ..dates import add_months, add_years, age_on, fmt, rated_years, skp_due
from ..engine import BLOCK, WARN, rule, sql_form
from .common import (
    COMMITTEE_RECOMMENDED,
    COMPETENCY_TEST,
    MOVES,
    ROUTE_FIRST,
    ROUTE_TRANSFER,
    SHORTLIST,
    K,
    enters_new_kind,
    finding,
    functional_route,
    is_structural,
)

BASIS_SKP = (
    "PP 11/2017 Ps. 54–55; PermenPANRB 1/2023; Peraturan BKN 5/2019; "
    "PermenPANRB 6/2022 (evaluasi kinerja tahunan)"
)
BASIS_COMPETENCE = "PP 11/2017 Ps. 127 (pansel); PermenPANRB 1/2023 (uji kompetensi JF); PP 17/2020"
BASIS_TRAINING = "PP 11/2017 Ps. 210 (pelatihan kepemimpinan); Perlan LAN 15/2019 (PKP)"
BASIS_JF_AGE = "PermenPANRB 1/2023 (perpindahan ke dalam JF)"

A = Attachment.Kind


@rule(
    id="performance",
    number=8,
    title=gettext_lazy("Performance rated good or better"),
    basis=BASIS_SKP,
    kinds=(MOVES - {K.TRANSFER_IN}) | {K.TRANSFER_OUT, K.APPOINTMENT_PNS},
)
def performance(*, proposal, item, facts, params, stage):
    """The ratings of the last ``skp_years`` years (one for a first appointment to a JF)
    that must already be set on the day of the decision (``facts.on``: submission, each
    approval, signing) must all be good or very good. The year just ended counts once its
    rating is recorded; until its deadline (``skp_rating_due``) a missing one is a warning
    to justify in writing, never a demand for what cannot exist yet. A CPNS appointed PNS
    needs ``skp_years_cpns`` years, none before the TMT CPNS."""
    if proposal.kind == K.APPOINTMENT_PNS:
        first_year = item.employee.tmt_cpns.year
        return skp_finding(
            "performance", item, facts, params, years_needed=params["skp_years_cpns"], first_year=first_year
        )
    first_jf = proposal.kind == K.APPOINTMENT_FUNCTIONAL and functional_route(proposal) == ROUTE_FIRST
    years_needed = params["skp_years_first_functional"] if first_jf else params["skp_years"]
    return skp_finding("performance", item, facts, params, years_needed=years_needed)


def skp_finding(rule_id, item, facts, params, *, years_needed: int, first_year: int | None = None):
    """The performance finding of ``rule_id`` for ``item`` on ``facts.on`` (None: all good).
    ``first_year``: no rating is asked for before it (a CPNS's first year of service)."""
    employee, on = item.employee, facts.on
    last_due, pending = rated_years(on, params)
    ratings = {rating.year: rating for rating in facts.skp[employee.pk]}
    latest = pending if pending is not None and pending in ratings else last_due
    waiting = pending if pending is not None and pending not in ratings else None
    wanted = [
        y for y in range(latest - years_needed + 1, latest + 1) if first_year is None or y >= first_year
    ]
    if waiting is not None and first_year is not None and waiting < first_year:
        waiting = None
    missing = [year for year in wanted if year not in ratings]
    poor = [
        year for year in wanted if year in ratings and ratings[year].rating not in SkpRating.GOOD_OR_BETTER
    ]
    facts_used = {"years": wanted, "missing": missing, "below_good": poor, "decided_on": on}
    if waiting is not None:
        facts_used |= {"pending": waiting, "pending_due": skp_due(waiting, params)}
    if missing or poor:
        shown = ", ".join(
            f"{year}: {ratings[year].get_rating_display() if year in ratings else _('none')}"
            for year in wanted
        )
        if poor:
            fix = _("A rating below good cannot be overridden: the decision waits for a good rating.")
        else:
            fix = _("Record the SKP ratings of %(years)s in the registry: they were due by %(due)s.") % {
                "years": ", ".join(map(str, missing)),
                "due": fmt(skp_due(max(missing), params)),
            }
        return finding(
            rule_id,
            BLOCK,
            item=item,
            params=params,
            title=_("Performance requirement not met"),
            message=_("%(name)s needs a rating of good or better for %(years)s; recorded: %(shown)s.")
            % {"name": employee.full_name, "years": ", ".join(map(str, wanted)), "shown": shown},
            basis=BASIS_SKP,
            fix=fix,
            facts=facts_used,
        )
    if waiting is None:
        return None
    due = skp_due(waiting, params)
    return finding(
        rule_id,
        WARN,
        item=item,
        params=params,
        title=_("Last year's performance rating is not set yet"),
        message=_(
            "The %(year)s rating of %(name)s is not recorded; it may be set until %(due)s, so the decision of %(on)s rests on the ratings of %(years)s."
        )
        % {
            "year": waiting,
            "name": employee.full_name,
            "due": fmt(due),
            "on": fmt(on),
            "years": ", ".join(map(str, wanted)) or "-",
        },
        basis=BASIS_SKP,
        fix=_(
            "Record the %(year)s rating once it is set, or justify in writing why the decision cannot wait until %(due)s."
        )
        % {"year": waiting, "due": fmt(due)},
        facts=facts_used,
        justification_required=True,
    )


@sql_form("performance")
def performance_sql(*, target, effective_date, on, params):
    """Blocked: a rating below good, or none, in one of the ``skp_years`` years that
    ``skp_finding`` asks for on ``on`` -- the window ends with the year in its grace period
    when that rating is recorded, else with the last year due. (A first JF appointment, with
    its one year, needs case data a placement move does not have.)"""
    years_needed = params["skp_years"]
    last_due, pending = rated_years(on, params)

    def rated(year, good=False):
        # ``pk IN (...)``: the database reads the ratings of a year once for the whole registry.
        ratings = SkpRating.objects.filter(year=year)
        if good:
            ratings = ratings.filter(rating__in=SkpRating.GOOD_OR_BETTER)
        return Q(pk__in=ratings.values("employee_id"))

    def all_good(latest):
        condition = Q()
        for year in range(latest - years_needed + 1, latest + 1):
            condition &= rated(year, good=True)
        return condition

    if pending is None:
        return ~all_good(last_due)
    return (rated(pending) & ~all_good(pending)) | (~rated(pending) & ~all_good(last_due))


def competency_passed(value) -> bool:
    """A competency test result as the form records it: true, "lulus"/"passed", or
    ``{"passed": true, ...}``."""
    if isinstance(value, dict):
        value = value.get("passed")
    if isinstance(value, str):
        return value.strip().lower() in {"lulus", "passed", "memenuhi syarat", "true", "ya"}
    return value is True


def _shortlisted(employee, shortlist) -> tuple[bool, list[str]]:
    entries = shortlist if isinstance(shortlist, list) else []
    nips = [
        "".join(ch for ch in str(e.get("nip") if isinstance(e, dict) else e) if ch.isdigit()) for e in entries
    ]
    return employee.nip in nips, nips


BEFORE_COMMITTEE = ("check", "submission", "proposer_head", "committee_vote")


@rule(
    id="competence",
    number=15,
    title=gettext_lazy("Competence shown by the committee, the panel or the competency test"),
    basis=BASIS_COMPETENCE,
    kinds={K.APPOINTMENT_STRUCTURAL, K.APPOINTMENT_FUNCTIONAL, K.APPOINTMENT_JPT},
)
def competence(*, proposal, item, facts, params, stage):
    """Structural and JF: the Tim Penilai Kinerja's minutes (and not a negative
    recommendation). JF also: the competency test passed, with its result in the file. JPT:
    the panel's result in the file and the candidate among its best ``pansel_shortlist_size``."""
    data, files, employee = proposal.data, proposal.attachment_kinds, item.employee
    problems, facts_used = [], {"attachments": sorted(files)}
    # The team votes inside the route, after the proposal: before that stage there is no
    # consideration to ask for. Its recorded votes (or its minutes on file) are the evidence.
    if (
        proposal.kind in (K.APPOINTMENT_STRUCTURAL, K.APPOINTMENT_FUNCTIONAL)
        and stage not in BEFORE_COMMITTEE
    ):
        votes = data.get("committee") or {}
        facts_used["committee"] = votes.get("result")
        if votes.get("result") is None and A.COMMITTEE_MINUTES not in files:
            problems.append(_("the minutes of the Tim Penilai Kinerja are not in the file"))
        if data.get(COMMITTEE_RECOMMENDED) is False or votes.get("result") == "rejected":
            problems.append(_("the Tim Penilai Kinerja did not recommend the employee"))
    if proposal.kind == K.APPOINTMENT_FUNCTIONAL:
        facts_used["competency_test"] = data.get(COMPETENCY_TEST)
        if not competency_passed(data.get(COMPETENCY_TEST)):
            problems.append(_("the competency test is not recorded as passed"))
        if A.COMPETENCY_TEST not in files:
            problems.append(_("the competency test result is not in the file"))
    if proposal.kind == K.APPOINTMENT_JPT:
        size = params["pansel_shortlist_size"]
        listed, nips = _shortlisted(employee, data.get(SHORTLIST))
        facts_used["shortlist"] = nips
        if A.SELECTION_RESULT not in files:
            problems.append(_("the selection panel's result is not in the file"))
        if not listed:
            problems.append(_("the employee is not on the panel's shortlist"))
        elif len(nips) > size:
            problems.append(_("the panel's shortlist names more than %(size)s candidates") % {"size": size})
    if not problems:
        return None
    return finding(
        "competence",
        BLOCK,
        item=item,
        params=params,
        title=_("Competence not shown"),
        message=_("%(name)s: %(problems)s.") % {"name": employee.full_name, "problems": "; ".join(problems)},
        basis=BASIS_COMPETENCE,
        fix=_(
            "Attach the committee minutes, the panel result or the competency test result, and record the outcome."
        ),
        facts=facts_used,
    )


@rule(
    id="leadership_training",
    number=16,
    title=gettext_lazy("Leadership training held for the post"),
    basis=BASIS_TRAINING,
    kinds=MOVES,
)
def leadership_training(*, proposal, item, facts, params, stage):
    """PKP for pengawas, PKA for administrator, PKN II for JPT (a higher one counts). Missing
    training is a warning that notes the obligation to complete it after the appointment."""
    target = item.to_position
    if not is_structural(target):
        return None
    order = params["leadership_training_order"]
    required = params["leadership_training"].get(target.kind)
    if not required:
        return None
    level = {kind: rank for rank, kind in enumerate(order)}
    held = [t for t in facts.trainings[item.employee.pk] if t.kind in level or t.kind == required]
    if any(t.kind == required or level.get(t.kind, -1) >= level.get(required, len(order)) for t in held):
        return None
    months = params["leadership_training_due_months"]
    due = add_months(proposal.effective_date, months)
    return finding(
        "leadership_training",
        WARN,
        item=item,
        params=params,
        title=_("Leadership training not held"),
        message=_(
            "%(name)s has not attended %(training)s, required for %(position)s; once appointed they must complete it by %(due)s."
        )
        % {
            "name": item.employee.full_name,
            "training": required.upper(),
            "position": target.name,
            "due": fmt(due),
        },
        basis=BASIS_TRAINING,
        fix=_("Register the employee for the next %(training)s; the obligation is noted with the case.")
        % {"training": required.upper()},
        facts={"required": required, "held": sorted({t.kind for t in held}), "obligation_due": due},
    )


def functional_age_cap(proposal, item, params) -> int | None:
    """The age cap of a move into a JF post (None when the item is not such a move)."""
    target = item.to_position
    if target is None or target.kind != Position.Kind.FUNCTIONAL:
        return None
    moving_in = (
        proposal.kind == K.APPOINTMENT_FUNCTIONAL and functional_route(proposal) == ROUTE_TRANSFER
    ) or (proposal.kind == K.TRANSFER and enters_new_kind(item))
    if not moving_in:
        return None
    caps = params["functional_transfer_max_age"]
    current = item.current_position
    level = target.functional_level
    if (
        level == Position.FunctionalLevel.AHLI_UTAMA
        and current is not None
        and current.functional_level == Position.FunctionalLevel.AHLI_UTAMA
    ):
        level = "ahli_utama_from_ahli_utama"
    return caps.get(level)


@rule(
    id="functional_age",
    number=17,
    title=gettext_lazy("Within the age cap for moving into a functional post"),
    basis=BASIS_JF_AGE,
    kinds={K.APPOINTMENT_FUNCTIONAL, K.TRANSFER},
)
def functional_age(*, proposal, item, facts, params, stage):
    """Age in completed years on the effective date, at most the cap of the target level."""
    cap = functional_age_cap(proposal, item, params)
    if cap is None:
        return None
    employee = item.employee
    age = age_on(employee.birth_date, proposal.effective_date)
    if age <= cap:
        return None
    return finding(
        "functional_age",
        BLOCK,
        item=item,
        params=params,
        title=_("Over the age cap for a functional post"),
        message=_(
            "%(name)s, born %(born)s, is %(age)s years old on %(tmt)s; a move into %(position)s allows at most %(cap)s."
        )
        % {
            "name": employee.full_name,
            "born": fmt(employee.birth_date),
            "age": age,
            "tmt": fmt(proposal.effective_date),
            "position": item.to_position.name,
            "cap": cap,
        },
        basis=BASIS_JF_AGE,
        fix=_("The move had to take effect before %(date)s; choose another candidate.")
        % {"date": fmt(add_years(employee.birth_date, cap + 1))},
        facts={
            "birth_date": employee.birth_date,
            "age": age,
            "max_age": cap,
            "level": item.to_position.functional_level,
        },
    )
