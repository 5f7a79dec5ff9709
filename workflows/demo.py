"""The demo city's workflow data: its performance assessment team (Tim Penilai Kinerja)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .flows import ASSESSMENT_COMMITTEE
from .models import Committee

# Heads of OPDs that never sit on an appointment's own route, so their votes never clash
# with the separation of duties (nobody decides two stages of one case).
DEMO_COMMITTEE_MEMBERS = ("kepala.bappeda", "kepala.dpmptsp", "kepala.dinsos")


def seed_committees() -> bool:
    """Create the demo's Tim Penilai Kinerja once; True when it was created now."""
    committee, created = Committee.objects.get_or_create(
        code=ASSESSMENT_COMMITTEE,
        defaults={"name": "Tim Penilai Kinerja PNS Kota Tanjungbalai", "rule": Committee.Rule.MAJORITY},
    )
    if created:
        committee.members.set(get_user_model().objects.filter(username__in=DEMO_COMMITTEE_MEMBERS))
    return created
