"""Signing the SK: the signing stage's decision, in the three steps of ``decisions.issuing``.

1. Prepare, in a short transaction with the case locked: every check of a decision (the task
   open, the action available, who may sign, the policy rules -- run here so that nothing is
   signed that the rules would stop, and recorded at step 3), then claim the numbering slot,
   take the number, render.
2. Sign, with no transaction and no lock: BSrE may take seconds.
3. Finish, in a short transaction with the case locked: the same checks again (the case may
   have moved meanwhile), the rules recorded, the decree stored, the task completed, the ledger
   written. After a failure anywhere, the number goes back and nothing stays behind.

The typed passphrase (or one-time code) rides in ``decision.secret``, a ``OneTimeSecret``,
straight to the signer.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from audit import services as ledger
from decisions import issuing
from decisions.errors import Invalid
from decisions.models import Case
from decisions.signing import get_signer
from personnel.selectors import identity_of, signer_nik

from .tasks import Decision, decide_opened, gate, open_task


@sensitive_variables("decision")
def task_sign(*, task_id: int, actor: AbstractBaseUser, decision: Decision, who: dict | None = None) -> Case:
    """Sign the SK of the case waiting at ``task_id`` (``decision.action`` is "sign"). The
    signer's identity (``who``) is worked out once, for both steps and every event."""
    who = who or identity_of(actor)

    def prepare() -> issuing.Attempt:
        with ledger.atomic():
            opened = open_task(task_id=task_id, actor=actor, decision=decision, who=who)
            issuing.check_secret(decision.secret)

            def rules() -> None:
                # Now, to refuse before anything is signed; recorded at the finish, so that a
                # signing that fails leaves no event behind.
                with transaction.atomic():
                    gate(opened, actor, decision)
                    transaction.set_rollback(True)

            return issuing.decree_prepare(
                case=opened.case,
                signer=actor,
                assignment=opened.task.data.get("assignment", {}),
                checks=rules,
                who=who,
            )

    def finish(attempt: issuing.Attempt, signed_pdf: bytes) -> Case:
        with ledger.atomic():
            opened = open_task(task_id=task_id, actor=actor, decision=decision, who=who)
            return decide_opened(
                opened,
                actor,
                decision,
                issue=lambda case: issuing.decree_finish(
                    attempt=attempt, case=case, signer=actor, signed_pdf=signed_pdf, who=who
                ),
            )

    return issuing.run_signing(prepare=prepare, finish=finish, secret=decision.secret)


MSG_NO_CODES = _("The configured signer needs no one-time code.")


def signing_code_request(*, task_id: int, actor: AbstractBaseUser) -> None:
    """Ask BSrE to send the signer of ``task_id`` a one-time code for this one signing (to type
    as ``totp`` instead of the passphrase). The same checks as signing first; nothing is
    stored, and the call to BSrE is made after the short transaction of the checks."""
    with ledger.atomic():
        open_task(task_id=task_id, actor=actor, decision=Decision(action="sign"))
    signer = get_signer()
    if not hasattr(signer, "request_code"):
        raise Invalid(MSG_NO_CODES, code="no_codes")
    signer.request_code(nik=signer_nik(actor, on=timezone.localdate()))
