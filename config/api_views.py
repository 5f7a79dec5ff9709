from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from personnel.selectors import identity_of


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    nip = serializers.CharField(allow_null=True)
    position = serializers.CharField(allow_null=True)
    unit = serializers.CharField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())


class Me(APIView):
    """Who the API thinks you are."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        identity = identity_of(request.user)
        identity["roles"] = sorted(request.user.groups.values_list("name", flat=True))
        return Response(MeOutput(identity).data)
