"""API: check whether a PDF is a genuine, intact decree of this instance.

``POST /api/decrees/validate/`` with a multipart ``file``; for signed-in users (officials
checking a copy they received). The public does the same on the verification page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from . import verification
from .errors import Invalid

MSG_FILE_REQUIRED = _("Attach the PDF file to check as “file”.")
MSG_FILE_TOO_LARGE = _("The file is too large to be a decree.")

ValidationResult = inline_serializer(
    name="DecreeValidation",
    fields={
        "signed": serializers.BooleanField(),
        "intact": serializers.BooleanField(help_text="The signature covers the whole file, unchanged."),
        "trusted": serializers.BooleanField(
            help_text="The signer's certificate chains to a configured trust root (BSrE or the instance's CA)."
        ),
        "signature_kind": serializers.ChoiceField(
            choices=["bsre", "local", ""],
            help_text="bsre: a certified electronic signature (the BSrE chain); local: the instance's own "
            "certificate; empty: no configured trust root vouches for it.",
        ),
        "signer": serializers.CharField(help_text="Subject of the signing certificate."),
        "signed_at": serializers.CharField(
            help_text="Signing time the signer reported (ISO 8601), or empty."
        ),
        "timestamped": serializers.BooleanField(
            help_text="The signature carries an RFC 3161 timestamp (PAdES B-T)."
        ),
        "matches_decree": serializers.CharField(
            allow_null=True, help_text="Number of the decree this file is (or is a PETIKAN of), else null."
        ),
        "extract_item": serializers.IntegerField(
            allow_null=True, help_text="For a PETIKAN: the person's item number in the case."
        ),
        "status": serializers.ChoiceField(
            choices=["valid", "superseded", "revoked", "unsigned", "altered", "untrusted", "unknown"],
            help_text="The decree's status for a genuine file; otherwise what is wrong with the file.",
        ),
    },
)


class DecreeValidateView(APIView):
    """Check a PDF: signature intact and trusted, and whether it is one of our decrees."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="decrees_validate",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        responses={200: ValidationResult},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise Invalid(MSG_FILE_REQUIRED, code="file_required", fields={"file": MSG_FILE_REQUIRED})
        if upload.size > verification.MAX_UPLOAD_BYTES:
            raise Invalid(MSG_FILE_TOO_LARGE, code="file_too_large", fields={"file": MSG_FILE_TOO_LARGE})
        check = verification.check_file(upload.read())
        signature = check.signature
        return Response(
            {
                "signed": signature.signed,
                "intact": signature.intact,
                "trusted": signature.trusted,
                "signature_kind": signature.kind,
                "signer": signature.signer,
                "signed_at": signature.signed_at,
                "timestamped": signature.timestamped,
                "matches_decree": check.decree.number if check.decree else None,
                "extract_item": check.extract_item,
                "status": check.status,
            }
        )
