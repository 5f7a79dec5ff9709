"""The konsep SK of a case (workflows/konsep.py): a PDF for everyone who may read the case,
from submission until the signature."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.clickjacking import xframe_options_sameorigin

from decisions.selectors import get_case_for_user
from workflows.konsep import KONSEP_STATUSES, konsep_pdf


@login_required
@xframe_options_sameorigin  # shown inside the signing page; DENY everywhere else
def konsep(request, pk: int):
    case = get_case_for_user(request.user, pk)
    if case.status not in KONSEP_STATUSES:
        raise Http404
    response = HttpResponse(konsep_pdf(case), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="konsep-{case.reference}.pdf"'
    response["Cache-Control"] = "no-store"  # the konsep changes with every paraf
    return response
