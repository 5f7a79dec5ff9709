"""/api/pickers/: the searches behind the request form's employee and position pickers
(web/pickers.py), for the form's script and for any other client."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.errors import Refused
from decisions.services import PROPOSE_PERMISSION
from personnel.models import EDUCATION_RANK, Employee

from ..pickers import position_label, proposable_employees, search_employees, search_positions


class MayPropose(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm(PROPOSE_PERMISSION))


class EmployeeOption(serializers.Serializer):
    nip = serializers.CharField()
    nip_display = serializers.CharField()
    name = serializers.CharField(source="full_name")
    rank = serializers.CharField(source="rank.golongan", default="")
    position = serializers.CharField(source="position.name", default="")
    unit = serializers.CharField(source="position.unit.name", default="")
    education = serializers.CharField(source="education_level")
    # What the position picker compares with a post's requirements.
    rank_code = serializers.IntegerField(source="rank_id", allow_null=True)
    education_rank = serializers.SerializerMethodField()

    def get_education_rank(self, employee) -> int | None:
        return EDUCATION_RANK.get(employee.education_level)


class PositionOption(serializers.Serializer):
    id = serializers.IntegerField(source="position.pk")
    code = serializers.CharField(source="position.code")
    name = serializers.CharField(source="position.name")
    unit = serializers.CharField(source="position.unit.name")
    kind = serializers.CharField(source="position.get_kind_display")
    min_rank = serializers.CharField(source="position.min_rank.golongan", default=None)
    max_rank = serializers.CharField(source="position.max_rank.golongan", default=None)
    capacity = serializers.IntegerField(source="position.capacity")
    free = serializers.IntegerField()
    fits = serializers.BooleanField()
    misfits = serializers.ListField(child=serializers.CharField())
    label = serializers.SerializerMethodField()

    def get_label(self, choice) -> str:
        return position_label(choice)


class SearchQuery(serializers.Serializer):
    """The searches' query string, checked before it reaches the database (a NUL byte is a
    400 here, not a server error from PostgreSQL)."""

    q = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    employee = serializers.CharField(required=False, allow_blank=True, default="", max_length=30)


def search_query(request) -> dict:
    query = SearchQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class EmployeeSearch(APIView):
    """Employees the user may propose, by name or the start of the NIP (at most 20)."""

    permission_classes = [permissions.IsAuthenticated, MayPropose]

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="a name, or the start of a NIP")],
        responses=EmployeeOption(many=True),
    )
    def get(self, request):
        return Response(
            EmployeeOption(search_employees(request.user, search_query(request)["q"]), many=True).data
        )


class PositionSearch(APIView):
    """Appointed posts, those with a free place first; with ``employee``, each says whether
    it fits them (rank range, education) before the rules run (at most 20)."""

    permission_classes = [permissions.IsAuthenticated, MayPropose]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="part of the post's name or code, or the unit's"
            ),
            OpenApiParameter("employee", OpenApiTypes.STR, description="the NIP of the employee to move"),
        ],
        responses=PositionOption(many=True),
    )
    def get(self, request):
        query = search_query(request)
        employee = None
        nip = "".join(ch for ch in query["employee"] if ch.isdigit())
        if nip:
            employee = proposable_employees(request.user).filter(nip=nip).select_related("rank").first()
            if employee is None and Employee.objects.filter(nip=nip).exists():
                raise Refused(_not_yours(), code="outside_unit")
        choices = search_positions(query["q"].strip(), employee)
        return Response(PositionOption(choices, many=True).data)


def _not_yours() -> str:
    from django.utils.translation import gettext as _

    return _("You may not propose this employee.")
