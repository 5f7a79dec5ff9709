"""Why a signature could not be made, one class per reason, each with the sentence the signer
reads (English msgid, Indonesian in locale/id) and a stable ``code`` for the API.

Every class is a ``SigningUnavailable``: whoever catches that today (the signing page, the
API's error handler, the PETIKAN download) keeps working and shows the sentence. No message
carries anything the signer typed.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MSG_UNAVAILABLE = _("The document cannot be signed right now. It is not signed; try again later.")
MSG_NO_NIK = _(
    "Your NIK is not recorded in the registry, so BSrE cannot find your certificate. The document "
    "is not signed. Ask BKPSDM to record your NIK, then sign again."
)
MSG_SECRET_REQUIRED = _("Type your BSrE passphrase (or the one-time code BSrE sent you) to sign.")
MSG_WRONG_PASSPHRASE = _(
    "BSrE did not accept the passphrase. The document is not signed; type the passphrase again."
)
MSG_WRONG_CODE = _(
    "BSrE did not accept the one-time code (it is wrong or has expired). The document is not signed; "
    "request a new code and try again."
)
MSG_NOT_REGISTERED = _(
    "BSrE has no user registered with your NIK. The document is not signed. Check the NIK recorded in "
    "the registry, or register for a certificate with BSrE through the region's TTE administrator."
)
MSG_NOT_ISSUED = _(
    "Your BSrE certificate has not been issued yet (the registration is still being processed). "
    "The document is not signed."
)
MSG_EXPIRED = _(
    "Your BSrE certificate has expired. The document is not signed. Renew the certificate with BSrE "
    "through the region's TTE administrator, then sign again."
)
MSG_REVOKED = _(
    "Your BSrE certificate has been revoked and can no longer sign. The document is not signed. "
    "Apply for a new certificate through the region's TTE administrator."
)
MSG_SUSPENDED = _(
    "Your BSrE certificate is suspended. The document is not signed. Contact the region's TTE administrator."
)
MSG_SERVICE_DOWN = _(
    "The BSrE signing service cannot be reached right now. The document is not signed; try again in a "
    "few minutes."
)
MSG_TIMEOUT = _(
    "The BSrE signing service did not answer in time. The document is not signed; try again. If it "
    "keeps happening, ask the administrator to check the connection to BSrE."
)
MSG_MALFORMED = _(
    "The BSrE signing service gave an answer Sahih cannot use, so the document is not signed. Try "
    "again; if it happens again, tell the administrator."
)
MSG_CLIENT_UNAUTHORIZED = _(
    "The BSrE signing service refused this application's credentials. The document is not signed. "
    "The administrator must check the BSrE client credentials."
)
MSG_NOT_CONFIGURED = _(
    "Signing through BSrE is not configured on this server. The document is not signed; tell the "
    "administrator."
)
MSG_REFUSED = _("The BSrE signing service refused to sign (its code: %(code)s). The document is not signed.")


class SigningUnavailable(Exception):
    """The signer cannot sign now; the decision stays unsigned. ``str()`` is the sentence for
    the signer, in the active language."""

    code = "signing_unavailable"
    default_message = MSG_UNAVAILABLE

    def __init__(self, message=None):
        super().__init__(str(self.default_message if message is None else message))


# What the signer (or BKPSDM, or BSrE) must put right; trying again as is fails again.


class SignerRefused(SigningUnavailable):
    code = "bsre_refused_signer"


class MissingSignerIdentity(SignerRefused):
    code = "bsre_no_nik"
    default_message = MSG_NO_NIK


class SecretRequired(SignerRefused):
    code = "bsre_secret_required"
    default_message = MSG_SECRET_REQUIRED


class WrongPassphrase(SignerRefused):
    code = "bsre_wrong_passphrase"
    default_message = MSG_WRONG_PASSPHRASE


class WrongOneTimeCode(SignerRefused):
    code = "bsre_wrong_code"
    default_message = MSG_WRONG_CODE


class SignerNotRegistered(SignerRefused):
    code = "bsre_not_registered"
    default_message = MSG_NOT_REGISTERED


class CertificateNotIssued(SignerRefused):
    code = "bsre_certificate_not_issued"
    default_message = MSG_NOT_ISSUED


class CertificateExpired(SignerRefused):
    code = "bsre_certificate_expired"
    default_message = MSG_EXPIRED


class CertificateRevoked(SignerRefused):
    code = "bsre_certificate_revoked"
    default_message = MSG_REVOKED


class CertificateSuspended(SignerRefused):
    code = "bsre_certificate_suspended"
    default_message = MSG_SUSPENDED


# The service or the connection to it; the same request may succeed later.


class ServiceUnavailable(SigningUnavailable):
    code = "bsre_unavailable"
    default_message = MSG_SERVICE_DOWN


class ServiceDown(ServiceUnavailable):
    code = "bsre_unavailable"


class ServiceTimeout(ServiceUnavailable):
    code = "bsre_timeout"
    default_message = MSG_TIMEOUT


class MalformedAnswer(ServiceUnavailable):
    code = "bsre_malformed_answer"
    default_message = MSG_MALFORMED


class NotConfigured(ServiceUnavailable):
    code = "bsre_not_configured"
    default_message = MSG_NOT_CONFIGURED


class ClientNotAuthorized(ServiceUnavailable):
    code = "bsre_client_unauthorized"
    default_message = MSG_CLIENT_UNAUTHORIZED


class ServiceRefused(ServiceUnavailable):
    """A refusal the client cannot name; the message carries the service's numeric code only
    (its text could echo what was sent)."""

    code = "bsre_refused"

    def __init__(self, service_code: str):
        super().__init__(MSG_REFUSED % {"code": service_code or "-"})
        self.service_code = service_code


def secret_fields(error: SigningUnavailable) -> dict[str, list[str]]:
    """The input field a refusal is about (the passphrase or the one-time code), for forms and
    the API's ``fields``; empty when it is about nothing the signer typed."""
    if isinstance(error, WrongOneTimeCode):
        return {"totp": [str(error)]}
    if isinstance(error, WrongPassphrase | SecretRequired):
        return {"passphrase": [str(error)]}
    return {}
