"""Shared helpers of the speed benchmarks (#10): every measure is a ratio against a baseline timed in the
same run, printed as min and median over repeats next to its target and bar."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def narrative_exe() -> str:
    """The ``narrative`` console script installed next to this interpreter."""
    exe = Path(sys.executable).with_name("narrative")
    if not exe.exists():
        raise SystemExit(f"no narrative console script next to {sys.executable}")
    return str(exe)


def stamp(title: str) -> None:
    import narrative

    print(f"# {title} — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, python {sys.version.split()[0]}, "
          f"narrative {getattr(narrative, '__version__', '?')} from {Path(narrative.__file__).parent}")


def verdict(value: float, target: float, bar: float, higher_is_better: bool = False) -> str:
    if higher_is_better:
        return "meets target" if value >= target else "within bar" if value >= bar else "BELOW BAR"
    return "meets target" if value <= target else "within bar" if value <= bar else "OVER BAR"


def ratio_line(label: str, ratios: Sequence[float], target: float, bar: float, *, higher_is_better: bool = False,
               unit: str = "x", note: str = "") -> str:
    """``label: min … median …  (target ≤ …, bar …)  verdict`` — the verdict judges the median."""
    lo, med = min(ratios), statistics.median(ratios)
    op = ">=" if higher_is_better else "<="
    fmt = (lambda v: f"{v:,.0f}{unit}") if max(ratios) >= 100 else (lambda v: f"{v:.2f}{unit}")
    return (f"  {label:<44} min {fmt(lo):>9}  median {fmt(med):>9}   target {op} {target:g}{unit}, bar {bar:g}{unit}"
            f"  -> {verdict(med, target, bar, higher_is_better)} (n={len(ratios)}){'  ' + note if note else ''}")


def span(values: Sequence[float], scale: float = 1e3, unit: str = "ms") -> str:
    return f"min {min(values) * scale:.2f} {unit}, median {statistics.median(values) * scale:.2f} {unit}"
