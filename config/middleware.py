"""Two things every response gets: the user's language, and a Content-Security-Policy.

Bahasa Indonesia unless the user chose otherwise: Django's LocaleMiddleware follows the
browser's Accept-Language, which on most office laptops says English; our users read
Indonesian first. So the language is the user's explicit choice (the language cookie set
by the switch in the top bar), else LANGUAGE_CODE.

The policy lets pages run only scripts and styles served from our own origin: no inline
script, no inline style, nothing from elsewhere. The one exception is the nonce of each
request (``request.csp_nonce``), which templates put on the <meta name="csp-nonce"> that
viewflow's Turbo reads for the style of its progress bar. tests/browser asserts that the
pages cause no violation.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.utils import translation

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors {ancestors}"
)


class ContentSecurityPolicyMiddleware:
    """Sets the policy on HTML responses (a PDF shown in the browser's viewer keeps none, or
    the viewer would be blocked). Listed before XFrameOptionsMiddleware, so it sees the
    framing that a view allowed (an attachment preview: SAMEORIGIN) and says the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            ancestors = "'self'" if response.get("X-Frame-Options") == "SAMEORIGIN" else "'none'"
            response.headers.setdefault(
                "Content-Security-Policy", CSP.format(nonce=request.csp_nonce, ancestors=ancestors)
            )
        return response


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
