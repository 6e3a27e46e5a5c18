"""Drafting many inputs at once (a supervising office drafting or checking its subordinates' reports).

Every input is drafted independently in a pool of worker processes (all cores); a bad input never stops
the batch — its failure and reason are collected and listed at the end. Each input has a time and memory
budget (:data:`JOB_SECONDS`, :data:`JOB_MEMORY`): a worker that runs over, dies (the OOM killer) or hangs
is killed and replaced, and that input is reported as failed; the batch never waits forever. Each output
is written atomically and never replaces an existing file without ``force``. Results stream back one small
record per input, so memory does not grow with the number of inputs.
"""

from __future__ import annotations

import collections
import fnmatch
import glob
import itertools
import os
import re
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from .findings import NarrativeError
from .generate import generate
from .output import NotReplaceable, remove_temporaries, write_atomic, write_atomic_bytes
from .phrasebank import load_bank

INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".toml", ".xlsx", ".docx")
EXTENSIONS = {"text": ".txt", "markdown": ".md", "json": ".json", "html": ".html", "docx": ".docx"}
#: Wall-clock seconds one input may take in a batch (NARRATIVE_JOB_SECONDS overrides).
JOB_SECONDS = 120.0
#: Address space of a batch worker, in bytes (NARRATIVE_JOB_MEMORY_MB overrides).
JOB_MEMORY = 2048 * 1024 * 1024


def job_seconds() -> float:
    try:
        return max(0.1, float(os.environ.get("NARRATIVE_JOB_SECONDS", JOB_SECONDS)))
    except ValueError:
        return JOB_SECONDS


def job_memory() -> int:
    try:
        return max(64, int(os.environ["NARRATIVE_JOB_MEMORY_MB"])) * 1024 * 1024
    except (KeyError, ValueError):
        return JOB_MEMORY


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
            hits = sorted(p for p in _glob(arg)
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


def _glob(pattern: str) -> list[str]:
    """``glob.glob`` without following symlinked directories under ``**`` (a link to a parent is a loop)."""
    if "**" not in pattern:
        return glob.glob(pattern)
    parts = pattern.split(os.sep)
    fixed = list(itertools.takewhile(lambda part: not glob.has_magic(part), parts))
    root = os.sep.join(fixed) or ("" if not pattern.startswith(os.sep) else os.sep)
    rest = parts[len(fixed):]
    regex = re.compile(_pattern_regex(rest))
    found = []
    for directory, dirs, files in os.walk(root or ".", followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, root or ".")
            if regex.fullmatch(relative.replace(os.sep, "/")):
                found.append(path if root else os.path.normpath(path))
    return found


def _pattern_regex(parts: list[str]) -> str:
    out = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:.*/)?")
            continue
        body = fnmatch.translate(part)[4:-3]  # strip (?s: … )\Z
        body = body.replace(".*", "[^/]*").replace("(?s:.)", "[^/]")
        out.append(body if last else body + "/")
    return "".join(out)


