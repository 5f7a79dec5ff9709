"""/api/placement/: the position map, candidates for a vacancy (and starting the case), the
vacancies that fit an employee, the talent pool with succession, and the SKP ratings.

Scoped like cases (placement.scope): the offices that see every case see the city, an OPD's
heads and clerks their OPD, others nothing (403); a unit, position or employee outside the
scope is 404. Starting a case is the clerks' (the decisions service answers 403 otherwise).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.policy.dates import rated_years
from decisions.policy.engine import parameters as policy_parameters
from personnel.models import Employee, OrgUnit, Position, SkpRating

from . import candidates as ranking
from . import performance, positionmap, services, talent
from .scope import Scope, scope_of

UNIT = OpenApiParameter("unit", str, description="A unit code: that unit and the units under it.")
YEAR = OpenApiParameter("year", int, description="The rating year (default: the latest that must be set).")
EFFECTIVE = OpenApiParameter(
    "effective_date", str, description="The TMT to check (default: the 1st of next month)."
)


def _scope(request) -> Scope:
    scope = scope_of(request.user)
    if scope.empty:
        raise PermissionDenied()
    return scope


def _units(request, scope: Scope) -> set[int] | None:
    code = request.query_params.get("unit", "").strip()
    if not code:
        return None
    unit = OrgUnit.objects.filter(code=code).first() if "\x00" not in code else None
    if unit is None or not scope.sees(unit.pk):
        raise NotFound()
    return positionmap.descendants(unit.pk)


def _position(scope: Scope, pk: int) -> Position:
    position = get_object_or_404(Position, pk=pk, is_active=True)
    if not scope.sees(position.unit_id) or position.kind in Position.ELECTED_KINDS:
        raise NotFound()
    return position


class MapRowOutput(serializers.Serializer):
    unit = serializers.CharField(source="position.unit.code")
    position = serializers.CharField(source="position.code")
    position_id = serializers.IntegerField(source="position.pk")
    name = serializers.CharField(source="position.name")
    kind = serializers.CharField(source="position.kind")
    needed = serializers.IntegerField()
    held = serializers.IntegerField()
    vacant = serializers.IntegerField()
    over = serializers.IntegerField()
    retiring = serializers.IntegerField(
        help_text="Holders reaching the retirement age within the warning period."
    )


class PositionMap(APIView):
    """The position map against the ABK needs, per position."""

    @extend_schema(parameters=[UNIT], responses=MapRowOutput(many=True))
    def get(self, request):
        scope = _scope(request)
        rows = positionmap.position_map(scope=scope, unit_ids=_units(request, scope))
        return Response(MapRowOutput(rows, many=True).data)


class FactorOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField()
    weight = serializers.FloatField()
    detail = serializers.CharField()


class ScoreOutput(serializers.Serializer):
    total = serializers.FloatField()
    version = serializers.CharField()
    factors = FactorOutput(many=True)


class PersonOutput(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField(source="full_name")
    position = serializers.CharField(source="position.code", allow_null=True)
    unit = serializers.CharField(source="position.unit.code", allow_null=True)


class FindingBrief(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField()
    message = serializers.CharField()
    basis = serializers.CharField()


class CandidateOutput(serializers.Serializer):
    employee = PersonOutput()
    kind = serializers.CharField(help_text="The case a start would draft.")
    score = ScoreOutput()
    warnings = FindingBrief(many=True)


class ExcludedOutput(serializers.Serializer):
    employee = PersonOutput()
    kind = serializers.CharField()
    blocks = FindingBrief(many=True)


class ExclusionOutput(serializers.Serializer):
    rule = serializers.CharField(source="rule.id")
    title = serializers.CharField()
    count = serializers.IntegerField(help_text="Employees this rule excludes (each counted under one rule).")


class RankingOutput(serializers.Serializer):
    position = serializers.CharField(source="position.code")
    effective_date = serializers.DateField()
    score_version = serializers.CharField()
    rule_version = serializers.CharField()
    top = serializers.IntegerField(help_text="How many candidates are ranked at most (the best by fit).")
    candidates = CandidateOutput(many=True)
    excluded = ExcludedOutput(
        many=True, help_text="The excluded checked in full: a few of each rule's, with the findings."
    )
    exclusions = ExclusionOutput(many=True, help_text="How many employees each rule excludes.")
    unchecked = serializers.IntegerField(
        help_text="Employees who may pass the rules but cannot score higher than the candidates listed."
    )


class Candidates(APIView):
    """Ranked candidates for a position: those the rules exclude (with the findings), the rest by fit."""

    class Query(serializers.Serializer):
        effective_date = serializers.DateField(required=False)

    @extend_schema(parameters=[EFFECTIVE], responses=RankingOutput)
    def get(self, request, pk: int):
        scope = _scope(request)
        query = self.Query(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = ranking.rank_candidates(
            position=_position(scope, pk),
            scope=scope,
            effective_date=query.validated_data.get("effective_date"),
        )
        return Response(RankingOutput(result).data)


class CandidateCheckOutput(serializers.Serializer):
    employee = PersonOutput()
    kind = serializers.CharField(help_text="The case a start would draft.")
    passes = serializers.BooleanField()
    blocks = FindingBrief(many=True, required=False)
    warnings = FindingBrief(many=True, required=False)
    score = ScoreOutput(required=False, allow_null=True)


class CandidateCheck(APIView):
    """One employee's move into the position: every rule's findings and, if none blocks, the score."""

    class Query(serializers.Serializer):
        effective_date = serializers.DateField(required=False)

    @extend_schema(
        parameters=[EFFECTIVE],
        responses=CandidateCheckOutput,
        operation_id="placement_positions_candidates_check",
    )
    def get(self, request, pk: int, nip: str):
        scope = _scope(request)
        position = _position(scope, pk)
        query = self.Query(data=request.query_params)
        query.is_valid(raise_exception=True)
        employee = Employee.objects.filter(nip=nip).first() if nip.isdigit() else None
        outcome = employee and ranking.check_candidate(
            position=position,
            employee=employee,
            scope=scope,
            effective_date=query.validated_data.get("effective_date"),
        )
        if outcome is None:
            raise NotFound()
        passes = isinstance(outcome, ranking.Candidate)
        data = {
            "employee": outcome.employee,
            "kind": outcome.kind,
            "passes": passes,
            "blocks": [] if passes else outcome.blocks,
            "warnings": outcome.warnings if passes else [],
            "score": outcome.score if passes else None,
        }
        return Response(CandidateCheckOutput(data).data)


class StartInput(serializers.Serializer):
    employees = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=3,
        help_text="NIPs of the chosen candidates; empty: the best one (JPT: the best three).",
    )
    effective_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class StartedOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    kind = serializers.CharField()
    placement = serializers.JSONField(source="data.placement")


class StartCase(APIView):
    """Draft the case that fills the position with the chosen candidate(s)."""

    @extend_schema(request=StartInput, responses={201: StartedOutput})
    def post(self, request, pk: int):
        scope = _scope(request)
        position = _position(scope, pk)
        given = StartInput(data=request.data)
        given.is_valid(raise_exception=True)
        nips = ["".join(ch for ch in nip if ch.isdigit()) for nip in given.validated_data["employees"]]
        ids = dict(Employee.objects.filter(nip__in=nips).values_list("nip", "pk"))
        case = services.start_case(
            actor=request.user,
            position=position,
            employee_ids=[ids.get(nip, 0) for nip in nips],
            effective_date=given.validated_data["effective_date"],
            reason=given.validated_data["reason"],
        )
        return Response(StartedOutput(case).data, status=status.HTTP_201_CREATED)


class FitOutput(serializers.Serializer):
    position = serializers.CharField(source="position.code")
    position_id = serializers.IntegerField(source="position.pk")
    name = serializers.CharField(source="position.name")
    unit = serializers.CharField(source="position.unit.code")
    kind = serializers.CharField()
    free = serializers.IntegerField()
    score = ScoreOutput()


class VacanciesOutput(serializers.Serializer):
    fits = FitOutput(many=True)
    excluded = serializers.IntegerField(help_text="Vacant posts the rules close to the employee.")


class EmployeeVacancies(APIView):
    """The vacancies an employee fits best (rotation planning)."""

    @extend_schema(responses=VacanciesOutput)
    def get(self, request, nip: str):
        scope = _scope(request)
        # A NIP is 18 digits: anything else (a NUL byte PostgreSQL would refuse) is nobody.
        employee = (
            Employee.objects.select_related("position").filter(nip=nip).first() if nip.isdigit() else None
        )
        if employee is None or employee.position is None or not scope.sees(employee.position.unit_id):
            raise NotFound()
        fits, excluded = ranking.vacancies_for(employee=employee, scope=scope)
        return Response(VacanciesOutput({"fits": fits, "excluded": excluded}).data)


class BoxOutput(serializers.Serializer):
    box = serializers.IntegerField()
    name = serializers.CharField()
    people = PersonOutput(many=True)


class SuccessorOutput(serializers.Serializer):
    box = serializers.IntegerField()
    nip = serializers.CharField()
    name = serializers.CharField()
    score = serializers.FloatField()


class SuccessionOutput(serializers.Serializer):
    position = serializers.CharField(source="position.code")
    name = serializers.CharField(source="position.name")
    holder = serializers.CharField(source="holder.nip", allow_null=True, default=None)
    successors = SuccessorOutput(many=True)


class TalentOutput(serializers.Serializer):
    year = serializers.IntegerField()
    boxes = BoxOutput(many=True)
    unplaced = serializers.IntegerField()
    succession = SuccessionOutput(many=True)


class TalentPool(APIView):
    """The nine-box talent pool and the succession of key posts."""

    @extend_schema(parameters=[UNIT], responses=TalentOutput)
    def get(self, request):
        scope = _scope(request)
        pool = talent.talent_pool(scope=scope, unit_ids=_units(request, scope))
        plan = talent.succession(scope=scope, pool=pool)
        data = {
            "year": pool.year,
            "boxes": [
                {"box": n, "name": str(talent.BOX_NAMES[n]), "people": pool.boxes[n]} for n in range(9, 0, -1)
            ],
            "unplaced": len(pool.unplaced),
            "succession": [
                {
                    "position": entry.position,
                    "holder": entry.holder,
                    "successors": [
                        {"box": box, "nip": e.nip, "name": e.full_name, "score": round(fit, 2)}
                        for box, e, fit in entry.candidates
                    ],
                }
                for entry in plan
            ],
        }
        return Response(TalentOutput(data).data)


class CoachingOutput(serializers.Serializer):
    employee = PersonOutput()
    rating = serializers.CharField()
    trainings = serializers.SerializerMethodField()
    lacking = serializers.CharField(allow_null=True)

    def get_trainings(self, entry) -> list[str]:
        return [f"{t.kind}: {t.name} ({t.end:%Y})" for t in entry.trainings]


class UnitRatingsOutput(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    counts = serializers.DictField(child=serializers.IntegerField())
    missing = PersonOutput(many=True)
    coaching = CoachingOutput(many=True)


class SkpRatings(APIView):
    """SKP ratings per OPD for a year: distribution, missing ratings, who needs coaching."""

    class Query(serializers.Serializer):
        year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)

    @extend_schema(parameters=[UNIT, YEAR], responses=UnitRatingsOutput(many=True))
    def get(self, request):
        scope = _scope(request)
        latest, _pending = rated_years(timezone.localdate(), policy_parameters())
        query = self.Query(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data.get("year", latest)
        rows = performance.skp_dashboard(scope=scope, year=year, unit_ids=_units(request, scope))
        for row in rows:
            row.counts = {rating: row.count(rating) for rating in SkpRating.Rating}
        return Response(UnitRatingsOutput(rows, many=True).data)
