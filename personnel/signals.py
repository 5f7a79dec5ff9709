"""Users are deactivated, never deleted: the ledger and viewflow's tasks refer to them."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

MSG_USER_DELETE = _(
    "Accounts are never deleted, because decisions and the audit trail refer to them. "
    "Deactivate the account instead."
)


class UserDeletionRefused(Exception):
    """Raised on any attempt to delete a user account."""


@receiver(pre_delete, sender=get_user_model())
def refuse_user_deletion(sender, instance, **kwargs):
    raise UserDeletionRefused(str(MSG_USER_DELETE))
