"""The inspector workspace's API (read-only): search, timeline, "as of", evidence bundles.

Only inspectors and superusers; every read is recorded in the ledger (inspection/records.py).
Verifying the ledger is ``GET /api/audit/verify/`` (audit/api.py), which the workspace's
page shows the same way.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.models import Case, CaseKind
from workflows.stages import stage_title

from .access import may_inspect
from .bundles import Export, export_cases, max_cases
from .history import case_history, differences, parse_as_of
from .records import record_search, record_view
from .replay import NOT_RECORDED
from .search import case_for_inspection, described, event_choices, parse_search, search_cases, with_rows


class IsInspector(permissions.BasePermission):
    message = _("Only inspectors may use the inspector workspace.")
    code = "not_inspector"

    def has_permission(self, request, view) -> bool:
        return may_inspect(request.user)


class InspectView(APIView):
    permission_classes = [permissions.IsAuthenticated, IsInspector]


# --- output --------------------------------------------------------------------------------


class EmployeeRow(serializers.Serializer):
    number = serializers.IntegerField(source="position_in_case")
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    status = serializers.CharField()


class CaseRow(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    kind = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    status = serializers.CharField()
    status_display = serializers.CharField(source="get_status_display")
    stages = serializers.SerializerMethodField()
    effective_date = serializers.DateField()
    initiating_unit = serializers.CharField(source="initiating_unit.code")
    created_at = serializers.DateTimeField()
    last_event_at = serializers.DateTimeField(allow_null=True, required=False)
    last_event_seq = serializers.IntegerField(allow_null=True, required=False)
    employees = EmployeeRow(source="items.all", many=True)

    def get_stages(self, case) -> list[dict]:
        return [{"code": code, "title": stage_title(code)} for code in case.stage.split(",") if code]


class ChangeOutput(serializers.Serializer):
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    recorded = serializers.BooleanField(help_text="stated by the event itself (else worked out by replay)")


class StepOutput(serializers.Serializer):
    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    action = serializers.CharField()
    summary = serializers.CharField()
    actor = serializers.JSONField(help_text="the actor as they were: username, name, NIP, position, unit")
    data = serializers.JSONField()
    changes = ChangeOutput(source="rows", many=True)
    findings = serializers.JSONField()
    details = serializers.SerializerMethodField()
    hash = serializers.CharField()
    prev_hash = serializers.CharField()

    def get_details(self, step) -> list[dict]:
        return [{"label": str(label), "value": str(value)} for label, value in step.details]


class TimelineOutput(serializers.Serializer):
    case = CaseRow()
    events = StepOutput(many=True)


class NotRecordedOutput(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    why = serializers.CharField()


class AsOfOutput(serializers.Serializer):
    case = serializers.IntegerField()
    requested = serializers.JSONField(help_text="{seq, at} as asked")
    at_head = serializers.BooleanField(help_text="no event of the case is later than the moment asked")
    state = serializers.JSONField(help_text="the case rebuilt from its ledger events up to the moment")
    not_recorded = NotRecordedOutput(many=True)
    tables_differ_on = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="at the head: fields where today's tables disagree with the ledger (null otherwise)",
    )


# --- views ---------------------------------------------------------------------------------


SEARCH_PARAMETERS = [
    OpenApiParameter("nip", str, description="NIP or its first digits"),
    OpenApiParameter("name", str, description="part of an employee's name"),
    OpenApiParameter("unit", str, description="unit code (a unit the case touches)"),
    OpenApiParameter("kind", str, many=True),
    OpenApiParameter("status", str, many=True),
    OpenApiParameter(
        "event",
        str,
        many=True,
        description="an event type's code, e.g. case.submitted (docs/architecture.md)",
    ),
    OpenApiParameter("actor", str, description="username, NIP or name of someone who acted on the case"),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="an event of the case on or after this day"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="... on or before this day"),
]


class SearchInput(serializers.Serializer):
    nip = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    unit = serializers.CharField(required=False)
    kind = serializers.ListField(child=serializers.ChoiceField(choices=CaseKind.choices), required=False)
    status = serializers.ListField(child=serializers.ChoiceField(choices=Case.Status.choices), required=False)
    event = serializers.ListField(child=serializers.ChoiceField(choices=event_choices()), required=False)
    actor = serializers.CharField(required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


class InspectCases(generics.ListAPIView):
    """Search every case; the search and the page of results read are recorded in the ledger."""

    permission_classes = InspectView.permission_classes
    serializer_class = CaseRow
    filter_backends: list = []  # the search form is the filter (inspection/search.py)

    def get_queryset(self):
        return with_rows(search_cases(self.filters))

    @extend_schema(parameters=SEARCH_PARAMETERS)
    def get(self, request, *args, **kwargs):
        self.filters = parse_search(request.query_params)
        page = self.paginate_queryset(self.get_queryset())
        record_search(
            actor=request.user,
            filters=described(self.filters),
            page=self.paginator.page.number,
            count=self.paginator.page.paginator.count,
            case_ids=[case.pk for case in page],
            channel="api",
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class InspectTimeline(InspectView):
    """Every ledger event of the case in order, as recorded, with what each one changed."""

    @extend_schema(responses=TimelineOutput)
    def get(self, request, pk: int):
        case = case_for_inspection(pk)
        history = case_history(case.pk)
        record_view(actor=request.user, case_id=case.pk, view="timeline", channel="api")
        return Response(TimelineOutput({"case": case, "events": history.steps}).data)


class InspectAsOf(InspectView):
    """The case rebuilt from its ledger events up to ``seq`` and/or ``at`` (default: all)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("seq", int, description="the last ledger sequence number to include"),
            OpenApiParameter("at", str, description="a moment (ISO 8601; a date means its end)"),
        ],
        responses=AsOfOutput,
    )
    def get(self, request, pk: int):
        case = case_for_inspection(pk)
        until_seq, until_at = parse_as_of(request.query_params)
        history = case_history(case.pk, until_seq=until_seq, until_at=until_at)
        record_view(
            actor=request.user,
            case_id=case.pk,
            view="as_of",
            channel="api",
            until_seq=until_seq,
            until_at=until_at,
            state_seq=history.state.seq,
        )
        body = {
            "case": case.pk,
            "requested": {"seq": until_seq, "at": until_at.isoformat() if until_at else None},
            "at_head": history.at_head,
            "state": history.state.as_dict(),
            "not_recorded": [{"field": key, "label": label, "why": why} for key, label, why in NOT_RECORDED],
            "tables_differ_on": differences(history.head, case) if history.at_head else None,
        }
        return Response(AsOfOutput(body).data)


def zip_response(export: Export) -> HttpResponse:
    response = HttpResponse(export.content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["X-Sahih-Bundle-SHA256"] = export.sha256
    response["X-Sahih-Checkpoint-Size"] = str(export.checkpoint["size"])
    response["X-Sahih-Checkpoint-Created"] = "true" if export.checkpoint_created else "false"
    return response


ZIP = {(200, "application/zip"): OpenApiTypes.BINARY}


class InspectCaseExport(InspectView):
    """The evidence bundle of one case (a checkpoint is signed first if none covers it)."""

    @extend_schema(request=None, responses=ZIP)
    def post(self, request, pk: int):
        case = case_for_inspection(pk)
        return zip_response(export_cases(actor=request.user, case_ids=[case.pk], channel="api"))


class InspectSearchExport(InspectView):
    """The evidence bundle of every case matching the search filters (JSON body)."""

    @extend_schema(request=SearchInput, responses=ZIP)
    def post(self, request):
        filters = parse_search(request.data if request.data else request.query_params)
        ids = list(search_cases(filters).values_list("pk", flat=True)[: max_cases() + 1])
        export = export_cases(actor=request.user, case_ids=ids, search=described(filters), channel="api")
        return zip_response(export)
