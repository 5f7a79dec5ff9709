"""The REST API for cases: list, draft, read, edit, submit, withdraw, history, decree and
attachments. Thin: each view reads input, calls one service or selector, and writes output.
Errors are mapped once, in config/api.py. The tasks' endpoints are in ``tasks``."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import Event
from decisions import attachments, lifecycle
from decisions import services as case_services
from decisions.errors import Invalid
from decisions.models import Attachment, Case, CaseItem, CaseKind
from decisions.selectors import cases_visible_to, decree_visible_to, employee_by_nip, get_case_for_user
from personnel.models import Position
from workflows import services
from workflows.selectors import is_overdue, pending_tasks_by_process
from workflows.stages import stage_title

from .parsers import BoundedJSONParser

MSG_NO_POSITION = _("No position has the code %(code)s.")
MSG_NOT_CHANGEABLE = _(
    "These fields cannot be changed: %(fields)s. To change the kind, withdraw the case and draft a new one."
)
MSG_NO_DECREE = _("No decree you may see has the number %(number)s.")


# --- output -------------------------------------------------------------------------------


class PositionBrief(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(source="unit.name")


class EmployeeBrief(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField(source="full_name")


class ItemOutput(serializers.ModelSerializer):
    number = serializers.IntegerField(source="position_in_case")
    employee = EmployeeBrief()
    from_position = PositionBrief(allow_null=True)
    to_position = PositionBrief(allow_null=True)

    class Meta:
        model = CaseItem
        fields = ["number", "employee", "from_position", "to_position", "status", "drop_reason", "applied_at"]


class PendingTaskOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    stage = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    def get_stage(self, task) -> str:
        return task.data.get("stage", "")

    def get_title(self, task) -> str:
        return stage_title(task.data.get("stage", ""))

    def get_assignee(self, task) -> str:
        assignment = task.data.get("assignment", {})
        if task.owner_id:
            return assignment.get("name") or task.owner.get_username()
        return str(_("any verifier of %(unit)s") % {"unit": assignment.get("unit", "")})

    def get_due(self, task) -> str | None:
        return task.data.get("due")

    def get_overdue(self, task) -> bool:
        return is_overdue(task)


class DecreeOutput(serializers.Serializer):
    number = serializers.CharField()
    date = serializers.DateField(source="decree_date")
    sha256 = serializers.CharField()
    status = serializers.CharField()
    pdf = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    def get_pdf(self, decree) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(f"/api/cases/{decree.case_id}/decree.pdf")

    def get_verify_url(self, decree) -> str:
        from decisions.decrees import verification_url

        return verification_url(decree.token)


class CaseOutput(serializers.ModelSerializer):
    reference = serializers.CharField()
    kind_display = serializers.CharField(source="get_kind_display")
    status_display = serializers.CharField(source="get_status_display")
    stages = serializers.SerializerMethodField()
    created_by = serializers.CharField(source="created_by.username")
    initiating_unit = serializers.CharField(source="initiating_unit.code")
    items = ItemOutput(many=True)
    pending_tasks = serializers.SerializerMethodField()
    decree = serializers.SerializerMethodField()
    allowed_events = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "stage",
            "stages",
            "effective_date",
            "reason",
            "data",
            "created_by",
            "initiating_unit",
            "created_at",
            "submitted_at",
            "closed_at",
            "effective_at",
            "policy_version",
            "items",
            "pending_tasks",
            "decree",
            "allowed_events",
        ]

    def get_stages(self, case) -> list[dict]:
        return [{"code": code, "title": stage_title(code)} for code in case.stage.split(",") if code]

    def get_allowed_events(self, case) -> list[str]:
        """What the requesting user may do to the case now (decisions.lifecycle): ``submit``,
        ``resubmit``, ``withdraw``. An official's decisions are the pending tasks' actions."""
        request = self.context.get("request")
        return lifecycle.allowed(request.user, case) if request is not None else []

    def get_pending_tasks(self, case) -> list[dict]:
        tasks = self.context.get("pending", {}).get(case.process_id, [])
        return PendingTaskOutput(tasks, many=True).data

    def get_decree(self, case) -> dict | None:
        decree = (
            getattr(case, "decree", None)
            if case.status in (Case.Status.SIGNED, Case.Status.EFFECTIVE)
            else None
        )
        return DecreeOutput(decree, context=self.context).data if decree else None


def case_queryset(user):
    return (
        cases_visible_to(user)
        .select_related("created_by", "initiating_unit", "decree")
        .prefetch_related(
            "items__employee",
            "items__from_position__unit",
            "items__to_position__unit",
        )
    )


def case_response(request, case: Case, *, status_code=status.HTTP_200_OK) -> Response:
    case = case_queryset(request.user).get(pk=case.pk)
    pending = pending_tasks_by_process([case.process_id]) if case.process_id else {}
    return Response(
        CaseOutput(case, context={"request": request, "pending": pending}).data, status=status_code
    )


# --- input helpers --------------------------------------------------------------------------


def _position_by_code(code: str | None, field: str = "target_position") -> Position | None:
    if not code:
        return None
    position = Position.objects.select_related("unit__parent").filter(code=code).first()
    if position is None:
        message = MSG_NO_POSITION % {"code": code}
        raise Invalid(message, code="position_not_found", fields={field: message})
    return position


def _decree_by_number(user, number: str | None):
    """The decree a correction or revocation amends, if the user may see its case."""
    if not number:
        return None
    decree = decree_visible_to(user, number)
    if decree is None:
        message = MSG_NO_DECREE % {"number": number}
        raise Invalid(message, code="decree_not_found", fields={"target_decree": message})
    return decree


class ItemInput(serializers.Serializer):
    employee = serializers.CharField(help_text="NIP, plain or spaced")
    target_position = serializers.CharField(required=False, allow_blank=True, allow_null=True)


def _items_from(data: dict) -> list[case_services.ItemInput]:
    """The employees a case names, from *validated* input: ``items``, or one ``employee``
    with its ``target_position`` (raw request data may hold anything a client sends)."""
    rows = data.get("items") or [
        {"employee": data.get("employee"), "target_position": data.get("target_position")}
    ]
    items = []
    for row in rows:
        if not row.get("employee"):
            raise Invalid(
                _("Name the employee by NIP."),
                code="employee_required",
                fields={"employee": _("Name the employee by NIP.")},
            )
        items.append(
            case_services.ItemInput(
                employee=employee_by_nip(row["employee"]),
                to_position=_position_by_code(row.get("target_position")),
            )
        )
    return items


# --- cases ----------------------------------------------------------------------------------


class CaseFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(choices=Case.Status.choices)
    kind = filters.MultipleChoiceFilter(choices=CaseKind.choices)
    stage = filters.CharFilter(field_name="stage", lookup_expr="icontains")
    unit = filters.CharFilter(field_name="units__code")
    nip = filters.CharFilter(method="filter_nip")
    created_after = filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_before = filters.DateFilter(field_name="created_at", lookup_expr="date__lte")

    class Meta:
        model = Case
        fields = ["status", "kind", "stage", "unit", "nip", "created_after", "created_before"]

    def filter_nip(self, queryset, name, value):
        digits = "".join(ch for ch in value if ch.isdigit())
        return queryset.filter(items__employee__nip=digits).distinct()


class CaseListCreate(generics.ListAPIView):
    """Cases the user may see; POST drafts a new case."""

    serializer_class = CaseOutput
    filterset_class = CaseFilter

    class CreateInput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=CaseKind.choices)
        employee = serializers.CharField(required=False, help_text="NIP of the employee (single cases)")
        target_position = serializers.CharField(required=False, allow_blank=True, allow_null=True)
        items = ItemInput(many=True, required=False, help_text="for collective cases")
        effective_date = serializers.DateField(
            required=False, help_text="the TMT; for a death it may be left out: the law derives it"
        )
        reason = serializers.CharField(allow_blank=True)
        data = serializers.DictField(required=False)
        target_decree = serializers.CharField(
            required=False, help_text="for a correction or revocation: the number of the decree it amends"
        )

    def get_queryset(self):
        return case_queryset(self.request.user).order_by("-created_at", "-pk")

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        pending = pending_tasks_by_process([case.process_id for case in page if case.process_id])
        data = CaseOutput(page, many=True, context={"request": request, "pending": pending}).data
        return self.get_paginated_response(data)

    @extend_schema(request=CreateInput, responses={201: CaseOutput})
    def post(self, request):
        payload = self.CreateInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = case_services.case_create(
            actor=request.user,
            kind=data["kind"],
            items=_items_from(data),
            effective_date=data.get("effective_date"),
            reason=data["reason"],
            data=data.get("data"),
            target_decree=_decree_by_number(request.user, data.get("target_decree")),
        )
        return case_response(request, case, status_code=status.HTTP_201_CREATED)


class CaseDetail(APIView):
    """One case; PATCH changes a draft or a returned case."""

    class UpdateInput(serializers.Serializer):
        effective_date = serializers.DateField(required=False)
        reason = serializers.CharField(required=False, allow_blank=True)
        data = serializers.DictField(required=False)
        employee = serializers.CharField(required=False)
        target_position = serializers.CharField(required=False, allow_blank=True, allow_null=True)
        items = ItemInput(many=True, required=False)

    @extend_schema(responses=CaseOutput)
    def get(self, request, pk: int):
        return case_response(request, get_case_for_user(request.user, pk))

    @extend_schema(request=UpdateInput, responses=CaseOutput)
    def patch(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        payload = self.UpdateInput(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        # Silently ignoring a field (the kind, the status) would tell the client it changed.
        fixed = sorted(set(request.data) - set(payload.fields))
        if fixed:
            message = MSG_NOT_CHANGEABLE % {"fields": ", ".join(fixed)}
            raise Invalid(message, code="not_changeable", fields=dict.fromkeys(fixed, message))
        data = payload.validated_data
        items = _items_from(data) if ("items" in data or "employee" in data) else None
        case = case_services.case_update(
            case=case,
            actor=request.user,
            effective_date=data.get("effective_date"),
            reason=data.get("reason"),
            data=data.get("data"),
            items=items,
        )
        return case_response(request, case)


class PolicyAnswers(serializers.Serializer):
    overrides = serializers.DictField(required=False, help_text="finding key → justification")
    acknowledged = serializers.ListField(child=serializers.CharField(), required=False)


class CaseSubmit(APIView):
    @extend_schema(request=PolicyAnswers, responses=CaseOutput)
    def post(self, request, pk: int):
        payload = PolicyAnswers(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.case_submit(
            case_id=pk,
            actor=request.user,
            overrides=payload.validated_data.get("overrides"),
            acknowledged=payload.validated_data.get("acknowledged", ()),
        )
        return case_response(request, case)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CaseWithdraw(APIView):
    @extend_schema(request=NoteInput, responses=CaseOutput)
    def post(self, request, pk: int):
        payload = NoteInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.case_withdraw(case_id=pk, actor=request.user, note=payload.validated_data["note"])
        return case_response(request, case)


class EventOutput(serializers.Serializer):
    seq = serializers.IntegerField()
    at = serializers.DateTimeField()
    action = serializers.CharField()
    actor = serializers.JSONField()
    data = serializers.JSONField()
    hash = serializers.CharField()


class CaseHistory(APIView):
    """The case's ledger events in order: the hashed content, not a summary of it."""

    @extend_schema(responses=EventOutput(many=True))
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        events = Event.objects.filter(object_type="case", object_id=str(case.pk)).order_by("seq")
        return Response(EventOutput(events, many=True).data)


