"""Issue 13 §4: what a careful reader notices -- one language, one date format, the admin
under Sahih's name, units named beside their heads, one "Edit" on a returned case, one
full stop after a title."""

from __future__ import annotations

from django.urls import reverse
from viewflow.workflow.models import Task

from decisions.services import MSG_TARGET_REQUIRED, one_full_stop
from tests.factories import UserFactory
from workflows.services import case_submit, task_return


def _open_task(case, owner):
    case.refresh_from_db()
    return Task.objects.get(process_id=case.process_id, owner=owner, status__in=["NEW", "ASSIGNED"])


def test_the_case_page_names_each_waiting_head_s_unit_and_writes_due_dates_day_first(
    client, city, transfer_case
):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    client.force_login(city.clerk)
    content = client.get(reverse("cases:detail", args=[transfer_case.pk])).content.decode()
    waiting = content[content.index('id="pending-h"') :]
    assert "Kepala Dinas Perhubungan" in waiting and "Kepala BPKAD" in waiting
    assert "Badan Pengelolaan Keuangan dan Aset Daerah" in waiting  # the head's title alone is not enough
    timeline = content[content.index('id="timeline"') :]
    due = _open_task(transfer_case, city.head_dishub).data["due"]  # ISO in the ledger
    y, m, d = due[:10].split("-")
    assert f"{d}-{m}-{y}" in timeline and due[:10] not in timeline


def test_a_returned_case_offers_one_edit_button(client, city, transfer_case):
    case_submit(case_id=transfer_case.pk, actor=city.clerk)
    task_return(
        task_id=_open_task(transfer_case, city.head_dishub).pk, actor=city.head_dishub, note="Lengkapi."
    )
    client.force_login(city.clerk)
    content = client.get(reverse("cases:detail", args=[transfer_case.pk])).content.decode()
    assert content.count(reverse("cases:edit", args=[transfer_case.pk])) == 1


def test_the_admin_speaks_indonesian_under_sahih_s_name(client, city):
    admin = UserFactory(username="pengelola", roles=["admin"], is_staff=True, is_superuser=True)
    client.force_login(admin)
    content = client.get(reverse("admin:index")).content.decode()
    assert "Administrasi Sahih" in content and "Django" not in content
    assert "Daftar proses" in content and "Process list" not in content


def test_a_name_ending_in_a_title_ends_a_sentence_with_one_full_stop():
    message = one_full_stop(str(MSG_TARGET_REQUIRED) % {"name": "Andi Purba, S.E., M.H."})
    assert message.endswith("M.H.") and not message.endswith("..")
