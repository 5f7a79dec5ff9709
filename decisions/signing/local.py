"""The local signer: the instance's own key and certificate, with pyHanko (PAdES B-B, or B-T
when a timestamp authority is configured). Not a certified electronic signature: a region
signs its decrees through BSrE (``bsre.BsreSigner``)."""

from __future__ import annotations

import io
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.reader import PdfFileReader

from .base import SignatureRequest
from .errors import SigningUnavailable

MSG_NO_CERTIFICATE = _(
    "The signing certificate is not configured (%(path)s is missing). Run "
    "“manage.py signing_devca” for development, or configure the instance's certificate."
)
MSG_TIMESTAMP_FAILED = _(
    "The timestamp authority could not be reached, so nothing was signed. Try again later or ask the "
    "administrator to check the timestamp service."
)
FIELD_NAME = "TandaTanganElektronik"


class _PdfBytesPage(content.ImportedPdfPage):
    """pyHanko's imported-page background, read from bytes instead of a file."""

    def __init__(self, pdf: bytes):
        self._pdf = pdf
        super().__init__(file_name=None)

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self._pdf)), page_ix=0)
        self.resources.xobject["/Appearance"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Appearance Do"


def visible_style(request: SignatureRequest):
    """The stamp style that draws ``request.appearance`` in the signature field."""
    from pyhanko.stamp import StaticStampStyle

    from ..documents.stamp import appearance_pdf

    x1, y1, x2, y2 = request.box
    lines = request.appearance or ("Ditandatangani secara elektronik oleh:", request.signer_name)
    return StaticStampStyle(
        background=_PdfBytesPage(appearance_pdf(tuple(lines), x2 - x1, y2 - y1)),
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
        border_width=0,
    )


class LocalPadesSigner:
    """Signs with a key and certificate on this machine (PAdES B-B; B-T with a TSA)."""

    kind = "local"
    needs_secret = False

    def __init__(self, config: dict):
        self.config = config

    def _signer(self):
        from pyhanko.sign import signers

        key, cert, ca = (Path(self.config[name]) for name in ("key_file", "cert_file", "ca_cert_file"))
        for path in (key, cert):
            if not path.is_file():
                raise SigningUnavailable(str(MSG_NO_CERTIFICATE % {"path": path}))
        passphrase = self.config.get("key_passphrase") or None
        return signers.SimpleSigner.load(
            str(key),
            str(cert),
            ca_chain_files=(str(ca),) if ca.is_file() else None,
            key_passphrase=passphrase.encode() if passphrase else None,
        )

    def _timestamper(self):
        if not self.config.get("tsa_url"):
            return None
        from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

        return RequestsHTTPTimeStamper(self.config["tsa_url"], timeout=self.config.get("tsa_timeout", 10))

    def sign(self, pdf: bytes, request: SignatureRequest) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko.sign.timestamps.common_utils import TimestampRequestError

        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        metadata = signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=request.reason,
            location=request.location,
            name=request.signer_name,
        )
        pdf_signer = signers.PdfSigner(
            metadata,
            signer=self._signer(),
            timestamper=self._timestamper(),
            stamp_style=visible_style(request),
            new_field_spec=fields.SigFieldSpec(
                sig_field_name=FIELD_NAME, on_page=request.page - 1, box=request.box
            ),
        )
        output = io.BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=output)
        except TimestampRequestError as error:
            raise SigningUnavailable(str(MSG_TIMESTAMP_FAILED)) from error
        return output.getvalue()
