"""Driving cases through the API as the personas would."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def create_transfer(api, city, *, effective_date: date | None = None, actor=None, **extra):
    body = {
        "kind": "transfer",
        "employee": city.subject.nip_display,
        "target_position": city.target.code,
        "effective_date": (effective_date or timezone.localdate()).isoformat(),
        "reason": "Pemenuhan kebutuhan pegawai sesuai analisis beban kerja.",
        **extra,
    }
    response = api(actor or city.clerk).post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def task_id(api, user, case_id: int, stage: str) -> int:
    tasks = api(user).get("/api/tasks/").json()
    matching = [t["id"] for t in tasks if t["case"]["id"] == case_id and t["stage"] == stage]
    assert matching, f"{user} has no {stage} task on case {case_id}: {tasks}"
    return matching[0]


def approve(api, user, case_id: int, stage: str, **body):
    response = api(user).post(
        f"/api/tasks/{task_id(api, user, case_id, stage)}/approve/", body, format="json"
    )
    assert response.status_code == 200, response.json()
    return response.json()


ROUTE = [
    ("unit_head", "head_dishub"),
    ("unit_head", "head_bpkad"),
    ("verification", "verifier"),
    ("agency_head", "agency_head"),
    ("secretary", "sekda"),
    ("signing", "walikota"),
]


def run_route(api, city, case_id: int, *, until: str | None = None) -> dict:
    """Approve every stage in order (stopping before ``until``); returns the last case body."""
    body = {}
    for stage, persona in ROUTE:
        if stage == until:
            break
        body = approve(api, getattr(city, persona), case_id, stage)
    return body


def small_pdf(text: str = "Surat permohonan pindah") -> bytes:
    """A real one-page PDF, as a clerk would scan and upload."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, invariant=1)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()
