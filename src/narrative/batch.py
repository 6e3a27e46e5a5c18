"""Drafting many inputs at once (a supervising office drafting or checking its subordinates' reports).

Every input is drafted independently in a pool of worker processes (all cores); a bad input never stops
the batch — its failure and reason are collected and listed at the end. Each output is written atomically
and never replaces an existing file without ``force``. Results stream back one small record per input, so
memory does not grow with the number of inputs.
"""

from __future__ import annotations

import glob
import itertools
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from .findings import NarrativeError
from .generate import generate
from .output import write_atomic, write_atomic_bytes
from .phrasebank import load_bank

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".xlsx")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html", "docx": ".docx"}


@dataclass(frozen=True)
class Job:
    source: str
    target: str
    format: str
    full: bool
    seed: int | None
    phrasebank: str | None
    force: bool
    strict: bool = False  # a draft with a 【待补充：…】 left fails (D-STRICT) and is not written


@dataclass(frozen=True)
class Outcome:
    source: str
    target: str
    ok: bool
    reason: str = ""
    warnings: int = 0


def _input_files(directory: str) -> list[str]:
    found = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        found.extend(os.path.join(root, name) for name in sorted(files)
                     if os.path.splitext(name)[1].lower() in INPUT_SUFFIXES
                     and not name.startswith("~$"))  # Excel/WPS lock file of an open workbook
    return found


def expand(arguments: Iterable[str]) -> tuple[list[str], list[str]]:
    """Input files named by paths, directories (their input files, recursively) or glob patterns; and the
    arguments that matched nothing. Names are kept as plain strings: a batch of 100,000 inputs holds only
    their names, not Path objects."""
    found: list[str] = []
    unmatched: list[str] = []
    seen: set[str] = set()
    for arg in arguments:
        if os.path.isdir(arg):
            hits = _input_files(arg)
        elif os.path.exists(arg):
            hits = [arg]
        elif glob.has_magic(arg):
            hits = sorted(p for p in glob.glob(arg, recursive=True)
                          if os.path.splitext(p)[1].lower() in INPUT_SUFFIXES and os.path.isfile(p))
        else:
            hits = []
        if not hits:
            unmatched.append(arg)
        for hit in hits:
            real = os.path.realpath(hit)
            if real not in seen:
                seen.add(real)
                found.append(hit)
    return found, unmatched


def plan_outputs(inputs: list[str], outdir: str, fmt: str) -> tuple[list[str], list[str]]:
    """The output file of each input (named after its stem), and the clashes two inputs would cause."""
    targets, clashes, taken = [], [], {}
    for source in inputs:
        stem = os.path.splitext(os.path.basename(source))[0]
        target = os.path.join(outdir, stem + EXTENSIONS[fmt])
        if target in taken:
            clashes.append(f"{taken[target]} 和 {source} 都会写入 {target}")
        taken[target] = source
        targets.append(target)
    return targets, clashes


def render_to(draft: object, fmt: str, target: str, force: bool, durable: bool = True) -> None:
    """Write one draft atomically (a temporary file, then a rename or a no-clobber link)."""
    if fmt == "docx":
        import io

        buffer = io.BytesIO()
        draft.to_docx(buffer)  # type: ignore[attr-defined]
        write_atomic_bytes(target, buffer.getvalue(), overwrite=force, durable=durable)
        return
    text = {"text": draft.to_text, "markdown": draft.to_markdown, "json": draft.to_json,  # type: ignore[attr-defined]
            "html": draft.to_html}[fmt]()  # type: ignore[attr-defined]
    write_atomic(target, text, overwrite=force, durable=durable)


def run_job(job: Job) -> Outcome:
    """Draft one input; every failure becomes an Outcome with its reason, never an exception."""
    try:
        if not job.force and os.path.exists(job.target):
            return Outcome(job.source, job.target, False, "输出文件已存在（确需覆盖请加 --force）")
        draft = generate(job.source, seed=job.seed, phrasebank=job.phrasebank, full=job.full, locate=False)
        if job.strict and draft.todos():
            return Outcome(job.source, job.target, False,
                           f"D-STRICT：草稿仍有{len(draft.todos())}处【待补充：…】标记，--strict 下未写入")
        render_to(draft, job.format, job.target, job.force, durable=False)
        return Outcome(job.source, job.target, True, warnings=len(draft.warnings))
    except NarrativeError as exc:
        errors = exc.errors or exc.findings
        first = errors[0]
        more = f"（另有{len(errors) - 1}处）" if len(errors) > 1 else ""
        return Outcome(job.source, job.target, False, f"{first.code} {first.location.dotted}：{first.message}{more}")
    except FileExistsError:
        return Outcome(job.source, job.target, False, "输出文件已存在（确需覆盖请加 --force）")
    except OSError as exc:
        return Outcome(job.source, job.target, False, f"无法写入：{exc.strerror}")
    except Exception as exc:  # noqa: BLE001 - a batch must report every input, whatever went wrong
        return Outcome(job.source, job.target, False, f"内部错误：{type(exc).__name__}: {exc}")


class Progress:
    """A one-line progress bar on a terminal; silent otherwise (logs and pipes stay clean)."""

    def __init__(self, total: int, stream: IO[str] | None = None, enabled: bool | None = None) -> None:
        stream = stream or sys.stderr  # looked up per call: a default bound at import outlives a swapped stderr
        self.total, self.done, self.failed, self.stream = total, 0, 0, stream
        self.enabled = stream.isatty() if enabled is None else enabled

    def step(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        if self.enabled and (self.done == self.total or self.done % 7 == 0):
            filled = int(30 * self.done / max(self.total, 1))
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} 失败{self.failed}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def run(jobs: Iterable[Job], workers: int | None = None, progress: Progress | None = None,
        count: int | None = None) -> Iterator[Outcome]:
    """Run jobs (a list, or a lazy iterable of ``count`` jobs) on ``workers`` processes (default: all
    cores), yielding outcomes as they finish."""
    workers = workers or os.cpu_count() or 1
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return
    jobs = itertools.chain([first], jobs)
    if workers == 1 or (count is not None and count < 4):
        for job in jobs:
            outcome = run_job(job)
            if progress:
                progress.step(outcome.ok)
            yield outcome
        return
    try:  # parse and compile the bank once here, so forked workers inherit it
        load_bank(first.phrasebank)
    except NarrativeError:
        pass  # every job will report it
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    with context.Pool(workers) as pool:
        for outcome in pool.imap_unordered(run_job, jobs, chunksize=8):
            if progress:
                progress.step(outcome.ok)
            yield outcome
