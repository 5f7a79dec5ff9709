"""The placement pages: the position map (city and unit, with CSV/XLSX export), candidates
for a vacancy with the action that starts the case, the vacancies that fit an employee, the
talent pool with succession, and the SKP dashboard. Thin: the work is in the modules beside."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decisions.errors import Conflict, Invalid, Refused
from decisions.policy.dates import rated_years
from decisions.policy.engine import parameters as policy_parameters
from personnel.models import Employee, OrgUnit, Position, SkpRating
from personnel.spreadsheet import SafeWriter, safe_cell
from web.charts import Row, bar_chart

from . import candidates as ranking
from . import performance, positionmap, services, talent
from .scope import Scope, scope_of, unit_in_scope


def _scope(request) -> Scope:
    scope = scope_of(request.user)
    if scope.empty:
        raise PermissionDenied
    return scope


def _unit_filter(request, scope: Scope) -> tuple[OrgUnit | None, set[int] | None]:
    """The ``unit`` query parameter (a unit code): that unit and those under it."""
    code = request.GET.get("unit", "").strip()
    if not code:
        return None, None
    if "\x00" in code:
        raise Http404
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None:
        raise Http404
    unit_in_scope(scope, unit.pk)
    return unit, positionmap.descendants(unit.pk)


def _units_for_filter(scope: Scope):
    """The OPDs the user may filter by."""
    opds = set(scope.opd_of_unit.values())
    units = OrgUnit.objects.filter(pk__in=opds, is_active=True).exclude(kind=OrgUnit.Kind.REGION)
    return scope.filter_units(units).order_by("code")


@login_required
def city_map(request):
    scope = _scope(request)
    rows = positionmap.position_map(scope=scope)
    summaries = positionmap.by_unit(rows, group_of=scope.opd_of_unit)
    totals = positionmap.UnitSummary(unit=None, rows=rows)
    return render(request, "placement/city_map.html", {"summaries": summaries, "totals": totals})


@login_required
def unit_map(request, code: str):
    scope = _scope(request)
    if "\x00" in code:
        raise Http404
    unit = get_object_or_404(OrgUnit, code=code)
    unit_in_scope(scope, unit.pk)
    rows = positionmap.position_map(scope=scope, unit_ids=positionmap.descendants(unit.pk))
    return render(
        request,
        "placement/unit_map.html",
        {
            "unit": unit,
            "summaries": positionmap.by_unit(rows),
            "totals": positionmap.UnitSummary(unit=unit, rows=rows),
        },
    )


@login_required
def export_map(request, fmt: str):
    scope = _scope(request)
    unit, unit_ids = _unit_filter(request, scope)
    rows = positionmap.export_rows(positionmap.position_map(scope=scope, unit_ids=unit_ids))
    name = f"peta-jabatan-{unit.code if unit else 'kota'}-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        writer = SafeWriter(response)
        writer.writerow(positionmap.EXPORT_HEADER)
        writer.writerows(rows)
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "peta_jabatan"
    sheet.append(positionmap.EXPORT_HEADER)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _position_for(request, scope: Scope, pk: int) -> Position:
    position = get_object_or_404(Position.objects.select_related("unit"), pk=pk, is_active=True)
    unit_in_scope(scope, position.unit_id)
    if position.kind in Position.ELECTED_KINDS:
        raise Http404
    return position


def _effective_date(request) -> date | None:
    try:
        return date.fromisoformat(
            request.GET.get("effective_date") or request.POST.get("effective_date") or ""
        )
    except ValueError:
        return None


@login_required
def candidates(request, pk: int):
    scope = _scope(request)
    position = _position_for(request, scope, pk)
    result = ranking.rank_candidates(position=position, scope=scope, effective_date=_effective_date(request))
    jpt = position.kind == Position.Kind.JPT_PRATAMA
    return render(
        request,
        "placement/candidates.html",
        {
            "position": position,
            "ranking": result,
            "jpt": jpt,
            "shortlist": result.candidates[:3] if jpt else [],
            "may_start": request.user.has_perm("decisions.add_case"),
            "free": _free(position),
        },
    )


def _free(position: Position) -> int:
    held = Employee.objects.filter(position=position, status=Employee.Status.ACTIVE).count()
    return max(position.capacity - held, 0)


@login_required
def check(request, pk: int):
    """One employee's move into the post, every rule and the score: why they are excluded."""
    scope = _scope(request)
    position = _position_for(request, scope, pk)
    nip = "".join(ch for ch in request.GET.get("nip", "") if ch.isdigit())
    employee = Employee.objects.filter(nip=nip).first() if nip else None
    outcome = employee and ranking.check_candidate(
        position=position, employee=employee, scope=scope, effective_date=_effective_date(request)
    )
    if outcome is None:
        # A mistyped NIP is the usual cause: back to the ranking, saying so. The same words
        # for someone outside the reader's scope, so the answer tells nothing about them.
        messages.error(
            request, _("No employee with NIP %(nip)s in your scope: check the number.") % {"nip": nip or "–"}
        )
        target = redirect("placement:candidates", pk=position.pk)
        if request.GET.get("effective_date"):
            target["Location"] += "?" + urlencode({"effective_date": request.GET["effective_date"]})
        return target
    return render(
        request,
        "placement/check.html",
        {
            "position": position,
            "outcome": outcome,
            "passes": isinstance(outcome, ranking.Candidate),
            "may_start": request.user.has_perm("decisions.add_case")
            and position.kind != Position.Kind.JPT_PRATAMA,
            "effective_date": _effective_date(request)
            or ranking.default_effective_date(timezone.localdate()),
        },
    )


