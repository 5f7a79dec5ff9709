"""Pages of the decisions app that are not the case pages: the public verification of a
decree (no login) and a person's PETIKAN as a PDF."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import decrees, verification
from .models import Decree
from .selectors import get_case_for_user
from .signing import SigningUnavailable

MSG_CHOOSE_FILE = _("Choose the PDF file you want to check.")
MSG_FILE_TOO_LARGE = _("The file is too large to be a decree.")


def _public(response: HttpResponse) -> HttpResponse:
    # The page names people: keep it out of search engines and shared caches.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def decree_verify(request, token: str):
    """The public page behind every decree's QR code: is this SK genuine and still in force?"""
    if verification.rate_limited(request):
        response = render(request, "decisions/verify_limited.html", status=429)
        response["Retry-After"] = str(verification.retry_after())
        return _public(response)
    decree = Decree.objects.select_related("case", "replaced_by").filter(token=token).first()
    if decree is None:
        return _public(render(request, "decisions/verify_unknown.html", status=404))
    check, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = MSG_CHOOSE_FILE
        elif upload.size > verification.MAX_UPLOAD_BYTES:
            error = MSG_FILE_TOO_LARGE
        else:
            check = verification.check_file(upload.read(), decree=decree)
    context = {"decree": verification.public_facts(decree), "check": check, "error": error}
    return _public(render(request, "decisions/verify.html", context, status=400 if error else 200))


_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


@login_required
@require_GET
def decree_extract_pdf(request, pk: int, number: int):
    """The PETIKAN of the case's item ``number`` (CaseItem.position_in_case), for users who may
    see the case (``pk`` is the case's id)."""
    case = get_case_for_user(request.user, pk)
    decree = Decree.objects.filter(case=case).first()
    if decree is None:
        raise Http404
    try:
        pdf = decrees.decree_extract(decree=decree, item_number=number)
    except SigningUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _UNSAFE.sub("-", f"petikan-{decree.number}-{number}").strip("-")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
