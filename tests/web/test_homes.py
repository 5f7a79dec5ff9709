"""Each role's home, the request form's rule check without JavaScript, the administrator's
links into the admin, and the theme's basics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from decisions.models import Case, ElectionPeriod, PolicyParameter
from personnel.models import PublicHoliday
from tests.factories import UserFactory
from workflows.services import case_submit, task_return

HOME = "/home/"


def _ids(response) -> set[str]:
    import re

    return set(re.findall(r'id="([^"]+)"', response.content.decode()))


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        (
            "clerk",
            {"new-request", "returned-h", "drafts-h", "review-h"},
            {"waiting-h", "inspect-h", "admin-h"},
        ),
        ("head_dishub", {"waiting-h", "dash-h"}, {"new-request", "inspect-h", "admin-h"}),
        ("verifier", {"waiting-h", "dash-h"}, {"new-request", "admin-h"}),
        ("walikota", {"waiting-h", "dash-h"}, {"new-request", "admin-h"}),
        ("inspector", {"inspect-h", "decrees-h", "dash-h"}, {"new-request", "waiting-h", "admin-h"}),
    ],
)
def test_each_role_has_its_own_home(client, city, persona, present, absent):
    client.force_login(getattr(city, persona))
    ids = _ids(client.get(HOME))
    assert present <= ids
    assert not (absent & ids)


def test_a_returned_case_shows_on_the_clerk_s_home_with_the_note(client, city, transfer_case):
    case = case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task = case.process.task_set.get(data__stage="unit_head", owner=city.head_dishub)
    task_return(task_id=task.pk, actor=city.head_dishub, note="Lengkapi surat usul.")
    client.force_login(city.clerk)
    section = client.get(HOME).context["clerk"]
    assert section["counts"]["returned"] == 1
    assert section["returned"][0]["return"]["note"] == "Lengkapi surat usul."
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert b"Lengkapi surat usul." in page.content


def test_the_administrator_s_home_links_into_the_admin_and_summarises_the_settings(client, city):
    admin = UserFactory(username="pengelola", roles=["admin"], is_staff=True, is_superuser=True)
    PolicyParameter.objects.create(key="min_years_in_post", value=3, note="Perwali 2026")
    ElectionPeriod.objects.create(
        name="Pilkada 2029",
        candidates_set_on=timezone.localdate() + timedelta(days=90),
        term_end=timezone.localdate() + timedelta(days=400),
    )
    PublicHoliday.objects.create(date=timezone.localdate() + timedelta(days=3), name="Libur uji")
    client.force_login(admin)
    response = client.get(HOME)
    summary = response.context["admin"]
    assert summary["parameters"][0].key == "min_years_in_post"
    assert summary["defaults"]["min_years_in_post"] == 3  # the parameter in force, not the default
    assert summary["elections"][0]["frozen_now"] is True  # six months before the candidates are set
    assert [h.name for h in summary["holidays"]] == ["Libur uji"]
    content = response.content.decode()
    for name in (
        "admin:personnel_orgunit_changelist",
        "admin:personnel_position_changelist",
        "admin:personnel_employee_changelist",
        "admin:personnel_actingassignment_changelist",
        "admin:decisions_electionperiod_changelist",
        "admin:decisions_policyparameter_changelist",
        "admin:personnel_publicholiday_changelist",
        "admin:workflows_committee_changelist",
    ):
        url = reverse(name)
        assert f'href="{url}"' in content
        assert client.get(url).status_code == 200, name


def test_a_rule_parameter_must_name_a_parameter_the_rules_have(client, city):
    admin = UserFactory(username="pengelola", roles=["admin"], is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:decisions_policyparameter_add")
    bad = client.post(url, {"key": "min_yaers_in_post", "value": "3", "note": ""})
    assert bad.status_code == 200 and bad.context["adminform"].form.errors["key"]
    good = client.post(url, {"key": "min_years_in_post", "value": "3", "note": "Perwali"})
    assert good.status_code == 302
    assert PolicyParameter.objects.get().value == 3


def test_the_request_form_checks_the_rules_on_the_server_without_javascript(client, city):
    client.force_login(city.clerk)
    response = client.post(
        reverse("cases:new"),
        {
            "kind": "transfer",
            "employee": city.subject.nip_display,
            "target_position": city.target.pk,
            "effective_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "check": "1",
        },
    )
    assert response.status_code == 200  # a missing reason does not stop a check
    assert response.context["check_findings"] == []
    assert b"data-server-findings" in response.content
    assert not Case.objects.exists()


def test_the_live_check_script_gets_what_it_needs_from_the_form(client, city):
    client.force_login(city.clerk)
    content = client.get(reverse("cases:new")).content.decode()
    assert 'id="policy-findings"' in content and 'aria-live="polite"' in content
    assert f'data-check-url="{reverse("api-policy-check")}"' in content
    assert f'data-code="{city.target.code}"' in content  # the option's position code for the API
    assert 'id="policy-finding-template"' in content
    assert finders.find("sahih/policy-check.js") and finders.find("sahih/sahih.js")


def test_a_draft_shows_what_the_rules_would_say_before_it_is_submitted(client, city, transfer_case):
    client.force_login(city.clerk)
    response = client.get(reverse("cases:detail", args=[transfer_case.pk]))
    assert response.context["submit_form"].findings == []


def test_the_edit_form_keeps_the_effective_date_in_the_date_picker_s_format(client, city, transfer_case):
    client.force_login(city.clerk)
    content = client.get(reverse("cases:edit", args=[transfer_case.pk])).content.decode()
    assert f'value="{transfer_case.effective_date.isoformat()}"' in content


def test_the_route_chart_marks_the_current_stage(client, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client.force_login(city.clerk)
    svg = client.get(reverse("cases:chart", args=[transfer_case.pk])).content.decode()
    assert 'id="unit_head"' in svg and 'class="assigned"' in svg
    assert 'class="sahih-now"' in svg
    steps = client.get(reverse("cases:detail", args=[transfer_case.pk])).context["steps"]
    assert [(step.code, step.state) for step in steps][:2] == [
        ("unit_head", "current"),
        ("verification", "todo"),
    ]


def test_pages_are_in_indonesian_unless_english_is_chosen(client, city):
    client.force_login(city.clerk)
    assert client.get(HOME)["Content-Language"] == "id"
    client.cookies["django_language"] = "en"
    assert client.get(HOME)["Content-Language"] == "en"


def test_every_page_starts_with_a_skip_link_to_its_content(client, city):
    client.force_login(city.head_dishub)
    for url in (HOME, reverse("tasks:index"), reverse("cases:index"), "/dashboard/"):
        content = client.get(url).content.decode()
        assert content.index('class="sahih-skip" href="#content"') < content.index("<vf-page")
        assert 'id="content"' in content
