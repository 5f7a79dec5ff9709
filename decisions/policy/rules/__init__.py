"""The rule catalogue (reference/domain.md §6), as code, one module per theme. Parameters
come from ``defaults.py`` (replaced key by key by ``settings.SAHIH_POLICY``) and the
administrator's overrides; nothing in the rules is a bare number. Importing this package registers every rule with the engine.

| #  | rule id(s)                               | module    |
|----|------------------------------------------|-----------|
| 1  | nip                                      | status    |
| 2  | active_status                            | status    |
| 2  | cpns_status, temporary_dismissal         | standing  |
| 3  | retirement_age                           | status    |
| 4  | jpt_age                                  | status    |
| 5  | education                                | fitness   |
| 6  | experience                               | fitness   |
| 7  | rank_range                               | fitness   |
| 8  | performance                              | merit     |
| 9  | discipline                               | conduct   |
| 10 | service_bond                             | conduct   |
| 11 | time_in_post                             | tenure    |
| 12 | jpt_protection                           | tenure    |
| 13 | election_freeze, acting_head_approval    | election  |
| 14 | vacancy                                  | tenure    |
| 15 | competence                               | merit     |
| 16 | leadership_training                      | merit     |
| 17 | functional_age                           | merit     |
| 18 | external_file                            | dossier   |
| 19 | pertek                                   | dossier   |
| 20 | aps                                      | conduct   |
| 21 | bup_date                                 | status    |
| 22 | concurrent_posts                         | tenure    |
| 23 | signer_authority                         | authority |
| 26 | regional_caps                            | dossier   |
| 27 | retroactive                              | timing    |
| 28 | pns_appointment                          | standing  |
| 31 | death_tmt                                | decree_facts |
| 32 | pension_particulars                      | decree_facts |
| 33 | functional_regulation                    | decree_facts |
| 34 | after_current_post                       | timing    |

Rules 24 (SK numbering) and 25 (conflict of interest) are not here; authority.py says why.
"""

from . import (  # noqa: F401
    authority,
    conduct,
    decree_facts,
    dossier,
    election,
    fitness,
    merit,
    standing,
    status,
    tenure,
    timing,
)
