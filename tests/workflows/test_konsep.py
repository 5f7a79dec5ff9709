"""Issue 13 §3: the konsep SK and its parafs. From submission on, whoever may read the case
opens the draft decree -- the same layout and text, marked KONSEP, without number, date or
signature; each approval initials it; the signed SK is the konsep with its number, date and
signature."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from decisions.documents.blocks import DRAFT_BLANK, MARGIN_BOTTOM, MARGIN_TOP
from decisions.documents.words import indonesian_date
from decisions.models import Case
from workflows.konsep import case_parafs, konsep_pdf
from workflows.services import case_submit, task_approve


def _open(case, stage, owner=None):
    tasks = Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"], data__stage=stage)
    return (tasks.filter(owner=owner) if owner else tasks).get()


def _to_signing(city, case) -> Case:
    case = case_submit(case_id=case.pk, actor=city.clerk)
    task_approve(task_id=_open(case, "unit_head", city.head_dishub).pk, actor=city.head_dishub)
    task_approve(task_id=_open(case, "unit_head", city.head_bpkad).pk, actor=city.head_bpkad)
    task_approve(task_id=_open(case, "verification").pk, actor=city.verifier)
    task_approve(task_id=_open(case, "agency_head").pk, actor=city.agency_head)
    return task_approve(task_id=_open(case, "secretary").pk, actor=city.sekda)


def _body_lines(pdf: bytes) -> list[str]:
    """The text of every page between the page decorations: the placeholder emblem's notice
    above, the QR code, verification line or konsep notice and page number below."""
    lines = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            bottom = page.height - MARGIN_BOTTOM + 2
            body = page.filter(
                lambda o, bottom=bottom: o.get("top", 0) >= MARGIN_TOP - 0.5 and o.get("bottom", 0) <= bottom
            )
            lines += [line.strip() for line in (body.extract_text() or "").splitlines() if line.strip()]
    return lines


def test_the_signed_sk_is_the_konsep_with_its_number_date_and_signature(city, transfer_case):
    case = _to_signing(city, transfer_case)
    konsep = konsep_pdf(case)
    konsep_lines = _body_lines(konsep)
    assert "KONSEP" in konsep_lines[:3]  # the mark above the heading
    konsep_lines.remove("KONSEP")
    assert f"NOMOR {DRAFT_BLANK}" in konsep_lines and f"pada tanggal {DRAFT_BLANK}" in konsep_lines
    paraf_at = konsep_lines.index("Paraf koordinasi:")
    parafs = "\n".join(konsep_lines[paraf_at:])
    for name in ("Kepala Dinas Perhubungan", "Kepala BPKAD", "Kepala BKPSDM", "Sekretaris Daerah"):
        assert name.split()[-1] in parafs

    case = task_approve(task_id=_open(case, "signing").pk, actor=city.walikota)
    decree = case.decree
    with decree.pdf.open("rb") as handle:
        signed_lines = _body_lines(handle.read())
    expected = [
        line.replace(
            DRAFT_BLANK, decree.number if line.startswith("NOMOR") else indonesian_date(decree.decree_date)
        )
        for line in konsep_lines[:paraf_at]
    ]
    assert signed_lines == expected


def test_each_approval_initials_the_konsep_with_name_position_and_date(city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    assert case_parafs(case) == []
    task_approve(task_id=_open(case, "unit_head", city.head_dishub).pk, actor=city.head_dishub)
    task_approve(task_id=_open(case, "unit_head", city.head_bpkad).pk, actor=city.head_bpkad)
    task_approve(task_id=_open(case, "verification").pk, actor=city.verifier)
    parafs = case_parafs(case)
    assert [paraf.position for paraf in parafs][:2] == ["Kepala Dinas Perhubungan", "Kepala BPKAD"]
    assert len(parafs) == 3 and all(paraf.date for paraf in parafs)
    assert parafs[2].position  # a verifier from the pool: their own post


@pytest.mark.parametrize("persona", ["clerk", "head_bpkad", "inspector", "walikota"])
def test_everyone_who_may_read_the_case_opens_the_konsep_from_submission_on(
    client, city, transfer_case, persona
):
    url = reverse("cases:konsep", args=[transfer_case.pk])
    client.force_login(city.clerk)
    assert client.get(url).status_code == 404  # a draft has no konsep yet
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client.force_login(getattr(city, persona))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = client.get(reverse("cases:detail", args=[transfer_case.pk])).content.decode()
    assert url in page


def test_an_outsider_does_not_see_the_konsep(client, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client.force_login(city.outsider)
    assert client.get(reverse("cases:konsep", args=[transfer_case.pk])).status_code == 404


def test_the_signing_page_shows_the_konsep_with_its_parafs(client, city, transfer_case):
    case = _to_signing(city, transfer_case)
    client.force_login(city.walikota)
    content = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="konsep-frame"' in content and 'id="parafs"' in content and 'id="konsep-read"' in content
    assert re.search(r"Sekretaris Daerah", content[content.index('id="parafs"') :])
    assert content.index('id="konsep-h"') < content.index('value="sign"')


def test_the_signing_page_with_its_konsep_parafs_and_rule_answers_costs_a_bounded_number_of_queries(
    client, city, transfer_case, django_assert_max_num_queries
):
    case = _to_signing(city, transfer_case)
    client.force_login(city.walikota)
    client.get(reverse("cases:detail", args=[case.pk]))  # warm the caches (rules, site)
    # 44 measured with the konsep section, the parafs and the signing gate's dry run.
    with django_assert_max_num_queries(48):
        assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
