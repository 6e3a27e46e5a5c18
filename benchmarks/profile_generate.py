"""Where a warm draft's time goes (#10): µs per draft for each stage of ``generate``, median over the bundled
examples and derandomized generated reports.

Stages are timed by wrapping, in the ``narrative.generate`` module's namespace, ``check``, ``build_context``,
``plan`` and ``_paragraph`` (realisation); the remainder is the draft's time outside them. Inside realisation,
``narrative.realise.Realiser.render`` and ``narrative.typography.typeset`` / ``ensure_sentence_end`` are timed
too (in every narrative module that bound them). A name that no longer exists (the source is changing) prints
n/a. ``--cprofile`` prints the top 25 functions by own time instead.

Run: ``python benchmarks/profile_generate.py [--quick] [--reports N] [--repeat R] [--cprofile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import pstats
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import narrative
from narrative.testing import sample_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import EXAMPLES, stamp  # noqa: E402

STAGES = [("check", "narrative.generate", "check"),
          ("build_context", "narrative.generate", "build_context"),
          ("plan", "narrative.generate", "plan"),
          ("realisation (_paragraph)", "narrative.generate", "_paragraph")]
INNER = [("  Realiser.render", "narrative.realise", "Realiser.render"),
         ("  typeset", "narrative.typography", "typeset"),
         ("  ensure_sentence_end", "narrative.typography", "ensure_sentence_end")]


class Timers:
    """Outermost-call wall time and call count per label, for wrapped functions."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.depth: dict[str, int] = defaultdict(int)
        self.undo: list[Callable[[], None]] = []
        self.missing: set[str] = set()

    def reset(self) -> None:
        self.seconds.clear()
        self.calls.clear()

    def wrapper(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        seconds, calls, depth, clock = self.seconds, self.calls, self.depth, time.perf_counter

        def timed(*args: Any, **kwargs: Any) -> Any:
            if depth[label]:
                return fn(*args, **kwargs)
            depth[label] += 1
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[label] += clock() - start
                calls[label] += 1
                depth[label] -= 1

        return timed

    def install(self, label: str, module_name: str, name: str) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            self.missing.add(label)
            return
        if "." in name:  # Class.method
            cls_name, method = name.split(".", 1)
            cls = getattr(module, cls_name, None)
            fn = cls.__dict__.get(method) if isinstance(cls, type) else None
            if not callable(fn):
                self.missing.add(label)
                return
            setattr(cls, method, self.wrapper(label, fn))
            self.undo.append(lambda: setattr(cls, method, fn))
            return
        fn = getattr(module, name, None)
        if not callable(fn):
            self.missing.add(label)
            return
        timed = self.wrapper(label, fn)
        # wrap it wherever a narrative module bound it by name (from .typography import typeset)
        for mod in [m for n, m in sys.modules.items() if n == "narrative" or n.startswith("narrative.")]:
            for attr, value in list(vars(mod).items()):
                if value is fn:
                    setattr(mod, attr, timed)
                    self.undo.append(lambda mod=mod, attr=attr: setattr(mod, attr, fn))

    def remove(self) -> None:
        for undo in reversed(self.undo):
            undo()
        self.undo.clear()


def measure(reports: list[Any], repeat: int, timers: Timers) -> list[dict[str, float]]:
    """Per report: the median over ``repeat`` warm drafts of each label's seconds (and of the whole)."""
    rows = []
    for report in reports:
        samples: dict[str, list[float]] = defaultdict(list)
        for _ in range(repeat):
            timers.reset()
            start = time.perf_counter()
            draft = narrative.generate(report)
            whole = time.perf_counter() - start
            start = time.perf_counter()
            draft.to_text()
            samples["to_text"].append(time.perf_counter() - start)
            samples["generate"].append(whole)
            for label, value in timers.seconds.items():
                samples[label].append(value)
                samples["calls " + label].append(timers.calls[label])
            staged = sum(timers.seconds.get(label, 0.0) for label, _, _ in STAGES)
            samples["remainder"].append(whole - staged)
        rows.append({label: statistics.median(values) for label, values in samples.items()})
    return rows


def baseline(reports: list[Any], repeat: int) -> list[float]:
    """Per report, the median seconds of an uninstrumented warm ``generate``."""
    out = []
    for report in reports:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            narrative.generate(report)
            times.append(time.perf_counter() - start)
        out.append(statistics.median(times))
    return out


def cell(rows: list[dict[str, float]], label: str, missing: set[str]) -> str:
    if label in missing:
        return "n/a"
    values = [row.get(label, 0.0) for row in rows]
    return f"{statistics.median(values) * 1e6:,.0f}"


def share(rows: list[dict[str, float]], label: str, missing: set[str]) -> str:
    if label in missing:
        return "n/a"
    total = sum(row["generate"] for row in rows)
    return f"{sum(row.get(label, 0.0) for row in rows) / total:6.1%}"


def run_cprofile(reports: list[Any], passes: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(passes):
        for report in reports:
            narrative.generate(report).to_text()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    print(f"cProfile of {passes} warm passes over {len(reports)} reports (generate + to_text), "
          f"top 25 by tottime:")
    text = out.getvalue()
    print(text[text.find("   ncalls"):].rstrip() if "   ncalls" in text else text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reports", type=int, help="generated reports besides the examples (default 200, quick 40)")
    parser.add_argument("--repeat", type=int, help="warm drafts per report (default 5, quick 3)")
    parser.add_argument("--cprofile", action="store_true", help="print the top 25 functions by tottime")
    args = parser.parse_args()
    n = args.reports if args.reports is not None else 40 if args.quick else 200
    repeat = args.repeat or (3 if args.quick else 5)

    started = time.perf_counter()
    stamp("profile_generate" + (" --quick" if args.quick else "") + (" --cprofile" if args.cprofile else ""))
    groups = {"examples": [narrative.load(p) for p in EXAMPLES],
              "generated": [narrative.load(d) for d in sample_documents(n, derandomize=True)]}
    everything = groups["examples"] + groups["generated"]
    for report in everything:  # warm: bank, compiled phrases, lazy imports
        narrative.generate(report).to_text()
    if args.cprofile:
        run_cprofile(everything, repeat)
        print(f"# done in {time.perf_counter() - started:.0f} s")
        return

    before = {name: baseline(reports, repeat) for name, reports in groups.items()}
    timers = Timers()
    for label, module, name in STAGES + INNER:
        timers.install(label, module, name)
    try:
        rows = {name: measure(reports, repeat, timers) for name, reports in groups.items()}
    finally:
        timers.remove()
    after = {name: baseline(reports, repeat) for name, reports in groups.items()}  # before and after: drift
    plain = {name: [min(x, y) for x, y in zip(before[name], after[name])] for name in groups}
    rows["all"] = rows["examples"] + rows["generated"]
    plain["all"] = plain["examples"] + plain["generated"]
    missing = timers.missing

    print(f"µs per warm draft, median over reports (each report: median of {repeat} drafts); "
          f"{len(groups['examples'])} examples, {len(groups['generated'])} generated")
    print(f"  {'stage':<28}{'examples':>10}{'generated':>11}{'all':>9}  {'share of generate (sums, all)':>30}")
    labels = [label for label, _, _ in STAGES] + ["remainder", "generate", "to_text"]
    for label in labels:
        print(f"  {label:<28}" + "".join(f"{cell(rows[g], label, missing):>{w}}" for g, w in
                                         (("examples", 10), ("generated", 11), ("all", 9)))
              + f"  {share(rows['all'], label, missing):>30}")
    print(f"  {'generate, not instrumented':<28}" + "".join(
        f"{statistics.median(plain[g]) * 1e6:>{w},.0f}" for g, w in (("examples", 10), ("generated", 11), ("all", 9))))
    print("  within realisation (nested, not added to the stages):")
    for label, _, _ in INNER:
        calls = "n/a" if label in missing else \
            f"{statistics.median(row.get('calls ' + label, 0) for row in rows['all']):.0f}"
        print(f"  {label:<28}" + "".join(f"{cell(rows[g], label, missing):>{w}}" for g, w in
                                         (("examples", 10), ("generated", 11), ("all", 9)))
              + f"  {share(rows['all'], label, missing):>30}   calls/draft {calls}")
    print("  * per report the lower of two medians, timed before and after the instrumented drafts")
    if missing:
        print(f"  n/a: {', '.join(sorted(m.strip() for m in missing))} not found in the current source")
    print(f"# done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
