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

import logging
import secrets

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed, PermissionDenied
from django.http import Http404
from django.utils import translation
from django.views import defaults

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


class ProductErrorPagesMiddleware:
    """The product's own 403, 404 and 500 pages (in the user's language) even with DEBUG on.

    Django answers them with its technical pages while DEBUG is on -- English, with the URL
    list. ``make run`` needs DEBUG for the development key, yet a newcomer following the
    README must see what users see: ``SAHIH_ERROR_PAGES_IN_DEBUG`` (set by ``make run``)
    turns this on; the traceback of a 500 still goes to the console. With DEBUG off Django
    uses the same templates by itself and this middleware steps aside."""

    def __init__(self, get_response):
        if not (settings.DEBUG and settings.SAHIH_ERROR_PAGES_IN_DEBUG):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return defaults.page_not_found(request, Http404())  # no URL matched
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=exception
        )
        return defaults.server_error(request)
