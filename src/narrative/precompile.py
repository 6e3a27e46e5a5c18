"""The default phrase bank's templates, compiled ahead of time by the sandbox's own code generator.

A first draft compiles some fifty templates (variants and ``when`` conditions), and parsing them and
generating their Python is most of its cost. ``_precompiled.py`` (generated, shipped in the wheel) holds
the Python source that :class:`~narrative.sandbox.Sandbox` generates for every template of the default
bank, with the context variables each reads. :func:`lookup` hands it to :mod:`narrative.realise`, which
compiles it with ``compile()`` exactly as Jinja does after generating it, so the template is the one the
sandbox would have built, every attribute, call, operator and filter going through the same guards at
run time. An entry is used only for a template whose text is exactly the key, and only while the Jinja
version and the sandbox module are those it was generated with (their version and digest are checked);
otherwise the template is compiled as usual. A user's bank gets an entry only for a text identical to a
default one.

The module also holds each default bank file's YAML as data (``BANK``), under the SHA-256 of the file's
bytes: :func:`bank_doc` gives it to :func:`narrative.phrasebank.parse_file` for a file of exactly those
bytes, which then skips parsing; any other file is parsed.

Regenerate after changing the default bank, the sandbox or Jinja: ``python -m narrative.precompile``
(``tests/test_precompile.py`` fails while the file is stale).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

import jinja2

from . import sandbox
from .phrasebank import BANK_SUFFIXES, default_dir, load_bank, parse_yaml
from .realise import ENV, WHEN

#: Where the generated module lives (beside this one).
TARGET = Path(__file__).with_name("_precompiled.py")
_Entries = dict[str, tuple[str, tuple[str, ...]]]
#: Loaded once: the common prefix and the entries, or None when they are not to be used.
_TABLE: list[tuple[str, _Entries] | None] = []


def sandbox_digest() -> str:
    """The digest of the sandbox module, whose code generator wrote the entries."""
    return hashlib.sha256(Path(sandbox.__file__).read_bytes()).hexdigest()


def _generated() -> Any:
    """The generated module, or None when it is missing or turned off (NARRATIVE_NO_PRECOMPILED)."""
    if os.environ.get("NARRATIVE_NO_PRECOMPILED"):
        return None
    try:
        from . import _precompiled
    except ImportError:
        return None
    return _precompiled


def _load() -> tuple[str, _Entries] | None:
    generated = _generated()
    if generated is None:
        return None
    try:
        if generated.JINJA != jinja2.__version__ or generated.SANDBOX != sandbox_digest():
            return None
    except OSError:  # the sandbox's source is not a readable file: nothing to check against
        return None
    return generated.PREFIX, generated.TEMPLATES


def bank_doc(digest: str) -> Any:
    """The data of the default bank file whose bytes have SHA-256 ``digest``, as ``parse_yaml`` read it
    when this module was generated; None for any other file or with NARRATIVE_NO_PRECOMPILED. (Parsing
    the bank's YAML is a quarter of a cold draft's own work; the data depends on the bytes alone.)"""
    generated = _generated()
    return getattr(generated, "BANK", {}).get(digest) if generated is not None else None


def bank_docs() -> dict[str, Any]:
    """Every file of the default bank parsed now, by the SHA-256 of its bytes (in file-name order)."""
    out: dict[str, Any] = {}
    for path in sorted(default_dir().iterdir()):
        if path.name.lower().endswith(BANK_SUFFIXES):
            data = path.read_bytes()
            out[hashlib.sha256(data).hexdigest()] = parse_yaml(data.decode("utf-8"))
    return out


def lookup(key: str) -> tuple[str, frozenset[str]] | None:
    """The generated Python of the default bank's template ``key`` (a variant's text, or WHEN + a
    condition) and the variables it reads; None when there is none to use."""
    if not _TABLE:
        _TABLE.append(_load())
    loaded = _TABLE[0]
    entry = loaded[1].get(key) if loaded is not None else None
    if entry is None:
        return None
    return loaded[0] + entry[0], frozenset(entry[1])


def entries() -> _Entries:
    """Every template of the default bank, generated now: key → (Python source, variables read)."""
    bank = load_bank(None)
    keys: set[str] = set()
    for phrase in bank.phrases.values():
        keys.update(phrase.variants)
        if phrase.when:
            keys.add(WHEN + phrase.when)
    keys.update(WHEN + rule.when for rule in bank.rules.values())
    out: _Entries = {}
    for key in sorted(keys):
        tree = ENV.parse_condition(key[len(WHEN):]) if key.startswith(WHEN) else ENV.parse(key)
        python, found = ENV.generate_tracked(tree)
        out[key] = (python, tuple(sorted(found)))
    return out


def module_text() -> str:
    """The text of ``_precompiled.py`` for the default bank, the sandbox and the Jinja installed now."""
    table = entries()
    prefix = os.path.commonprefix([python for python, _ in table.values()])
    prefix = prefix[: prefix.rfind("\n") + 1]
    lines = [
        '"""Generated by ``python -m narrative.precompile`` from the default phrase bank: do not edit.',
        "",
        "The Python the sandbox's code generator writes for each template of the default bank (see",
        "narrative/precompile.py), used only with the Jinja version and the sandbox module named here; and",
        'the data of each default bank file, used only for a file of exactly those bytes."""',
        "",
        "# fmt: off",
        "# ruff: noqa",
        f"JINJA = {jinja2.__version__!r}",
        f"SANDBOX = {sandbox_digest()!r}",
        f"PREFIX = {prefix!r}",
        "TEMPLATES = {",
    ]
    for key, (python, names) in table.items():
        lines.append(f"    {key!r}: ({python[len(prefix):]!r}, {names!r}),")
    lines.append("}")
    lines.append("# The default bank's files as data, by the SHA-256 of their bytes (see bank_doc).")
    lines.append("BANK = {")
    for digest, doc in bank_docs().items():
        lines.append(f"    {digest!r}: {doc!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite ``_precompiled.py`` (``--check``: exit 1 if it is stale, writing nothing)."""
    args = sys.argv[1:] if argv is None else argv
    text = module_text()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if "--check" in args:
        print("up to date" if current == text else f"stale: run python -m narrative.precompile ({TARGET})")
        return 0 if current == text else 1
    if current != text:
        TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET}: {len(text.encode()) // 1024} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