def plan_outputs(inputs: list[str], outdir: str, fmt: str) -> tuple[list[str], list[str]]:
    """The output file of each input: named after its stem; inputs whose stems clash mirror their folders
    (relative to the folder all inputs share) under ``outdir``, and keep their suffix if that still
    clashes. The second value lists clashes that remain (none, in practice)."""
    ext = EXTENSIONS[fmt]
    stems = [os.path.splitext(os.path.basename(source))[0] for source in inputs]
    count: dict[str, int] = {}
    for stem in stems:
        count[stem] = count.get(stem, 0) + 1
    folders = [os.path.dirname(os.path.abspath(source)) for source in inputs]
    try:
        common = os.path.commonpath(folders) if folders else ""
    except ValueError:
        common = ""
    candidates = []
    for source, stem, folder in zip(inputs, stems, folders):
        if count[stem] == 1:
            candidates.append(os.path.join(outdir, stem + ext))
        else:
            candidates.append(os.path.join(outdir, os.path.relpath(folder, common) if common else "", stem + ext))
    seen: dict[str, int] = {}
    for target in candidates:
        seen[target] = seen.get(target, 0) + 1
    targets, clashes, taken = [], [], {}
    for source, target in zip(inputs, candidates):
        if seen[target] > 1:  # a.yaml and a.json in one folder
            target = os.path.join(os.path.dirname(target), os.path.basename(source) + ext)
        target = os.path.normpath(target)
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
        if not job.force and os.path.lexists(job.target):
            return Outcome(job.source, job.target, False, "输出文件已存在（确需覆盖请加 --force）")
        draft = generate(job.source, seed=job.seed, phrasebank=job.phrasebank, full=job.full, locate=False)
        if job.strict and draft.todos():
            return Outcome(job.source, job.target, False,
                           f"D-STRICT：草稿仍有{len(draft.todos())}处【待补充：…】标记，--strict 下未写入")
        os.makedirs(os.path.dirname(job.target) or ".", exist_ok=True)  # a mirrored folder
        render_to(draft, job.format, job.target, job.force, durable=False)
        return Outcome(job.source, job.target, True, warnings=len(draft.warnings))
    except NarrativeError as exc:
        errors = exc.errors or exc.findings
        first = errors[0]
        more = f"（另有{len(errors) - 1}处）" if len(errors) > 1 else ""
        return Outcome(job.source, job.target, False, f"{first.code} {first.location.dotted}：{first.message}{more}")
    except NotReplaceable:
        return Outcome(job.source, job.target, False, "输出位置已有目录、设备或管道等非普通文件，--force 也不替换")
    except FileExistsError:
        return Outcome(job.source, job.target, False, "输出文件已存在（确需覆盖请加 --force）")
    except OSError as exc:
        return Outcome(job.source, job.target, False, f"无法写入：{exc.strerror}")
    except MemoryError:
        return Outcome(job.source, job.target, False, "内存超过每份输入的上限，未起草")
    except Exception as exc:  # noqa: BLE001 - a batch must report every input, whatever went wrong
        return Outcome(job.source, job.target, False, f"内部错误：{type(exc).__name__}")


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


