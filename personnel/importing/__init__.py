"""Importing units, positions and employees from CSV and XLSX files (docs/import.md)."""

from .errors import RowError
from .layouts import LAYOUTS
from .service import ImportResult, import_registry
from .sources import ImportFile

__all__ = ["LAYOUTS", "ImportFile", "ImportResult", "RowError", "import_registry"]
