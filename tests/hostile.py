"""Running attacks in a child process under CPU and memory limits, so a regression fails the test
instead of exhausting the machine or hanging CI."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: What one child may use: an attack that gets past the sandbox or the input limits is killed here.
CPU_SECONDS = 60
MEMORY_BYTES = 1536 * 1024 * 1024


def _limits(cpu: int, memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def run_limited(code: str, *, cpu: int = CPU_SECONDS, memory: int = MEMORY_BYTES, cwd: Path | None = None,
                args: tuple[str, ...] = (), env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -c code`` in a child limited to ``cpu`` seconds of CPU and ``memory`` bytes of address
    space; a child killed by a limit shows as a negative return code or a MemoryError on stderr."""
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, **(env or {})},
                          preexec_fn=lambda: _limits(cpu, memory), timeout=cpu * 3)


def run_json(code: str, **kw) -> object:
    """Run ``code`` (which prints one JSON document last) under limits and return that document."""
    done = run_limited(code, **kw)
    assert done.returncode == 0, f"child failed ({done.returncode}):\n{done.stderr[-3000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])
