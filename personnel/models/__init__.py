"""The personnel registry: who holds which position in which unit, and their histories.

These are the facts every route and rule reads. They change only through decisions (a signed
SK taking effect) or through the registry import; both leave a position history behind.

The models are split by subject into modules (one app, one label: ``personnel.Employee``);
import them from here.
"""

# A model of this app kept in its own module (personnel/family.py); imported last, as it
# imports the models above.
from ..family import FamilyMember  # noqa: E402
from ..holidays import PublicHoliday  # noqa: E402  (the working-day calendar, with its data)
from .employees import Employee, PositionHistory
from .organisation import EDUCATION_RANK, EducationLevel, OrgUnit, Position, Rank
from .records import (
    ActingAssignment,
    CompetencyAssessment,
    DisciplinarySanction,
    ElectedTerm,
    Proceeding,
    ServiceBond,
    SkpRating,
    Training,
)

__all__ = [
    "EDUCATION_RANK",
    "ActingAssignment",
    "CompetencyAssessment",
    "DisciplinarySanction",
    "EducationLevel",
    "ElectedTerm",
    "Employee",
    "FamilyMember",
    "OrgUnit",
    "Position",
    "PositionHistory",
    "Proceeding",
    "PublicHoliday",
    "Rank",
    "ServiceBond",
    "SkpRating",
    "Training",
]
