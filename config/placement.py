"""The placement app's parameters (settings.SAHIH_PLACEMENT): the fit score's weights and the
boundaries of each factor.

The administrator may override a weight in the app (placement.ScoreWeight); each change, like
each change of the scoring code, makes a new score version, stored with any case started from
a ranking. docs/placement.md explains each factor.
"""

from __future__ import annotations

SAHIH_PLACEMENT = {
    # Relative weights of the fit score's factors (any non-negative numbers; the score is the
    # weighted mean of the factors, 0-100).
    "weights": {
        "education": 20,
        "rank": 10,
        "performance": 25,
        "training": 15,
        "experience": 10,
        "rotation": 10,
        "retirement": 10,
    },
    # Education: meeting the minimum level counts this much of the factor, one level above
    # or more the rest; the field of study is the other half.
    "education_level_at_minimum": 0.5,
    # SKP: the points of each rating, averaged over the last two rated years (0 if missing).
    "skp_points": {
        "sangat_baik": 1.0,
        "baik": 0.75,
        "butuh_perbaikan": 0.25,
        "kurang": 0.0,
        "sangat_kurang": 0.0,
    },
    # Experience: years in related posts (same kind or same OPD as the vacancy) for full marks.
    "experience_full_years": 5,
    # Retirement: years left before the retirement age (BUP) for full marks; none at or
    # below the lower bound.
    "retirement_full_years": 5,
    "retirement_zero_years": 1,
    # Rules the candidate list does not exclude on: they ask for documents the case's file
    # gathers after it is started (the panel's shortlist, the committee, the competency test,
    # the other region's letters). They still run at every gate of the case.
    "dossier_rules": ["competence", "external_file", "pertek"],
    # The candidates for a vacancy: the best this many (the rest of who passes the rules is
    # only counted), and of those each rule excludes, this many shown with the reason.
    "top_candidates": 20,
    "excluded_shown": 5,
    # How many candidates a JPT vacancy sends to the selection panel.
    "jpt_shortlist": 3,
    # Key posts for succession planning.
    "key_post_kinds": ["jpt_pratama", "administrator"],
    # Nine-box rows (potential) and columns (performance) from the top boxes fit for succession.
    "succession_boxes": [9, 8, 7],
}
