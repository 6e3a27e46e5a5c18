"""narrative: drafts the narrative of 政府信息公开工作年度报告 from structured input.

Public API (kept small): :func:`load` reads an input, :func:`check` applies the 勾稽 rules,
:func:`generate` drafts the narrative as a :class:`Draft`, and :class:`NarrativeError` is the one
exception for unreadable or invalid input.
"""

from __future__ import annotations

__version__ = "0.1.0"  # before the imports below: modules read it while the package initialises

from .checks import check
from .draft import Draft
from .findings import Finding, Location, NarrativeError
from .generate import generate
from .loader import load
from .model import ReportInput

__all__ = ["Draft", "Finding", "Location", "NarrativeError", "ReportInput", "check", "generate", "load"]