class CaseDecreePdf(APIView):
    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        decree = getattr(case, "decree", None)
        if decree is None:
            raise Http404
        filename = decree.number.replace("/", "-") + ".pdf"
        return FileResponse(decree.pdf.open("rb"), content_type="application/pdf", filename=filename)


class CaseDecreeExtractPdf(APIView):
    """The PETIKAN of one person of a collective decree (``number``: the person's item number)."""

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, pk: int, number: int):
        from decisions.decrees import decree_extract

        case = get_case_for_user(request.user, pk)
        decree = getattr(case, "decree", None)
        if decree is None:
            raise Http404
        filename = f"petikan-{decree.number.replace('/', '-')}-{number}.pdf"
        response = HttpResponse(
            decree_extract(decree=decree, item_number=number), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class AttachmentOutput(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "kind", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class CaseAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    class UploadInput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=Attachment.Kind.choices)
        file = serializers.FileField()

    @extend_schema(responses=AttachmentOutput(many=True))
    def get(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        return Response(AttachmentOutput(case.attachments.all(), many=True).data)

    @extend_schema(request=UploadInput, responses={201: AttachmentOutput})
    def post(self, request, pk: int):
        case = get_case_for_user(request.user, pk)
        payload = self.UploadInput(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        attachment = attachments.attachment_add(
            case=case,
            actor=request.user,
            kind=payload.validated_data["kind"],
            name=upload.name,
            content=upload.read(),
        )
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)
