"""The policy rules' parameters as shipped, each with its legal basis: next to the rules
that read them. ``settings.SAHIH_POLICY`` overrides any top-level key for a deployment
(config/settings.py sets the few read from the environment); ``engine.configured()`` merges the
two. The administrator may override any key again in the app (decisions.PolicyParameter; a dotted key
such as "override_roles.vacancy" sets one entry of a nested parameter); each change makes a
new rule-set version. Figures marked [R] are interpretations or unconfirmed: check them with
the region's legal office before relying on them. docs/rules.md lists every rule.
"""

from __future__ import annotations

_JF_LEVELS = [
    "pemula",
    "terampil",
    "mahir",
    "penyelia",
    "ahli_pertama",
    "ahli_muda",
    "ahli_madya",
    "ahli_utama",
]
_ANY_POST = ["pelaksana", "pengawas", "administrator", "jpt_pratama", "fungsional"]
DEFAULTS = {
    # Rule 11 (Peraturan BKN 5/2019): 2 to 5 years in a post.
    "min_years_in_post": 2,
    "max_years_in_post": 5,  # at or past this, the report flags "overdue for rotation"
    # Regions that adopted the I-MUT practice make "less than two years in post" binding.
    "time_in_post_blocks": False,  # config/settings.py: SAHIH_TIME_IN_POST_BLOCKS
    # Rule 7: PP 11/2017 sets no rank floor, so a rank outside the range only warns unless
    # the region makes it binding. Default ranges per kind (golongan codes) follow the
    # PP 13/2002 eselon table: JPT pratama II.b-II.a, administrator III.b-III.a, pengawas
    # IV.b-IV.a. A position's own min/max rank takes precedence.
    "rank_range_blocks": False,  # config/settings.py: SAHIH_RANK_RANGE_BLOCKS
    "rank_ranges": {"jpt_pratama": [42, 44], "administrator": [34, 42], "pengawas": [32, 34]},
    # Rule 5: minimum education where the position names none (PP 11/2017; PermenPANRB
    # 1/2023). JF by track: keahlian (ahli_*) and keterampilan.
    "education_minimum": {
        "jpt_pratama": "S1",
        "administrator": "S1",
        "pengawas": "D3",
        "keahlian": "S1",
        "keterampilan": "SLTA",
    },
    # Rule 6: experience, as cumulative years in the posts listed ("fungsional" is any JF
    # level, "fungsional:ahli_muda" one level). JF equivalents follow PermenPANRB 28/2019
    # (pengawas = ahli muda, administrator = ahli madya) [R]. "Related" experience for JPT
    # cannot be judged from the registry: every post counts there.
    "experience": {
        "administrator": [
            {
                "years": 3,
                "posts": [
                    "pengawas",
                    "administrator",
                    "jpt_pratama",
                    "fungsional:ahli_muda",
                    "fungsional:ahli_madya",
                    "fungsional:ahli_utama",
                ],
            }
        ],
        "pengawas": [{"years": 4, "posts": _ANY_POST}],
        "jpt_pratama": [
            {"years": 5, "posts": _ANY_POST},
            {
                "years": 2,
                "posts": ["administrator", "jpt_pratama", "fungsional:ahli_madya", "fungsional:ahli_utama"],
            },
        ],
        "functional_transfer": [{"years": 2, "posts": _ANY_POST}],
        "functional_transfer_restructuring": [{"years": 1, "posts": _ANY_POST}],
    },
    # Rule 8: SKP "baik" or better for the last 2 years; 1 year for a JF first appointment.
    "skp_years": 2,
    "skp_years_first_functional": 1,
    # Rule 8: the annual rating (predikat kinerja tahunan) of a year is set in the evaluation
    # after the year ends (PermenPANRB 6/2022, evaluasi kinerja tahunan), by this day of the
    # next year; until then a missing rating warns instead of blocking. The day, the end of
    # January, is the common practice of the e-Kinerja calendar [R: article not confirmed].
    "skp_rating_due": {"month": 1, "day": 31},
    # Rules 8 and 28: a CPNS is appointed PNS after a probation of a year (PP 11/2017 Ps. 34)
    # with a rating of at least "baik" for it [R: the usual requirement].
    "skp_years_cpns": 1,
    "cpns_probation_years": 1,
    # Rule 3: warn when the TMT pensiun falls within this many months of the effective date
    # (the 12 months are [R]).
    "retirement_warning_months": 12,
    # Rules 3 and 21 (UU 20/2023 Ps. 55; PP 11/2017 Ps. 239 as amended by PP 17/2020): BUP 58;
    # 60 for JPT and JF ahli madya; 65 for JF ahli utama.
    "bup_ages": {
        "default": 58,
        "jpt_pratama": 60,
        "ahli_madya": 60,
        "ahli_utama": 65,
    },
    # A JF whose own law sets its BUP keeps it (PP 11/2017 Ps. 239): by the position's
    # functional_type, per level, "default" for every other level of the type.
    "bup_ages_by_functional_type": {
        # UU 14/2005 Ps. 30 ayat (4): a teacher retires at 60.
        "guru": {"default": 60},
        # UU 14/2005 Ps. 67 ayat (4): a lecturer at 65; a professor at 70 (ayat (5) [R]), taken
        # as the JF dosen's ahli utama level [R].
        "dosen": {"default": 65, "ahli_utama": 70},
        # UU 11/2019 Ps. 53 ayat (1): researchers and engineers at 58 (ahli pertama and muda),
        # 65 (ahli madya) and 70 (ahli utama).
        "peneliti": {"default": 58, "ahli_madya": 65, "ahli_utama": 70},
        "perekayasa": {"default": 58, "ahli_madya": 65, "ahli_utama": 70},
    },
    # Rule 4 (PP 17/2020): a JPT pratama is at most 56 (completed years) at inauguration.
    "jpt_max_age": 56,
    # Rule 12 (UU 5/2014 Ps. 116; whether UU 20/2023 keeps it is [R]).
    "jpt_protection_years": 2,
    # Rule 15: the selection panel sends the best three per post (PP 11/2017 Ps. 127).
    "pansel_shortlist_size": 3,
    # Rule 16: leadership training per post, in increasing order; a higher one counts. The
    # time allowed to complete it after appointment is [R].
    "leadership_training": {"pengawas": "pkp", "administrator": "pka", "jpt_pratama": "pkn2"},
    "leadership_training_order": ["pkp", "pka", "pkn2"],
    "leadership_training_due_months": 12,
    # Rule 17 (PermenPANRB 1/2023): age caps for moving into a JF, by target level; ahli
    # utama is 60 from a JPT post and 63 between ahli utama JFs.
    "functional_transfer_max_age": {
        **{level: 53 for level in _JF_LEVELS[:6]},
        "ahli_madya": 55,
        "ahli_utama": 60,
        "ahli_utama_from_ahli_utama": 63,
    },
    # Rule 13 (UU 10/2016 Ps. 71, 162): the freeze runs from 6 months before the candidates
    # are set to the end of the term, and 6 months after an inauguration; a replacement
    # approved by the Minister is reported within 7 working days. Posts of a JF with an
    # additional leadership task (Kepala Puskesmas, Kepala Sekolah) are listed by code.
    "election_freeze_months_before": 6,
    "election_freeze_months_after": 6,
    "election_report_working_days": 7,
    "election_freeze_position_codes": [],
    # Rule 18 (SE Kepala BKN 3/SE/VIII/2019): the file of an inter-region transfer, by
    # attachment kind and how many of each.
    "external_transfer_file": {
        "request_letter": 1,
        "consent_letter": 1,
        "release_letter": 1,
        "job_analysis": 1,
        "clearance": 1,
        "no_discipline": 1,
        "no_study_leave": 1,
        "skp": 2,
    },
    # Rule 19: the kinds whose SK needs BKN's pertek before signing. Regions whose internal
    # transfers go through I-MUT add "transfer".
    "pertek_required_kinds": [
        "appointment_structural",
        "appointment_functional",
        "appointment_jpt",
        "transfer_in",
        # Not transfer_out: the city's release comes first; BKN's pertek goes to the receiving
        # side, whose Governor or Minister issues the final SK (SE Kepala BKN 3/SE/VIII/2019).
        "dismissal_retirement",
    ],
    # Rule 20 (PP 11/2017 Ps. 238-240): decide an APS within 14 working days; postpone it
    # by at most a year.
    "aps_decision_working_days": 14,
    "aps_max_postponement_years": 1,
    # Rule 23: who may sign besides the regional head in office. Acting officials by kind
    # (whether a Plh may sign personnel decisions is disputed [R]); delegates as
    # {"position": "SEKDA", "kinds": ["transfer"], "decree": "Perwali ..."} ("a.n.").
    "acting_may_sign": ["plt", "plh"],
    "signing_delegates": [],
    # Rule 26: the region's caps on incoming transfers (Pemprov Jatim: age 40, III/c,
    # teachers and health staff exempt); off while both caps are null.
    "incoming_transfer_caps": {"max_age": None, "max_rank": None, "exempt_units": [], "severity": "block"},
    # Rule 27 (UU 30/2014 Ps. 58 ayat (6): a decision does not take effect retroactively):
    # a TMT before the decision's own day blocks, except for the kinds whose TMT the law
    # sets from an event already past, listed with that law.
    "retroactive_allowed_kinds": {
        # The death itself ends the service: diberhentikan dengan hormat karena meninggal
        # dunia (Peraturan BKN 3/2020 Ps. 13) from the day recorded on the death certificate.
        "dismissal_death": "Peraturan BKN 3/2020 Ps. 13 (PNS yang meninggal dunia diberhentikan dengan hormat)",
        # The TMT pensiun follows from the birthday (rule 21): a late SK cannot move it.
        "dismissal_retirement": "UU 20/2023 Ps. 55; PP 11/2017 Ps. 239 (TMT pensiun menurut BUP)",
    },
    # Case dates a clerk may enter: no TMT more than this many years ahead (and none before
    # an employee's TMT CPNS); the rest is refused as a typing error.
    "effective_date_max_years_ahead": 2,
    # A block is overridden with a written justification of at least this many characters.
    "override_min_chars": 30,
    # Who may override a blocking finding, by rule; a rule not named here allows nobody.
    # Warnings need no role: the approver acknowledges them (or justifies, where required).
    "override_roles": {
        "time_in_post": ["official", "signer"],
        "rank_range": ["official", "signer"],
        "vacancy": ["signer"],
        "regional_caps": ["signer"],
        "retirement_age": [],
        "education": [],
    },
}
