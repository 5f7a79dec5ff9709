"""/api/policy/: the live check of a request being filled in, and the registry report.

Wire in config/api_urls.py::

    path("policy/check/", policy_api.PolicyCheck.as_view(), name="api-policy-check"),
    path("policy/report/", policy_api.PolicyReport.as_view(), name="api-policy-report"),
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import Attachment, CaseKind
from ..selectors import sees_every_case
from .checks import policy_check
from .report import registry_report


class FindingOutput(serializers.Serializer):
    key = serializers.CharField()
    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["block", "warn"])
    title = serializers.CharField()
    message = serializers.CharField()
    facts = serializers.DictField()
    basis = serializers.CharField()
    fix = serializers.CharField()
    item = serializers.IntegerField(allow_null=True)
    override_roles = serializers.ListField(child=serializers.CharField())
    justification_required = serializers.BooleanField()


class PolicyCheck(APIView):
    """Evaluate the rules on a request being filled in. Writes nothing."""

    class CheckInput(serializers.Serializer):
        class CheckItemInput(serializers.Serializer):
            employee = serializers.CharField(max_length=40, help_text="NIP, plain or spaced")
            target_position = serializers.CharField(
                max_length=40, required=False, allow_blank=True, allow_null=True
            )

        kind = serializers.ChoiceField(choices=CaseKind.choices)
        effective_date = serializers.DateField()
        items = CheckItemInput(many=True, allow_empty=False, max_length=500)
        data = serializers.DictField(required=False, default=dict)
        attachment_kinds = serializers.ListField(
            child=serializers.ChoiceField(choices=Attachment.Kind.choices), required=False, default=list
        )

    class CheckOutput(serializers.Serializer):
        version = serializers.CharField()
        findings = FindingOutput(many=True)

    @extend_schema(request=CheckInput, responses=CheckOutput)
    def post(self, request):
        given = self.CheckInput(data=request.data)
        given.is_valid(raise_exception=True)
        evaluation = policy_check(actor=request.user, **given.validated_data)
        output = {"version": evaluation.version, "findings": [f.as_dict() for f in evaluation.findings]}
        return Response(self.CheckOutput(output).data)


class PolicyReport(APIView):
    """The registry through the rules: blocked from transfer, overdue, retiring."""

    class ReportRowOutput(serializers.Serializer):
        nip = serializers.CharField()
        name = serializers.CharField()
        unit = serializers.CharField()
        position = serializers.CharField()
        finding = serializers.CharField()
        detail = serializers.CharField()

    @extend_schema(responses=ReportRowOutput(many=True))
    def get(self, request):
        # The report shows sanctions and bonds of the whole registry: only the offices that
        # see every case (BKPSDM, the Sekda, the regional head, inspectors) may read it.
        if not sees_every_case(request.user):
            raise PermissionDenied()
        rows = registry_report()
        return Response(self.ReportRowOutput([row.as_dict() for row in rows], many=True).data)
