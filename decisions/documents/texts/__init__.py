"""The words of each decision kind, one module per family of kinds.

A composer takes a ``Context`` (the case, its people, the region) and returns ``Parts``;
decisions/documents/compose.py adds what every decree shares (the closing Menimbang item,
the closing diktum, Memperhatikan from the case data, the signature, the copies).
"""

from __future__ import annotations

from collections.abc import Callable

from . import amendments, appointments, dismissals, pns, transfers
from .common import Context, Parts

COMPOSERS: dict[str, Callable[[Context], Parts]] = {
    "transfer": transfers.transfer,
    "transfer_out": transfers.transfer_out,
    "transfer_in": transfers.transfer_in,
    "appointment_structural": appointments.structural,
    "appointment_functional": appointments.functional,
    "appointment_jpt": appointments.jpt,
    "appointment_pns": pns.appointment,
    "dismissal_retirement": dismissals.retirement,
    "dismissal_own_request": dismissals.own_request,
    "dismissal_death": dismissals.death,
    "dismissal_discipline": dismissals.discipline,
    "dismissal_unfit": dismissals.unfit,
    "correction": amendments.correction,
    "revocation": amendments.revocation,
}
