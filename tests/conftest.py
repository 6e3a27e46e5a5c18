"""Hypothesis profiles: ``dev`` (quick, random) by default, ``ci`` (more cases, derandomized) under CI.

Select explicitly with HYPOTHESIS_PROFILE=dev|ci|thorough.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
               print_blob=True)
settings.register_profile("dev", max_examples=60, **_COMMON)
settings.register_profile("ci", max_examples=400, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES

