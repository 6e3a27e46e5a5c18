"""narrative: drafts the narrative of 政府信息公开工作年度报告 from structured input.

Public API (kept small): :func:`load` reads an input, :func:`check` applies the 勾稽 rules,
:class:`NarrativeError` is the one exception for unreadable or invalid input.
"""

from __future__ import annotations

from .checks import check
from .findings import Finding, Location, NarrativeError
from .loader import load
from .model import ReportInput

__all__ = ["Finding", "Location", "NarrativeError", "ReportInput", "check", "load"]
__version__ = "0.1.0"
