"""One exception handler for the whole API: every error is ``{code, message, fields}``.

Services raise domain errors (decisions.errors) and Django's; this maps them to HTTP the
same way everywhere, so views never catch anything.
"""

from __future__ import annotations

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
    ValidationError,
)
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from viewflow.workflow.exceptions import FlowLockFailed

from decisions.errors import Conflict, Invalid, Refused
from decisions.signing import SigningUnavailable
from decisions.signing.errors import SignerRefused, secret_fields


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error details as ``{"items.0.employee": ["..."]}``: plain strings, never
    the repr of an ErrorDetail."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, inner in detail.items():
            key = (
                prefix
                if name == "non_field_errors" and prefix
                else f"{prefix}.{name}"
                if prefix
                else str(name)
            )
            for field, messages in _flatten(inner, key).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, inner in enumerate(detail):
            for field, messages in _flatten(inner, f"{prefix}.{index}" if prefix else str(index)).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    messages = detail if isinstance(detail, list) else [detail]
    return {prefix or "non_field_errors": [str(message) for message in messages]}


def _body(code: str, message: str, fields: dict | None = None, **extra) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}, **extra}


def exception_handler(exc, context):
    if isinstance(exc, Invalid):
        return Response(
            _body(exc.code, exc.messages[0], exc.fields, **exc.extra), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {}
        message = exc.messages[0] if exc.messages else _("The input is not valid.")
        return Response(_body("invalid", message, fields), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Refused):
        return Response(_body(exc.code, exc.message), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Conflict):
        return Response(_body(exc.code, exc.message), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, FlowLockFailed):
        message = _("Someone else is deciding this case right now. Reload it and try again.")
        return Response(_body("locked", message), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, SignerRefused):
        # What the signer (or BKPSDM, or BSrE) must put right: a wrong passphrase, no NIK, a
        # certificate that cannot sign. The message never carries what was typed.
        return Response(_body(exc.code, str(exc), secret_fields(exc)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, SigningUnavailable):
        return Response(_body(exc.code, str(exc)), status=status.HTTP_503_SERVICE_UNAVAILABLE)
    if isinstance(exc, Http404):
        return Response(_body("not_found", _("Not found.")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        message = _("The request is too large.")
        return Response(_body("too_large", message), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, PermissionDenied):
        return Response(
            _body("forbidden", str(exc) or _("You may not do this.")), status=status.HTTP_403_FORBIDDEN
        )

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.values()), [_("The input is not valid.")])[0]
        response.data = _body("invalid", first, fields)
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = _body(codes if isinstance(codes, str) else "error", str(exc.detail))
    return response
