"""The placement pages for every persona: the offices that see every case see the city, an
OPD's heads and clerks their OPD (another OPD's unit, position or employee is 404), the
inspector reads but starts nothing (403), a user outside every unit gets 403. Query counts
are pinned on the list pages and the action."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from decisions.models import Case

from ..factories import UserFactory


def _client(client, user):
    client.force_login(user)
    return client


def _get(client, user, name, *args, query=""):
    return _client(client, user).get(reverse(f"placement:{name}", args=args) + query)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agency_clerk", 200), ("head_bpkad", 200), ("clerk", 200), ("inspector", 200), ("outsider", 200)],
)
def test_the_city_map_shows_each_persona_their_units(client, placement, persona, expected):
    response = _get(client, getattr(placement.city, persona), "index")
    assert response.status_code == expected
    shows_bpkad = placement.city.bpkad.name in response.content.decode()
    assert shows_bpkad == (persona in ("agency_clerk", "head_bpkad", "inspector"))


def test_a_user_in_no_unit_may_not_see_the_placement_pages(client, placement):
    nobody = UserFactory(username="tamu", roles=["clerk"])
    for name in ("index", "talent", "skp"):
        assert _get(client, nobody, name).status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agency_clerk", 200), ("head_bpkad", 200), ("inspector", 200), ("clerk", 404), ("outsider", 404)],
)
def test_a_unit_map_is_for_its_opd_and_the_offices_that_see_every_case(client, placement, persona, expected):
    response = _get(client, getattr(placement.city, persona), "unit", "BPKAD")
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Kepala Subbagian Keuangan" in page
        assert reverse("placement:candidates", args=[placement.vacancy.pk]) in page


@pytest.mark.parametrize(
    ("persona", "expected"), [("agency_clerk", 200), ("inspector", 200), ("outsider", 404)]
)
def test_the_map_exports_as_csv_and_xlsx(client, placement, persona, expected):
    user = getattr(placement.city, persona)
    response = _get(client, user, "export", "csv", query="?unit=BPKAD")
    assert response.status_code == expected
    if expected != 200:
        return
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    vacancy = next(row for row in rows if row["kode_jabatan"] == "BPKAD-KASUBBAG-KEU")
    assert (vacancy["kebutuhan_abk"], vacancy["pemangku"], vacancy["lowong"]) == ("1", "0", "1")
    workbook = load_workbook(io.BytesIO(_get(client, user, "export", "xlsx", query="?unit=BPKAD").content))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert sheet_rows[0][2] == "kode_jabatan"
    assert any(row[2] == "BPKAD-KASUBBAG-KEU" and row[7] == 1 for row in sheet_rows[1:])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agency_clerk", 200), ("head_bpkad", 200), ("inspector", 200), ("clerk", 404), ("outsider", 404)],
)
def test_the_candidates_page_is_scoped_like_the_vacancy(client, placement, persona, expected):
    response = _get(client, getattr(placement.city, persona), "candidates", placement.vacancy.pk)
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Ani Lestari" in page and "Dedi Kurniawan" in page  # ranked, and excluded with the reason
        assert "Teknik Sipil" in page


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agency_clerk", 302), ("inspector", 403), ("head_bpkad", 403), ("outsider", 404)],
)
def test_only_a_clerk_who_may_propose_starts_the_case(client, placement, persona, expected):
    response = _client(client, getattr(placement.city, persona)).post(
        reverse("placement:start", args=[placement.vacancy.pk]), {"employee": placement.fit.pk}
    )
    assert response.status_code == expected
    assert Case.objects.filter(items__employee=placement.fit).exists() == (expected == 302)


@pytest.mark.parametrize(
    ("persona", "expected"), [("agency_clerk", 200), ("inspector", 200), ("outsider", 404)]
)
def test_the_vacancies_that_fit_an_employee(client, placement, persona, expected):
    response = _get(client, getattr(placement.city, persona), "employee", placement.fit.nip)
    assert response.status_code == expected
    if expected == 200:
        assert "Kepala Subbagian Keuangan" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "sees_bpkad"), [("agency_clerk", True), ("inspector", True), ("outsider", False)]
)
def test_the_talent_pool_and_the_skp_dashboard_are_scoped(client, placement, persona, sees_bpkad):
    user = getattr(placement.city, persona)
    talent = _get(client, user, "talent")
    skp = _get(client, user, "skp")
    assert talent.status_code == skp.status_code == 200
    assert ("Ani Lestari" in talent.content.decode()) == sees_bpkad
    assert (placement.city.bpkad.name in skp.content.decode()) == sees_bpkad
    assert _get(client, user, "talent", query="?unit=BPKAD").status_code == (200 if sees_bpkad else 404)


def test_the_nine_box_places_people_by_skp_and_potential(client, placement):
    page = _get(client, placement.city.agency_clerk, "talent").content.decode()
    assert 'id="chart-ninebox"' in page and "<svg" in page
    assert "Kepala Bappeda" in page  # a key post with its succession line


PINNED = [
    ("index", (), "", 14),
    ("unit", ("BPKAD",), "", 16),
    ("candidates", "vacancy", "", 25),
    ("talent", (), "", 28),
    ("skp", (), "", 17),
]


@pytest.mark.parametrize(("name", "args", "query", "queries"), PINNED)
def test_the_list_pages_take_a_fixed_number_of_queries(
    client, placement, django_assert_num_queries, name, args, query, queries
):
    if args == "vacancy":
        args = (placement.vacancy.pk,)
    _client(client, placement.city.agency_clerk)
    client.get(reverse(f"placement:{name}", args=args) + query)  # sessions and caches warm
    with django_assert_num_queries(queries):
        assert client.get(reverse(f"placement:{name}", args=args) + query).status_code == 200


@pytest.mark.parametrize(("name", "args"), [(p[0], p[1]) for p in PINNED])
def test_the_queries_do_not_grow_with_the_registry(client, placement, name, args):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from personnel.models import CompetencyAssessment, SkpRating, Training

    from ..factories import EmployeeFactory, PositionFactory

    if args == "vacancy":
        args = (placement.vacancy.pk,)
    url = reverse(f"placement:{name}", args=args)
    _client(client, placement.city.agency_clerk).get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for number, unit in enumerate([placement.city.bpkad, placement.city.dishub, placement.city.setda] * 3):
        employee = EmployeeFactory(
            name=f"Tambahan {number}",
            position=PositionFactory(code=f"GROW-{number}", unit=unit, capacity=2),
            education_field="Akuntansi",
        )
        CompetencyAssessment.objects.create(employee=employee, assessed_on="2024-01-02", potential="tinggi")
        SkpRating.objects.filter(employee=employee).update(rating="sangat_baik")
        Training.objects.create(
            employee=employee, kind="pkp", name="PKP", start="2020-01-01", end="2020-03-01"
        )
    assert count() == before


@pytest.mark.parametrize(
    ("persona", "expected"), [("agency_clerk", 200), ("inspector", 200), ("clerk", 404), ("outsider", 404)]
)
def test_the_reason_for_one_excluded_employee_is_one_click_away(client, placement, persona, expected):
    user = getattr(placement.city, persona)
    url = reverse("placement:check", args=[placement.vacancy.pk])
    response = _client(client, user).get(f"{url}?nip={placement.sanctioned.nip}")
    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert 'id="blocks"' in page and "PP 94/2021" in page  # the discipline finding's basis
        fit = client.get(f"{url}?nip={placement.fit.nip}").content.decode()
        assert 'id="blocks"' not in fit and "PKP" in fit  # passes: the score's factors
        candidates = client.get(reverse("placement:candidates", args=[placement.vacancy.pk])).content.decode()
        assert f"{url}?nip={placement.sanctioned.nip}" in candidates.replace("&amp;", "&")


def test_checking_a_nip_nobody_in_scope_has_goes_back_to_the_ranking_saying_so(client, placement):
    url = reverse("placement:check", args=[placement.vacancy.pk])
    ranking = reverse("placement:candidates", args=[placement.vacancy.pk])
    clerk = _client(client, placement.city.head_bpkad)
    for nip in ("", "123"):
        response = clerk.get(f"{url}?nip={nip}&effective_date=2027-01-01", follow=True)
        assert response.redirect_chain == [(f"{ranking}?effective_date=2027-01-01", 302)]
        assert "Tidak ada pegawai dengan NIP" in response.content.decode()
