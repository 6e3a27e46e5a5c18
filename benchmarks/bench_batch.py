"""Benchmark (#10): batch drafting, ``narrative draft DIR -o OUT --format markdown --full``, measured against
baselines timed in the same run (shared, noisy 2-core machines; timings never go into tests).

Prints, as min and median over interleaved repeats on a small set (1,000 inputs):
  * reports/s with all cores (target >= 1,000 on 2 cores, bar 600) and with one process (``--jobs 1``);
  * the scaling factor all cores / one process (target >= 0.9 x cores, bar 0.75 x cores);
  * the I/O floor: Python reading each input and writing an output file of the real output's size, and
    reading + ``yaml.safe_load`` (and the C loader narrative uses) of each input, in one process — their
    reports/s and our cost as a multiple of each (one process against one process);
then one run over the large set (``--count``, 10,000 by default): reports/s, and the peak RSS of the largest
process against the small set's (must be flat: target <= 1.1x, bar 1.25x). ``--docx`` adds a DOCX batch.

Run: ``python benchmarks/bench_batch.py [--quick] [--count 10000] [--small 1000] [--repeat 3] [--docx]``
(default about 3 minutes at ~100 reports/s, less as narrative gets faster; ``--quick`` ~30 s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from narrative.testing import sample_documents

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import narrative_exe, ratio_line, stamp  # noqa: E402

PLACES = "东南西北中前后上下新老大小高长平安和兴隆福寿康宁"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
CLOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def write_inputs(directory: Path, count: int, docs: list[dict]) -> None:
    """``count`` YAML inputs, cycling through ``docs`` with a distinct township name for each file."""
    directory.mkdir(parents=True)
    texts = []  # each document dumped once, its agency name a placeholder filled per file
    for d in docs:
        doc = json.loads(json.dumps(d, default=str))  # Decimal amounts as decimal text
        doc["agency"] = {"name": "AGENCYNAME", "kind": "government", "level": "township"}
        if "previous_year" in doc:
            doc["previous_year"] = {**doc["previous_year"], "agency": doc["agency"]}
        texts.append(yaml.dump(doc, Dumper=DUMPER, allow_unicode=True))
    for i in range(count):
        name = f"{PLACES[i % len(PLACES)]}{PLACES[(i // len(PLACES)) % len(PLACES)]}{i}镇人民政府"
        text = texts[i % len(texts)].replace("AGENCYNAME", name)
        (directory / f"r{i:05d}.yaml").write_text(text, encoding="utf-8")


def linked(source: Path, directory: Path, count: int) -> Path:
    """A directory holding the first ``count`` inputs of ``source`` (hard links, no copies)."""
    directory.mkdir()
    for path in sorted(source.iterdir())[:count]:
        os.link(path, directory / path.name)
    return directory


def timed_run(inputs: Path, out: Path, fmt: str, jobs: int | None = None) -> tuple[float, int]:
    """Seconds for one CLI batch run, and the peak RSS (KiB) of the largest process it started."""
    cmd = [narrative_exe(), "draft", str(inputs), "-o", str(out), "--format", fmt, "--full"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    code = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode);"
        "sys.stderr.write(r.stderr.decode(errors='replace')[-2000:])"
    )
    result = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    seconds, peak, returncode = result.stdout.split()
    if returncode != "0":
        raise SystemExit(f"batch failed ({returncode}): {result.stderr[-2000:]}")
    return float(seconds), int(peak)


def floor_io(inputs: list[Path], sizes: list[int], out: Path) -> float:
    """Read each input, write an output file of the real output's size (same directory layout)."""
    out.mkdir()
    start = time.perf_counter()
    for path, size in zip(inputs, sizes):
        path.read_text(encoding="utf-8")
        (out / (path.stem + ".md")).write_bytes(b"x" * size)
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return seconds


def floor_parse(inputs: list[Path], loader: type | None = None) -> float:
    """Read and parse each input: ``yaml.safe_load`` (pure Python) or ``yaml.load`` with ``loader``."""
    start = time.perf_counter()
    for path in inputs:
        text = path.read_text(encoding="utf-8")
        yaml.safe_load(text) if loader is None else yaml.load(text, Loader=loader)  # noqa: S506 - safe loaders
    return time.perf_counter() - start


