"""The page images of docs/decrees.md: one page of each kind of SK, signed (the stamp drawn in),
a Lampiran and a PETIKAN. Written only when SAHIH_DECREE_PAGES names a directory
(`make decree-pages`); otherwise each kind is still signed and its chosen page found."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import time_machine

from decisions.decrees import decree_extract
from decisions.services import ItemInput, case_create
from personnel.models import Employee
from tests.factories import EmployeeFactory, PositionFactory

from .conftest import KINDS, issue, retiring_employee, stored_pdf
from .pdf import page_texts

DAY = datetime(2026, 2, 16, 9, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
TARGET = os.environ.get("SAHIH_DECREE_PAGES")


def _page_with(pdf: bytes, needle: str) -> int:
    return next(i for i, text in enumerate(page_texts(pdf)) if needle in " ".join(text.split()))


def _save(pdf: bytes, index: int, name: str) -> None:
    """The page as a greyscale PNG, with the signature's stamp drawn into it."""
    document = pdfium.PdfDocument(pdf)
    document.init_forms()
    page = document[index]
    page.flatten()
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    flattened = pdfium.PdfDocument(buffer.getvalue())
    image = flattened[index].render(scale=1.25).to_pil().convert("L")
    flattened.close()
    if TARGET:
        Path(TARGET).mkdir(parents=True, exist_ok=True)
        image.quantize(16).save(Path(TARGET) / f"{name}.png", optimize=True)


@pytest.fixture(autouse=True)
def _on_the_day_of_the_pictures():
    with time_machine.travel(DAY, tick=False):
        yield


# The page that shows what is particular to a kind: its first diktum, or a retirement's
# Taspen particulars.
PAGE = {"dismissal_retirement": "PT TASPEN"}


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_has_a_page_for_the_documentation(city, make_case, kind):
    pdf = stored_pdf(issue(make_case(kind), city.walikota))
    _save(pdf, _page_with(pdf, PAGE.get(kind, "KESATU :")), kind)


def test_a_lampiran_and_a_petikan_have_pages_for_the_documentation(city):
    """Two people reaching the retirement age in February 2026, retired together on 1 March;
    the PETIKAN certified by the Head of BKPSDM, named as a person."""
    Employee.objects.filter(user=city.agency_head).update(name="Rahmat Hidayat")
    colleague = EmployeeFactory(
        name="Sri Rahayu",
        gender="2",
        birth=date(1968, 2, 25),
        tmt=date(2000, 3, 1),
        rank_since=date(2020, 10, 1),
        mkg_years=16,
        mkg_months=0,
        position=PositionFactory(code="DISHUB-ARSIP", name="Pengelola Arsip", unit=city.dishub),
    )
    case = case_create(
        actor=city.agency_clerk,
        kind="dismissal_retirement",
        items=[ItemInput(employee=retiring_employee(city)), ItemInput(employee=colleague)],
        effective_date=date(2026, 3, 1),
        reason="Mencapai batas usia pensiun.",
        data={"pertek_number": "PH-2519/KR.VI/2026", "pertek_date": "2026-01-10"},
    )
    decree = issue(case, city.walikota)
    pdf = stored_pdf(decree)
    _save(pdf, _page_with(pdf, "LAMPIRAN :"), "lampiran")
    extract = decree_extract(decree=decree, item_number=2)
    _save(extract, _page_with(extract, "Salinan sesuai dengan aslinya"), "petikan")