@login_required
@require_POST
def start(request, pk: int):
    scope = _scope(request)
    position = _position_for(request, scope, pk)
    ids = [int(value) for value in request.POST.getlist("employee") if value.isdigit()]
    try:
        case = services.start_case(
            actor=request.user, position=position, employee_ids=ids, effective_date=_effective_date(request)
        )
    except Refused as error:
        raise PermissionDenied(error.message) from error
    except (Invalid, Conflict) as error:
        messages.error(request, error.messages[0] if isinstance(error, Invalid) else error.message)
        return redirect("placement:candidates", pk=position.pk)
    messages.success(
        request,
        _("The case %(reference)s has been drafted; complete its file and submit it.")
        % {"reference": case.reference},
    )
    return redirect("cases:detail", pk=case.pk)


@login_required
def employee_fit(request, nip: str):
    scope = _scope(request)
    if not nip.isdigit():  # a NIP is 18 digits; a NUL byte would reach PostgreSQL
        raise Http404
    employee = get_object_or_404(Employee.objects.select_related("position__unit"), nip=nip)
    if employee.position is None or not scope.sees(employee.position.unit_id):
        raise Http404
    fits, excluded = ranking.vacancies_for(employee=employee, scope=scope)
    return render(
        request, "placement/employee_fit.html", {"employee": employee, "fits": fits, "excluded": excluded}
    )


@login_required
def talent_pool(request):
    scope = _scope(request)
    unit, unit_ids = _unit_filter(request, scope)
    pool = talent.talent_pool(scope=scope, unit_ids=unit_ids)
    chart = bar_chart(
        chart_id="chart-ninebox",
        title=_("Employees in each box of the talent pool"),
        description=_("Number of employees in each of the nine boxes, from box 9 down to box 1."),
        rows=[
            Row(label=_("Box %(n)s") % {"n": n}, values=(len(pool.boxes[n]),), name=str(talent.BOX_NAMES[n]))
            for n in range(9, 0, -1)
        ],
        empty_text=_("Nothing to show."),
    )
    plan = talent.succession(scope=scope, pool=pool) if request.GET.get("succession", "1") != "0" else []
    return render(
        request,
        "placement/talent.html",
        {
            "unit": unit,
            "units": _units_for_filter(scope),
            "pool": pool,
            "chart": chart,
            "box_names": talent.BOX_NAMES,
            "succession": plan,
            "uncovered": [entry for entry in plan if not entry.candidates],
        },
    )


@login_required
def skp_dashboard(request):
    scope = _scope(request)
    unit, unit_ids = _unit_filter(request, scope)
    latest, _pending = rated_years(timezone.localdate(), policy_parameters())
    try:
        year = int(request.GET.get("year", latest))
    except ValueError:
        year = latest
    years = list(range(latest + 1, latest - 5, -1))
    if year not in years:
        year = latest
    units = performance.skp_dashboard(scope=scope, year=year, unit_ids=unit_ids)
    ratings = list(SkpRating.Rating)
    chart = bar_chart(
        chart_id="chart-skp",
        title=_("SKP ratings of %(year)s by unit") % {"year": year},
        description=_("Per unit: the employees with each rating, and those without one."),
        rows=[
            Row(label=u.unit.code, name=u.unit.name, values=(*(u.count(r) for r in ratings), len(u.missing)))
            for u in units
        ],
        series=[str(r.label) for r in ratings] + [_("no rating")],
        empty_text=_("Nothing to show."),
    )
    return render(
        request,
        "placement/skp.html",
        {
            "unit": unit,
            "units": _units_for_filter(scope),
            "year": year,
            "years": years,
            "rows": units,
            "ratings": ratings,
            "chart": chart,
        },
    )
