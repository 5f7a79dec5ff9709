"""Taking a case of any kind through its route by the API, as the personas would, to the signed
SK; and reading the SK (or a PETIKAN) back as text."""

from __future__ import annotations

from dataclasses import dataclass, field

from rest_framework.test import APIClient

from decisions.kinds import spec_for
from personnel.models import Employee
from tests.api.helpers import small_pdf
from workflows.models import Committee

from .pdf import body_text

PERTEK = {
    "pertek_number": "PH-2519/KR.VI/2026",
    "pertek_date": "2026-01-15",
    "pertek_issuer": "Kepala Kantor Regional VI Badan Kepegawaian Negara",
}


def client(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def committee_of(city) -> list:
    """The Tim Penilai Kinerja: the heads of BPKAD and DISHUB and the inspector, majority rule."""
    from tests.factories import UserFactory

    team, _created = Committee.objects.get_or_create(
        code="tim_penilai_kinerja", defaults={"name": "Tim Penilai Kinerja PNS"}
    )
    members = [
        UserFactory(username=f"tpk_api{i}", roles=["official"], first_name=f"Anggota {i}") for i in (1, 2, 3)
    ]
    team.members.set(members)
    return members


@dataclass
class Route:
    """Who decides each stage, and what they record there."""

    city: object
    facts: dict = field(default_factory=dict)  # stage -> facts to record
    committee: list = field(default_factory=list)

    def deciders(self, stage: str) -> list:
        c = self.city
        inspector_head = Employee.objects.get(position__code="INSPEKTUR").user
        return {
            "unit_head": [c.head_dishub, c.head_bpkad],
            "origin_head": [c.head_dishub, c.head_bpkad],
            "proposer_head": [c.head_dishub],
            "committee_vote": self.committee,
            "verification": [c.verifier],
            "pertek": [c.verifier2],
            "agency_head": [c.agency_head],
            "secretary": [c.sekda],
            "selection": [c.walikota],
            "signing": [c.walikota],
            "inauguration": [c.verifier2],
            "inspectorate": [inspector_head],
        }[stage]


def _post(user, task: dict, body: dict):
    url = f"/api/tasks/{task['id']}/decide/"
    if "document" not in body:
        return client(user).post(url, body, format="json")
    from django.core.files.uploadedfile import SimpleUploadedFile

    name, content = body["document"]
    document = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client(user).post(url, {**body, "document": document}, format="multipart")


def _decide(user, task: dict, route: Route) -> None:
    """Take the stage's go-ahead, with its facts, acknowledging the warnings the rules raise."""
    stage = task["stage"]
    body = {"action": task["actions"][0], "note": "Sesuai.", "facts": route.facts.get(stage, {})}
    if stage == "pertek":  # the recorded pertek and its scan, sent as a form
        body = {"action": "record", "note": "", "document": ("pertek.pdf", small_pdf("pertek"))}
        body.update({f"facts.{key}": value for key, value in route.facts.get(stage, PERTEK).items()})
    response = _post(user, task, body)
    if response.status_code != 200 and response.json().get("code") == "acknowledgement_required":
        response = _post(user, task, {**body, "acknowledged": response.json()["unacknowledged"]})
    assert response.status_code == 200, f"{stage} by {user}: {response.json()}"


def run_to_signature(route: Route, case_id: int) -> dict:
    """Decide the open tasks of the case, stage by stage, until none is left; returns the case
    as the API shows it."""
    api = client(route.city.agency_clerk)
    case = api.get(f"/api/cases/{case_id}/").json()
    for _step in range(30):
        waiting = [stage["code"] for stage in case["stages"]]
        tasks = [
            (user, task)
            for stage in waiting
            for user in route.deciders(stage)
            for task in client(user).get("/api/tasks/").json()
            if task["case"]["id"] == case_id and task["stage"] == stage
        ]
        if not tasks:
            break
        user, task = min(tasks, key=lambda pair: pair[1]["id"])
        _decide(user, task, route)
        case = api.get(f"/api/cases/{case_id}/").json()
    return case


STAGES = (
    "unit_head",
    "origin_head",
    "proposer_head",
    "committee_vote",
    "verification",
    "pertek",
    "agency_head",
    "secretary",
    "selection",
    "signing",
    "inauguration",
    "inspectorate",
)


def propose(clerk, body: dict, attachments: tuple[str, ...] = ()) -> dict:
    """Draft the case, attach its file, submit it."""
    api = client(clerk)
    response = api.post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.json()
    case = response.json()
    for kind in (*spec_for(body["kind"]).required_attachments, *attachments):
        upload = api.post(
            f"/api/cases/{case['id']}/attachments/",
            {"kind": kind, "file": _upload(kind)},
            format="multipart",
        )
        assert upload.status_code == 201, upload.json()
    submitted = api.post(f"/api/cases/{case['id']}/submit/", {}, format="json")
    assert submitted.status_code == 200, submitted.json()
    return submitted.json()


def _upload(kind: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{kind}.pdf", small_pdf(kind), content_type="application/pdf")


def decree_text(user, case_id: int) -> tuple[bytes, str]:
    """The signed SK as the API serves it, and its text."""
    response = client(user).get(f"/api/cases/{case_id}/decree.pdf")
    assert response.status_code == 200, response
    pdf = b"".join(response.streaming_content)
    return pdf, body_text(pdf)


def sign(
    city, body: dict, *, clerk=None, facts=None, committee=None, attachments=()
) -> tuple[dict, bytes, str]:
    """Propose ``body`` and take it through its whole route; the case, the SK and its text."""
    case = propose(clerk or city.clerk, body, attachments)
    from django.utils import timezone

    facts = {"inauguration": {"inauguration_date": timezone.localdate().isoformat()}, **(facts or {})}
    route = Route(city=city, facts=facts, committee=committee or [])
    case = run_to_signature(route, case["id"])
    assert case["status"] in ("signed", "effective"), case
    pdf, text = decree_text(city.agency_clerk, case["id"])
    return case, pdf, text
