"""The ledger's API: inspectors verify the chain."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .verify import verify_ledger


class CanReadLedger(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return request.user.has_perm("audit.view_event")


class CheckpointOutput(serializers.Serializer):
    name = serializers.CharField()
    ok = serializers.BooleanField()
    size = serializers.IntegerField(allow_null=True)
    at = serializers.CharField()
    problem = serializers.CharField()


class VerifyOutput(serializers.Serializer):
    ok = serializers.BooleanField()
    entries = serializers.IntegerField()
    head = serializers.CharField()
    root = serializers.CharField()
    first_bad_seq = serializers.IntegerField(allow_null=True)
    problem = serializers.CharField()
    checkpoints = CheckpointOutput(many=True)
    mark = serializers.IntegerField(allow_null=True, help_text="the highest sequence number ever appended")
    witnessed = serializers.IntegerField(help_text="events the witness log outside the database holds")
    claims = serializers.IntegerField(help_text="records of the application checked for their event")
    protection = serializers.ListField(
        child=serializers.CharField(), help_text="what weakens the database's refusal to change the ledger"
    )
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="every problem found, first first"
    )


class LedgerVerify(APIView):
    """Walk the whole chain now, and check it against the checkpoints kept outside the
    database, and say whether it holds (and where it first breaks if not)."""

    permission_classes = [permissions.IsAuthenticated, CanReadLedger]

    @extend_schema(responses=VerifyOutput)
    def get(self, request):
        report = verify_ledger()
        return Response(VerifyOutput(report.as_dict()).data)
