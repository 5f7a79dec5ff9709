"""The demo's public side: a few feedback messages at each step of their route, and signed
decisions enough for every statistics table to show something (k people per cell).

The decisions are real: transfers from DISHUB to BPKAD, carried through their route to a
signed SK by the demo's own personas. This needs the signing
certificate, so ``make run`` calls it after ``signing_devca`` (manage.py seed_public_demo).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone
from viewflow.workflow.models import Task

from decisions.models import Case

from . import services
from .models import Feedback

TRANSFERS = 6  # more than k: this month's transfers make one publishable (merged) cell

FEEDBACK = [
    (
        "complaint",
        "DISHUB",
        "Antrean uji KIR di Dinas Perhubungan lebih dari tiga jam; loket kedua tidak pernah dibuka.",
    ),
    (
        "suggestion",
        "DINSOS",
        "Mohon pendaftaran bantuan sosial dapat dilakukan secara daring, tidak hanya di kantor dinas.",
    ),
    ("complaint", None, "Petugas meminta uang tambahan di luar tarif resmi saat mengurus izin usaha."),
    ("suggestion", "BKPSDM", "Informasi formasi jabatan yang kosong sebaiknya diumumkan di laman resmi."),
]


def seed_feedback() -> int:
    """Four messages: one waiting for triage, one with its unit, one closed, one being closed."""
    from personnel.models import OrgUnit

    if Feedback.objects.exists():
        return 0
    User = get_user_model()
    inspector = User.objects.filter(groups__name="inspector", is_active=True).order_by("pk").first()
    made = []
    for kind, unit_code, text in FEEDBACK:
        unit = OrgUnit.objects.filter(code=unit_code).first() if unit_code else None
        made.append(
            services.feedback_submit(
                kind=kind,
                text=text,
                unit=unit,
                sender_name="Warga Tanjungbalai",
                sender_contact="0812-0000-0000",
            )
        )
    if inspector is None:
        return len(made)
    waiting_unit, closed, closing = made[0], made[1], made[2]
    services.feedback_triage(
        feedback=waiting_unit, actor=inspector, forward=True, note="Layak ditindaklanjuti."
    )
    services.feedback_triage(feedback=closed, actor=inspector, forward=True, note="Teruskan ke Dinas Sosial.")
    task = services.open_task(closed)
    if task is not None and task.owner is not None:
        services.feedback_respond(
            feedback=closed,
            actor=task.owner,
            response="Pendaftaran daring dibuka mulai bulan depan melalui laman resmi Dinas Sosial.",
        )
        services.feedback_close(
            feedback=closed,
            actor=inspector,
            conclusion="Saran diterima dan dilaksanakan oleh unit.",
            public_answer="Terima kasih. Mulai bulan depan pendaftaran bantuan sosial dapat dilakukan melalui laman resmi Dinas Sosial.",
        )
    services.feedback_triage(
        feedback=closing,
        actor=inspector,
        forward=False,
        note="Perlu klarifikasi; diperiksa langsung oleh Inspektorat.",
    )
    return len(made)


def seed_decisions() -> int:
    """Transfers of settled staff (Penata Layanan Operasional) between demo OPDs, carried to a
    signed SK by the demo's personas, when the demo has none signed yet. Each is proposed by
    the subject's own OPD, so the statistics publish them merged ("other OPDs")."""
    from datetime import timedelta

    from decisions.errors import Invalid, Refused
    from decisions.services import ItemInput, case_create
    from personnel.models import Employee, Position
    from personnel.selectors import with_free_places
    from workflows.services import case_submit, task_approve

    if Case.objects.filter(decree__isnull=False).exists():
        return 0
    User = get_user_model()
    verifier = User.objects.get(username="verifikator1")
    today = timezone.localdate()
    # Not BKPSDM or the Setda: their heads also decide later stages (separation of duties).
    offices = ("BKPSDM", "SETDA")
    places = [
        position
        for position in with_free_places(
            Position.objects.filter(code__endswith="-PLO")
            .exclude(unit__code__in=offices)
            .select_related("unit")
        )
        for _place in range(position.free)
    ]
    subjects = (
        Employee.objects.filter(
            position__code__endswith="-PLO",
            user__isnull=True,
            position_since__lte=today - timedelta(days=3 * 365),
        )
        .exclude(position__unit__code__in=offices)
        .exclude(sanctions__isnull=False)
        .exclude(skp_ratings__rating__in=["butuh_perbaikan", "kurang", "sangat_kurang"])
        .select_related("position__unit")
        .order_by("nip")
    )
    signed = 0
    for subject in subjects:
        opd = subject.position.unit.opd
        target = next((place for place in places if place.unit.opd != opd), None)
        clerk = User.objects.filter(username=f"clerk.{opd.code.lower()}").first()
        if signed == TRANSFERS or target is None:
            break
        if clerk is None:
            continue
        try:
            case = case_create(
                actor=clerk,
                kind="transfer",
                items=[ItemInput(employee=subject, to_position=target)],
                effective_date=today + timedelta(days=30),
                reason=f"Pemenuhan kebutuhan pegawai sesuai analisis beban kerja {target.unit.name}.",
            )
            case = case_submit(case_id=case.pk, actor=clerk)
            for _round in range(20):
                tasks = list(Task.objects.filter(process_id=case.process_id, status__in=["NEW", "ASSIGNED"]))
                if not tasks:
                    break
                for task in tasks:
                    task_approve(task_id=task.pk, actor=task.owner or verifier)
        except (Invalid, Refused):  # a rule of the registry said no: the next one
            continue
        places.remove(target)
        case.refresh_from_db()
        signed += case.status == Case.Status.SIGNED
    return signed
