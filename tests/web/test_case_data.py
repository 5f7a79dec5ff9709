"""The facts a kind of case carries (destination region, pertek, test results...) are shown on
the case pages by their labels, with coded values and dates as people read them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from decisions.kinds import data_rows, data_text
from decisions.services import ItemInput, case_create


@pytest.fixture
def reader(client):
    """``reader(user, language)``: the test client logged in as ``user``, reading in ``language``."""

    def as_user(user, language="id"):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return as_user


@pytest.fixture
def transfer_out(city):
    return case_create(
        actor=city.agency_clerk,
        kind="transfer_out",
        items=[ItemInput(employee=city.subject)],
        effective_date=timezone.localdate() + timedelta(days=30),
        reason="Mengikuti suami pindah tugas.",
        data={"destination_region": "Kota Medan", "final_issuer": "gubernur", "pertek_date": "2026-03-09"},
    )


@pytest.mark.parametrize(
    ("key", "value", "english", "indonesian"),
    [
        ("final_issuer", "mendagri", "the Minister of Home Affairs", "Menteri Dalam Negeri"),
        ("functional_route", "penyesuaian", "adjustment (inpassing)", "penyesuaian (inpassing)"),
        ("collective", True, "yes", "ya"),
        ("pertek_date", "2026-03-09", "09-03-2026", "09-03-2026"),
        ("pertek_date", "2026-13-45", "2026-13-45", "2026-13-45"),  # unreadable: shown as recorded
        ("pertek_number", "20260309", "20260309", "20260309"),  # a number, not a date
        ("competency_test", {"passed": True, "score": "82"}, "passed, score 82", "lulus, nilai 82"),
        ("competency_test", {"passed": False, "score": None}, "not passed", "tidak lulus"),
        (
            "shortlist",
            [{"nip": "198001012006041001", "score": "88"}, {"nip": "198102022006042002", "score": None}],
            "NIP 198001012006041001 (score 88); NIP 198102022006042002",
            "NIP 198001012006041001 (nilai 88); NIP 198102022006042002",
        ),
        (
            "committee",
            {"result": "approved", "size": 5, "needed": 3, "votes": [{"vote": "approved"}] * 4},
            "approved: 4 of 5 members in favour, 3 needed",
            "disetujui: 4 dari 5 anggota setuju, diperlukan 3",
        ),
        ("unknown", {"b": 1, "a": [2]}, '{"a": [2], "b": 1}', '{"a": [2], "b": 1}'),
        ("destination_region", "", "", ""),
    ],
)
def test_each_recorded_value_reads_as_text_in_both_languages(key, value, english, indonesian):
    with translation.override("en"):
        assert data_text(key, value) == english
    with translation.override("id"):
        assert data_text(key, value) == indonesian


def test_the_rows_follow_the_declared_order_with_capitalised_labels():
    with translation.override("en"):
        rows = data_rows({"final_issuer": "gubernur", "zz_other": "x", "destination_region": "Kota Medan"})
    assert rows == [
        ("Destination region", "Kota Medan"),
        ("Who issues the final SK (Governor or Minister)", "the Governor"),
        ("Zz_other", "x"),
    ]


def test_the_case_page_shows_the_kinds_facts_to_those_who_may_read_it(reader, city, transfer_out):
    url = reverse("cases:detail", args=[transfer_out.pk])
    for user in (city.agency_clerk, city.inspector):
        page = reader(user).get(url).content.decode()
        assert "Daerah tujuan" in page and "Kota Medan" in page and "Gubernur" in page
        assert "09-03-2026" in page
        assert "final_issuer" not in page and "gubernur" not in page
    english = reader(city.agency_clerk, "en").get(url).content.decode()
    assert "Destination region" in english and "the Governor" in english
    assert reader(city.outsider).get(url).status_code == 404


def test_the_inspector_reads_labels_not_codes_in_the_ledger_history(reader, city, transfer_out):
    page = reader(city.inspector).get(reverse("inspect:case", args=[transfer_out.pk]))
    assert page.status_code == 200
    assert ("Daerah tujuan", "Kota Medan") in page.context["state_data"]
    assert ("Tanggal pertek", "09-03-2026") in page.context["state_data"]
    state_panel = page.content.decode().split('id="asof-h"')[1]  # the timeline shows the raw data too
    assert "Gubernur" in state_panel and "final_issuer" not in state_panel
    effective = transfer_out.effective_date.strftime("%d-%m-%Y")
    assert page.context["state_labels"]["effective_date"] == effective and effective in state_panel
