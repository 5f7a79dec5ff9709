from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse

from personnel.demo import DEMO_PASSWORD
from personnel.models import Employee
from personnel.signals import MSG_USER_DELETE, UserDeletionRefused
from tests.factories import UserFactory


@pytest.fixture
def admin_browser(demo) -> Client:
    # whitenoise warns (an error here) when STATIC_ROOT does not exist yet; collectstatic makes it.
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    client = Client()
    assert client.login(username="admin", password=DEMO_PASSWORD)
    return client


def test_deleting_a_user_is_refused_with_a_clear_error(db):
    user = UserFactory(username="leaving")
    with pytest.raises(UserDeletionRefused) as caught, transaction.atomic():
        user.delete()
    assert str(caught.value) == str(MSG_USER_DELETE)
    with pytest.raises(UserDeletionRefused), transaction.atomic():
        get_user_model().objects.filter(username="leaving").delete()
    assert get_user_model().objects.filter(username="leaving").exists()


def test_the_admin_offers_no_way_to_delete_an_account(admin_browser):
    User = get_user_model()
    clerk = User.objects.get(username="clerk.dishub")
    changelist = admin_browser.get(reverse("admin:auth_user_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.content.decode()
    assert admin_browser.get(reverse("admin:auth_user_delete", args=[clerk.pk])).status_code == 403
    response = admin_browser.post(
        reverse("admin:auth_user_changelist"), {"action": "delete_selected", "_selected_action": [clerk.pk]}
    )
    assert User.objects.filter(pk=clerk.pk).exists()
    assert response.status_code in (200, 302)


def test_the_admin_deactivates_accounts_instead(admin_browser):
    User = get_user_model()
    clerk = User.objects.get(username="clerk.dishub")
    response = admin_browser.post(
        reverse("admin:auth_user_changelist"), {"action": "deactivate", "_selected_action": [clerk.pk]}
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.is_active is False


@pytest.mark.parametrize(
    "name",
    [
        "personnel_employee",
        "personnel_position",
        "personnel_orgunit",
        "personnel_rank",
        "personnel_electedterm",
        "personnel_actingassignment",
    ],
)
def test_the_registry_lists_render(admin_browser, name):
    assert admin_browser.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_an_employee_is_found_by_a_spaced_nip_and_shows_their_histories(admin_browser):
    employee = Employee.objects.filter(position__code="DISHUB-PLO").first()
    url = reverse("admin:personnel_employee_changelist")
    response = admin_browser.get(url, {"q": employee.nip_display})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    filtered = admin_browser.get(url, {"status__exact": "active", "rank__code__exact": employee.rank_id})
    assert employee in filtered.context["cl"].result_list
    page = admin_browser.get(reverse("admin:personnel_employee_change", args=[employee.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "pemotongan_tukin" in body  # the active sanction is in its inline
    assert employee.position.name in body


def test_acting_assignments_and_elected_terms_are_editable(admin_browser):
    from personnel.models import ActingAssignment, ElectedTerm

    acting = ActingAssignment.objects.get()
    assert (
        admin_browser.get(reverse("admin:personnel_actingassignment_change", args=[acting.pk])).status_code
        == 200
    )
    term = ElectedTerm.objects.first()
    assert admin_browser.get(reverse("admin:personnel_electedterm_change", args=[term.pk])).status_code == 200
    assert admin_browser.get(reverse("admin:personnel_actingassignment_add")).status_code == 200


def test_the_employee_form_accepts_a_spaced_nip_and_checks_it_against_the_person(demo):
    from personnel.admin import EmployeeForm

    employee = Employee.objects.filter(position__code="DISHUB-PP").first()
    data = {
        "nip": employee.nip_display,
        "name": employee.name,
        "front_title": employee.front_title,
        "back_title": employee.back_title,
        "birth_date": employee.birth_date.isoformat(),
        "gender": employee.gender,
        "tmt_cpns": employee.tmt_cpns.isoformat(),
        "rank": employee.rank_id,
        "rank_since": employee.rank_since.isoformat(),
        "education_level": employee.education_level,
        "education_field": employee.education_field,
        "position": employee.position_id,
        "position_since": employee.position_since.isoformat(),
        "status": employee.status,
        "user": employee.user_id or "",
    }
    form = EmployeeForm(data=data, instance=employee)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["nip"] == employee.nip
    form = EmployeeForm(data={**data, "gender": "2" if employee.gender == "1" else "1"}, instance=employee)
    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["gender"]] == ["gender_mismatch"]


def test_the_employee_form_keeps_the_dates_of_a_cpns_and_of_a_temporary_dismissal(demo):
    """PP 11/2017 Ps. 34 (a CPNS has no TMT PNS yet) and Ps. 276 (a temporary dismissal has
    its start): the admin refuses what the registry cannot hold."""
    from personnel.admin import EmployeeForm

    cpns = Employee.objects.filter(status="cpns").first()
    data = {
        "nip": cpns.nip,
        "name": cpns.name,
        "birth_date": cpns.birth_date.isoformat(),
        "gender": cpns.gender,
        "tmt_cpns": cpns.tmt_cpns.isoformat(),
        "rank": cpns.rank_id,
        "rank_since": cpns.rank_since.isoformat(),
        "education_level": cpns.education_level,
        "position": cpns.position_id,
        "position_since": cpns.position_since.isoformat(),
        "status": "cpns",
    }
    assert EmployeeForm(data=data, instance=cpns).is_valid()
    form = EmployeeForm(data={**data, "tmt_pns": cpns.tmt_cpns.isoformat()}, instance=cpns)
    assert [e.code for e in form.errors.as_data()["tmt_pns"]] == ["cpns_with_tmt_pns"]
    form = EmployeeForm(data={**data, "status": "suspended"}, instance=cpns)
    assert [e.code for e in form.errors.as_data()["suspended_from"]] == ["suspension_start_required"]


def test_the_employee_page_shows_the_status_dates(admin_browser):
    cpns = Employee.objects.filter(status="cpns").first()
    body = admin_browser.get(reverse("admin:personnel_employee_change", args=[cpns.pk])).content.decode()
    for field in ("tmt_pns", "oath_date", "suspended_from", "suspended_until", "suspension_decree"):
        assert f'name="{field}"' in body, field
    assert (
        admin_browser.get(
            reverse("admin:personnel_employee_changelist"), {"status__exact": "cpns"}
        ).status_code
        == 200
    )