def _worker(conn: Any, parent_end: Any, memory: int) -> None:
    """A batch worker: drafts the jobs it receives, one at a time, until told to stop or its parent is
    gone. Ctrl-C is the parent's to handle; the address space is capped so that one input cannot take
    the machine."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_end.close()  # inherited by fork: kept open, it would hide the parent's death (no EOF, ever)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(run_job(job))


#: Jobs queued on one worker at a time: the running one and the next (so a worker never waits for the
#: parent between two inputs). Only the running one's clock runs; the next is handed on if its worker dies.
_DEPTH = 2


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any
    directories: set[str] = field(default_factory=set)
    queue: collections.deque[Job] = field(default_factory=collections.deque)
    deadline: float = 0.0


def _wait(objects: list[Any], timeout: float) -> list[Any]:
    from multiprocessing.connection import wait

    return wait(objects, timeout=timeout)


class _Pool:
    """Worker processes that can each be killed and replaced without disturbing the others."""

    def __init__(self, size: int, memory: int, seconds: float) -> None:
        import multiprocessing  # only a batch of several inputs starts workers (a draft of one does not)

        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        self.context = multiprocessing.get_context(method)
        self.memory, self.seconds = memory, seconds
        self.workers: list[_Worker] = []
        try:
            for _ in range(size):
                self.workers.append(self.spawn())
        except BaseException:  # Ctrl-C while starting: stop those already started
            self.close()
            raise

    def spawn(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(theirs, mine, self.memory), daemon=True)
        try:
            process.start()
        finally:
            theirs.close()
        return _Worker(process, mine)

    def give(self, worker: _Worker, job: Job) -> None:
        if not worker.queue:
            worker.deadline = time.monotonic() + self.seconds
        worker.queue.append(job)
        worker.directories.add(os.path.dirname(os.path.abspath(job.target)))
        try:
            worker.conn.send(job)
        except OSError:  # the worker died meanwhile: the job stays queued and is handed on with the others
            pass

    def done(self, worker: _Worker) -> Job:
        """The running job finished: the next queued one starts its clock."""
        job = worker.queue.popleft()
        worker.deadline = time.monotonic() + self.seconds
        return job

    def replace(self, worker: _Worker) -> tuple[Job, list[Job]]:
        """Kill ``worker`` (it died, hung or ran over), remove its temporary files and start another;
        returns the job it was running and the ones queued behind it (to run elsewhere)."""
        self.workers.remove(worker)
        self.kill(worker)
        self.workers.append(self.spawn())
        running = worker.queue.popleft()
        return running, list(worker.queue)

    def kill(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.terminate()  # SIGTERM waits while a temporary file is open
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        worker.conn.close()
        remove_temporaries(worker.directories, worker.process.pid)

    def close(self) -> None:
        for worker in self.workers:
            if not worker.queue:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
        for worker in self.workers:
            worker.process.join(0 if worker.queue else 0.5)
            self.kill(worker)
        self.workers = []


def run(jobs: Iterable[Job], workers: int | None = None, progress: Progress | None = None,
        count: int | None = None, seconds: float | None = None, memory: int | None = None) -> Iterator[Outcome]:
    """Run jobs (a list, or a lazy iterable of ``count`` jobs) on ``workers`` processes (default: all
    cores), yielding outcomes as they finish. Each job may take ``seconds`` (default :func:`job_seconds`)
    in a worker of ``memory`` bytes (default :func:`job_memory`); a job over time, or whose worker died,
    is a failed outcome and its worker is replaced."""
    seconds = seconds or job_seconds()
    memory = memory or job_memory()
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return
    jobs = itertools.chain([first], jobs)
    workers = max(1, workers or os.cpu_count() or 1)
    if count is not None:
        workers = min(workers, count)
    try:  # parse the bank once here, so forked workers inherit it
        load_bank(first.phrasebank)
    except NarrativeError:
        pass  # every job will report it
    pool = _Pool(workers, memory, seconds)
    handed_back: collections.deque[Job] = collections.deque()  # queued behind a job that killed its worker
    try:
        exhausted = False
        while True:
            for worker in list(pool.workers):
                while len(worker.queue) < _DEPTH and (handed_back or not exhausted):
                    job = handed_back.popleft() if handed_back else next(jobs, None)
                    if job is None:
                        exhausted = True
                        break
                    pool.give(worker, job)
            busy = [w for w in pool.workers if w.queue]
            if not busy:
                return
            soonest = min(worker.deadline for worker in busy)
            ready = set(_wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                              max(0.0, soonest - time.monotonic())))
            for worker in busy:
                outcomes: list[Outcome] = []
                if worker.conn in ready or worker.process.sentinel in ready:
                    ended = False
                    try:
                        while worker.queue and worker.conn.poll():
                            outcomes.append(worker.conn.recv())
                            pool.done(worker)
                    except (EOFError, OSError):
                        ended = True
                    if worker.queue and (ended or not worker.process.is_alive()):
                        worker.process.join(2)  # the pipe closes a moment before the exit status is known
                        code = worker.process.exitcode
                        job, rest = pool.replace(worker)
                        handed_back.extend(rest)
                        why = f"被信号 {-code} 终止" if code is not None and code < 0 else \
                            (f"退出码 {code}" if code is not None else "连接中断")
                        outcomes.append(Outcome(job.source, job.target, False,
                                                f"起草进程意外结束（{why}，可能超过内存上限），未起草"))
                elif time.monotonic() >= worker.deadline:
                    job, rest = pool.replace(worker)
                    handed_back.extend(rest)
                    outcomes.append(Outcome(job.source, job.target, False,
                                            f"超过每份输入 {seconds:g} 秒的时限，未起草"))
                for outcome in outcomes:
                    if progress:
                        progress.step(outcome.ok)
                    yield outcome
    finally:
        pool.close()
