"""Who may use the inspector workspace: inspectors (the permission) and superusers.

Officials read a case's timeline on the normal case page, within their own scope; the
workspace reads every case and the whole ledger, so it is the inspectors' alone.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from decisions.errors import Refused
from decisions.selectors import is_inspector

MSG_NOT_INSPECTOR = _("Only inspectors may use the inspector workspace.")


def may_inspect(user: AbstractBaseUser) -> bool:
    """Whether the user may open the workspace (an active superuser holds every permission)."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or is_inspector(user)))


def check_may_inspect(user: AbstractBaseUser) -> None:
    if not may_inspect(user):
        raise Refused(MSG_NOT_INSPECTOR, code="not_inspector")
