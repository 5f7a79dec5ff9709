"""The signing secret in the API: what the signer types to unlock their certificate at BSrE.

The sign action (``POST /api/tasks/<id>/decide/`` with ``action=sign``, or ``approve`` at the
signing stage) takes ``passphrase`` or ``totp``. The value goes into a ``OneTimeSecret`` and
from there to BSrE only; the views mark both parameters sensitive, so Django's error reports
show stars.
"""

from __future__ import annotations

from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.signing import OneTimeSecret
from workflows.services.signing import signing_code_request

SECRET_FIELDS = ("passphrase", "totp")
MSG_ONE_SECRET = _("Send either the passphrase or the one-time code, not both.")

# For the APIView classes whose input carries a secret.
sensitive_secret = method_decorator(sensitive_post_parameters(*SECRET_FIELDS), name="dispatch")


class SigningSecret(serializers.Serializer):
    passphrase = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        trim_whitespace=False,
        max_length=256,
        style={"input_type": "password"},
        help_text="signing through BSrE: the signer's passphrase, typed now; never stored or logged",
    )
    totp = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=32,
        help_text="signing through BSrE: instead of the passphrase, the one-time code BSrE sent the signer",
    )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if attrs.get("passphrase") and attrs.get("totp"):
            raise serializers.ValidationError({"totp": [MSG_ONE_SECRET]})
        return attrs


def secret_of(data: dict) -> OneTimeSecret | None:
    """The typed secret as a ``OneTimeSecret``, or None when nothing was typed."""
    for kind in SECRET_FIELDS:
        if data.get(kind):
            return OneTimeSecret(kind, data[kind])
    return None


class TaskSigningCode(APIView):
    """Signing through BSrE with a one-time code: BSrE sends the signer a code for this
    signing, to send as ``totp`` with the sign action instead of the passphrase."""

    @extend_schema(
        request=None,
        responses={202: inline_serializer("SigningCodeSent", {"sent": serializers.BooleanField()})},
    )
    def post(self, request, pk: int):
        signing_code_request(task_id=pk, actor=request.user)
        return Response({"sent": True}, status=status.HTTP_202_ACCEPTED)
