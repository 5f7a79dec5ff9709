"""The REST API for tasks: what the user may act on now, and each decision on a task (approve,
return, reject, decide, reassign, drop items). Thin, like ``cases``: one service call per view."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.errors import Invalid
from workflows import services
from workflows.selectors import actionable_tasks, is_overdue
from workflows.stages import stage_title

from .cases import CaseOutput, NoteInput, PolicyAnswers, case_response
from .parsers import BoundedJSONParser
from .signing import SigningSecret, secret_of, sensitive_secret


class TaskOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    case = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    records = serializers.SerializerMethodField()
    unit = serializers.SerializerMethodField()
    due = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    def get_case(self, task) -> dict:
        case = task.process.case
        return {"id": case.pk, "reference": case.reference, "kind": case.kind, "status": case.status}

    def get_stage(self, task) -> str:
        return task.data.get("stage", "")

    def get_title(self, task) -> str:
        return stage_title(task.data.get("stage", ""))

    def get_actions(self, task) -> list[str]:
        return list(task.flow_task.actions)

    def get_records(self, task) -> dict:
        """For each action that needs them, the facts (and document) to send with it."""
        stage = task.flow_task
        records = {}
        for action in stage.actions:
            record = stage.record_for(action)
            if record is not None:
                records[action] = {
                    "facts": [{"key": f.key, "label": str(f.label), "kind": f.kind} for f in record.facts],
                    "document": record.document,
                }
        return records

    def get_unit(self, task) -> str | None:
        return task.data.get("unit")

    def get_due(self, task) -> str | None:
        return task.data.get("due")

    def get_overdue(self, task) -> bool:
        return is_overdue(task)


class TaskList(APIView):
    """What the user may act on now."""

    @extend_schema(responses=TaskOutput(many=True))
    def get(self, request):
        return Response(TaskOutput(actionable_tasks(request.user), many=True).data)


class ApproveInput(NoteInput, PolicyAnswers, SigningSecret):
    pass


@sensitive_secret
class TaskApprove(APIView):
    """Approve the stage; at the signing stage this signs the SK (with the BSrE signer, send
    the signer's ``passphrase`` or ``totp``)."""

    @extend_schema(request=ApproveInput, responses=CaseOutput)
    @method_decorator(sensitive_variables("data", "payload"))
    def post(self, request, pk: int):
        payload = ApproveInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        case = services.task_approve(
            task_id=pk,
            actor=request.user,
            note=data["note"],
            overrides=data.get("overrides"),
            acknowledged=data.get("acknowledged", ()),
            secret=secret_of(data),
        )
        return case_response(request, case)


class TaskReturn(APIView):
    @extend_schema(request=NoteInput, responses=CaseOutput)
    def post(self, request, pk: int):
        payload = NoteInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.task_return(task_id=pk, actor=request.user, note=payload.validated_data["note"])
        return case_response(request, case)


class DecideInput(NoteInput, PolicyAnswers, SigningSecret):
    action = serializers.CharField(help_text="approve, sign, record, choose, postpone, return or reject")
    facts = serializers.DictField(
        required=False, help_text="what the stage asks to record, e.g. pertek_number"
    )
    document = serializers.FileField(required=False, help_text="the scan a recording stage asks for")


@sensitive_secret
class TaskDecide(APIView):
    """Any decision a stage offers, with the facts and document it asks for; ``sign`` with the
    BSrE signer needs the signer's ``passphrase`` or ``totp``."""

    parser_classes = [MultiPartParser, FormParser, BoundedJSONParser]

    @extend_schema(request=DecideInput, responses=CaseOutput)
    @method_decorator(sensitive_variables("data", "payload"))
    def post(self, request, pk: int):
        payload = DecideInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        upload = data.get("document")
        facts = data.get("facts") or {}
        if not facts and hasattr(request.data, "getlist"):  # multipart: facts as facts.<key> fields
            facts = {
                key[len("facts.") :]: value for key, value in request.data.items() if key.startswith("facts.")
            }
        case = services.task_decide(
            task_id=pk,
            actor=request.user,
            decision=services.Decision(
                action=data["action"],
                note=data["note"],
                facts=facts,
                document=(upload.name, upload.read()) if upload else None,
                overrides=data.get("overrides"),
                acknowledged=tuple(data.get("acknowledged", ())),
                secret=secret_of(data),
            ),
        )
        return case_response(request, case)


class ReassignInput(serializers.Serializer):
    to = serializers.CharField(help_text="username of the official who takes over")
    reason = serializers.CharField(allow_blank=True)


class TaskReassign(APIView):
    """A manager hands a waiting task to someone else."""

    @extend_schema(request=ReassignInput, responses=CaseOutput)
    def post(self, request, pk: int):

        payload = ReassignInput(data=request.data)
        payload.is_valid(raise_exception=True)
        to_user = get_user_model().objects.filter(username=payload.validated_data["to"]).first()
        if to_user is None:
            message = _("No account has that username.")
            raise Invalid(message, code="user_not_found", fields={"to": message})
        task = services.task_reassign(
            task_id=pk, actor=request.user, to_user=to_user, reason=payload.validated_data["reason"]
        )
        return case_response(request, task.process.case)


class DropInput(serializers.Serializer):
    items = serializers.ListField(child=serializers.IntegerField(min_value=1), min_length=1)
    reason = serializers.CharField(allow_blank=True)


class TaskDropItems(APIView):
    """The official deciding a stage drops employees from a collective case."""

    @extend_schema(request=DropInput, responses=CaseOutput)
    def post(self, request, pk: int):
        payload = DropInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.item_drop(
            task_id=pk,
            actor=request.user,
            numbers=payload.validated_data["items"],
            reason=payload.validated_data["reason"],
        )
        return case_response(request, case)


class TaskReject(APIView):
    @extend_schema(request=NoteInput, responses=CaseOutput)
    def post(self, request, pk: int):
        payload = NoteInput(data=request.data)
        payload.is_valid(raise_exception=True)
        case = services.task_reject(task_id=pk, actor=request.user, note=payload.validated_data["note"])
        return case_response(request, case)
