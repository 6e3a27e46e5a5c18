"""Helpers shared by the tests (not fixtures): finding codes and paths, raw-document cell access."""

from __future__ import annotations

from typing import Any

from narrative import NarrativeError, load
from narrative.tables import APPLICANT_COLUMNS

COLUMNS7 = APPLICANT_COLUMNS + ("total",)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def load_error(doc: Any, **kw) -> NarrativeError:
    """The NarrativeError that loading ``doc`` must raise."""
    try:
        load(doc, **kw)
    except NarrativeError as exc:
        return exc
    raise AssertionError("expected NarrativeError")


def only(findings, code: str):
    hits = [f for f in findings if f.code == code]
    assert len(hits) == 1, [f.format() for f in findings]
    return hits[0]


def minimal(**extra):
    """The smallest valid input document, with overrides."""
    doc = {"agency": {"name": "青山县人民政府", "kind": "government", "level": "county"}, "year": 2024}
    doc.update(extra)
    return doc