def output_sizes(out: Path, inputs: list[Path]) -> list[int]:
    files = {p.stem: p.stat().st_size for p in out.rglob("*") if p.is_file()}
    if len(files) < len(inputs):
        raise SystemExit(f"only {len(files)} outputs for {len(inputs)} inputs in {out}")
    return [files[p.stem] for p in inputs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sets and one repeat (< 40 s)")
    parser.add_argument("--count", type=int, help="inputs of the large run (default 10,000, quick 1,000)")
    parser.add_argument("--small", type=int, help="inputs of the repeated small runs (default 1,000, quick 200)")
    parser.add_argument("--repeat", type=int, help="interleaved repeats on the small set (default 3, quick 2)")
    parser.add_argument("--distinct", type=int, help="distinct generated documents (default 300, quick 40)")
    parser.add_argument("--docx", action="store_true", help="also a DOCX batch (slow)")
    parser.add_argument("--docx-count", type=int, default=1000)
    args = parser.parse_args()
    count = args.count or (1000 if args.quick else 10_000)
    small = args.small or (200 if args.quick else 1000)
    repeat = args.repeat or (2 if args.quick else 3)
    distinct = args.distinct or (40 if args.quick else 300)
    cores = os.cpu_count() or 1

    started = time.perf_counter()
    stamp("bench_batch" + (" --quick" if args.quick else ""))
    work = Path(tempfile.mkdtemp(prefix="narrative-bench-"))
    try:
        docs = sample_documents(distinct, derandomize=True)
        big = work / "big"
        write_inputs(big, max(count, small, args.docx_count if args.docx else 0), docs)
        small_dir = linked(big, work / "small", small)
        small_inputs = sorted(small_dir.iterdir())
        print(f"inputs: {distinct} distinct generated documents (derandomized) cycled into {count:,} YAML files "
              f"with distinct agency names ({time.perf_counter() - started:.0f} s to prepare); {cores} cores")

        parse_inputs = small_inputs[:100]
        rate_all, rate_one, peaks = [], [], []
        f_io, f_safe, f_c = [], [], []
        for i in range(repeat):
            seconds, peak = timed_run(small_dir, work / f"o-all-{i}", "markdown")
            rate_all.append(small / seconds)
            peaks.append(peak)
            if i == 0:
                sizes = output_sizes(work / "o-all-0", small_inputs)
            shutil.rmtree(work / f"o-all-{i}")
            seconds, _ = timed_run(small_dir, work / f"o-one-{i}", "markdown", jobs=1)
            rate_one.append(small / seconds)
            shutil.rmtree(work / f"o-one-{i}")
            f_io.append(small / floor_io(small_inputs, sizes, work / f"o-floor-{i}"))
            f_safe.append(len(parse_inputs) / floor_parse(parse_inputs))  # pure Python: a subset
            f_c.append(small / floor_parse(small_inputs, CLOADER))

        med = statistics.median
        print(f"markdown --full, {small:,} inputs, {repeat} interleaved repeats "
              f"(outputs {med(sizes) / 1024:.1f} KiB median):")
        print(ratio_line(f"reports/s, all {cores} cores", rate_all, 1000, 600, higher_is_better=True, unit=""))
        print(f"  {'reports/s, one process (--jobs 1)':<44} min {min(rate_one):9.2f}  median {med(rate_one):9.2f}")
        print(ratio_line("scaling, all cores / one process", [a / o for a, o in zip(rate_all, rate_one)],
                         0.9 * cores, 0.75 * cores, higher_is_better=True))
        print(f"  floors, one Python process: read + write same-size output {med(f_io):,.0f} reports/s; "
              f"read + yaml.safe_load {med(f_safe):,.0f}/s (first {len(parse_inputs)}); read + yaml CSafeLoader {med(f_c):,.0f}/s")
        for label, floor in (("read+write", f_io), ("read+safe_load", f_safe), ("read+CSafeLoader", f_c)):
            print(f"  {'cost / floor ' + label + ', one process':<44} "
                  f"min {min(f / o for f, o in zip(floor, rate_one)):8.1f}x  "
                  f"median {med([f / o for f, o in zip(floor, rate_one)]):8.1f}x   "
                  f"(all cores against the one-process floor: median "
                  f"{med([f / a for f, a in zip(floor, rate_all)]):.1f}x)")

        target = big if count >= len(list(big.iterdir())) else linked(big, work / "md-in", count)
        seconds, peak_big = timed_run(target, work / "o-big", "markdown")
        shutil.rmtree(work / "o-big")
        print(f"markdown --full, {count:,} inputs, all cores, one run: {count / seconds:,.0f} reports/s "
              f"({seconds:.1f} s; small-set median {med(rate_all):,.0f}/s)")
        print(f"  peak RSS of the largest process: {med(peaks) / 1024:.0f} MiB for {small:,} inputs (median), "
              f"{peak_big / 1024:.0f} MiB for {count:,}")
        print(ratio_line(f"peak RSS {count:,} / {small:,} inputs", [peak_big / p for p in peaks], 1.1, 1.25))

        if args.docx:
            docx_dir = linked(big, work / "docx-in", args.docx_count)
            seconds, peak_docx = timed_run(docx_dir, work / "o-docx", "docx")
            print(f"docx --full, {args.docx_count:,} inputs, all cores: {args.docx_count / seconds:.1f} reports/s "
                  f"(earlier target >= 20); peak RSS {peak_docx / 1024:.0f} MiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"# done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
