"""Writing outputs so that a file is either untouched or complete, and never clobbered unasked."""

from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, text: str, overwrite: bool = False, durable: bool = True) -> None:
    """Write ``text`` (UTF-8) so that ``path`` is either untouched or complete."""
    write_atomic_bytes(path, text.encode("utf-8"), overwrite, durable)


def write_atomic_bytes(path: str, data: bytes, overwrite: bool = False, durable: bool = True) -> None:
    """Write ``data`` so that ``path`` is either untouched or complete: a temporary file in the same
    directory, then a rename (``overwrite``) or a hard link that fails if ``path`` exists (no clobbering,
    even against a file created meanwhile). ``durable`` syncs the file to disk before it appears; a batch
    skips that per file and syncs once at the end (the rename alone keeps every file whole)."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".narrative-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
