"""Writing outputs so that a file is either untouched or complete, and never clobbered unasked.

Temporary files are named ``.narrative-<pid>-*.tmp`` (so a batch can remove those of a worker it had to
kill), are never left behind by Ctrl-C (SIGINT and SIGTERM wait while one is open), and the output gets
the mode the umask gives any new file. ``overwrite`` replaces only a regular file or a symlink: never a
directory, a device node or a FIFO.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from functools import lru_cache

TEMP_PREFIX = ".narrative-"
_DEFERRED = {signal.SIGINT, signal.SIGTERM}


class NotReplaceable(FileExistsError):
    """``--force`` met something that is not a regular file or a symlink."""


@lru_cache(maxsize=1)
def _file_mode() -> int:
    """The mode a new file gets under the process's umask (what ``open(…, 'w')`` would give)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str, text: str, overwrite: bool = False, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) so that ``path`` is either untouched or complete."""
    write_atomic_bytes(path, text.encode("utf-8"), overwrite, durable)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends (a Ctrl-C never strands a temporary file)."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    except (AttributeError, OSError, ValueError):  # no pthread_sigmask on this platform
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def write_atomic_bytes(path: str, data: bytes, overwrite: bool = False, durable: bool = True) -> None:
    """Write ``data`` so that ``path`` is either untouched or complete: a temporary file in the same
    directory, then a rename (``overwrite``) or a hard link that fails if ``path`` exists (no clobbering,
    even against a file created meanwhile). ``durable`` syncs the file to disk before it appears; a batch
    skips that per file and syncs once at the end (the rename alone keeps every file whole). Raises
    :class:`NotReplaceable` when ``overwrite`` meets anything but a regular file or a symlink."""
    directory = os.path.dirname(os.path.abspath(path))
    if overwrite:
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            pass
        else:
            if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
                raise NotReplaceable(17, "不是普通文件或符号链接，--force 也不替换", path)
    with _signals_deferred():
        fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                os.fchmod(handle.fileno(), _file_mode())
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            if overwrite:
                os.replace(tmp, path)
            else:
                os.link(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def remove_temporaries(directories: set[str], pid: int) -> None:
    """Remove the temporary files process ``pid`` left in ``directories`` (it was killed mid-write)."""
    for directory in directories:
        for leftover in glob.glob(os.path.join(glob.escape(directory), f"{TEMP_PREFIX}{pid}-*.tmp")):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
