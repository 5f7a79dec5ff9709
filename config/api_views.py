"""The API's own account endpoints: who am I, a token for my credentials, revoke it."""

from django.contrib.auth import authenticate, logout
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.errors import Invalid
from personnel.selectors import identity_of

from .auth import MSG_INVALID_LOGIN, token_expired, token_expires_at


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


class TokenInput(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()


class ObtainToken(APIView):
    """A token for your credentials, valid for SAHIH_API_TOKEN_TTL seconds. Repeated
    failures lock the username for a while (429, with Retry-After)."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenInput, responses={200: TokenOutput}, auth=[])
    def post(self, request):
        payload = TokenInput(data=request.data)
        payload.is_valid(raise_exception=True)
        # The Django request, so django-axes counts the attempt and can lock the username.
        user = authenticate(
            request=request._request,
            username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise Invalid(MSG_INVALID_LOGIN, code="invalid_login")
        with transaction.atomic():
            token, _created = Token.objects.select_for_update().get_or_create(user=user)
            if token_expired(token):
                token.delete()
                token = Token.objects.create(user=user)
        return Response(TokenOutput({"token": token.key, "expires": token_expires_at(token)}).data)


class RevokeToken(APIView):
    """Log out: the token is deleted at once (and a browser session ends)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        if request.user.is_authenticated and request.auth is None:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)
