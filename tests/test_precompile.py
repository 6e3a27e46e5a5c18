"""The default bank's templates compiled ahead of time (#10): the shipped Python is exactly what the sandbox
generates now, it is used only for a template of identical text with the same Jinja and sandbox, and a
draft made with it is byte for byte the draft made without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import jinja2
import pytest

from conftest import EXAMPLES
from narrative import precompile


@pytest.fixture
def fresh_table(monkeypatch):
    """precompile's loaded table forgotten before and after (each test loads it under its own conditions)."""
    monkeypatch.setattr(precompile, "_TABLE", [])
    yield


def test_the_shipped_module_is_what_the_sandbox_generates_now():
    """Stale after a change to the default bank, the sandbox or Jinja: ``python -m narrative.precompile``."""
    from narrative import _precompiled

    if _precompiled.JINJA != jinja2.__version__:  # another Jinja: the module must then be unused
        assert precompile._load() is None
        return
    assert precompile.TARGET.read_text(encoding="utf-8") == precompile.module_text(), \
        "narrative/_precompiled.py is stale: run python -m narrative.precompile"


def test_an_entry_is_the_template_the_sandbox_compiles(fresh_table):
    """For every entry, the code compiled from it is the code Jinja compiles from the sandbox's tree, and
    the variables are those found while compiling."""
    from narrative import _precompiled
    from narrative.realise import ENV

    if _precompiled.JINJA != jinja2.__version__:  # another Jinja: nothing of it is used
        assert precompile.lookup(next(iter(_precompiled.TEMPLATES))) is None
        return
    assert len(_precompiled.TEMPLATES) > 500
    for key in list(_precompiled.TEMPLATES)[::7]:
        python, variables = precompile.lookup(key)
        when = key.startswith(precompile.WHEN)
        tree = ENV.parse_condition(key[len(precompile.WHEN):]) if when else ENV.parse(key)
        template, found = ENV.compile_tracked(tree)
        assert variables == found, key
        assert ENV._compile(python, "<template>") == ENV.compile(tree), key


def test_only_an_identical_text_with_the_same_jinja_and_sandbox_uses_an_entry(fresh_table, monkeypatch):
    from narrative import _precompiled

    key = next(k for k in _precompiled.TEMPLATES if not k.startswith(precompile.WHEN))
    assert precompile.lookup(key) is not None
    assert precompile.lookup(key + " ") is None
    assert precompile.lookup(precompile.WHEN + key) is None
    for name, value in (("JINJA", "0.0"), ("SANDBOX", "0" * 64)):
        monkeypatch.setattr(precompile, "_TABLE", [])
        with monkeypatch.context() as m:
            m.setattr(_precompiled, name, value)
            assert precompile.lookup(key) is None, name
    monkeypatch.setattr(precompile, "_TABLE", [])
    monkeypatch.setenv("NARRATIVE_NO_PRECOMPILED", "1")
    assert precompile.lookup(key) is None


def test_a_draft_made_with_the_entries_is_the_draft_made_without(tmp_path):
    """Each example drafted in a fresh process, in full and as JSON (with provenance), with and without the
    shipped entries: the same bytes, and the entries really were used."""
    code = (
        "import json, sys, narrative\n"
        "from narrative import realise\n"
        "used = []\n"
        "ahead = realise._ahead\n"
        "realise._ahead = lambda key, source: used.append(key) or ahead(key, source)\n"
        "out = {p: [narrative.generate(p, full=True).to_json(), narrative.generate(p, seed=5).to_text()]\n"
        "       for p in sys.argv[1:]}\n"
        "from narrative import precompile\n"
        "hits = sum(precompile.lookup(k) is not None for k in used)\n"
        "print(json.dumps({'out': out, 'hits': hits}, ensure_ascii=False))\n"
    )
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.yaml"))]
    runs = {}
    for label, extra in (("with", {}), ("without", {"NARRATIVE_NO_PRECOMPILED": "1"})):
        env = {k: v for k, v in os.environ.items() if k != "NARRATIVE_NO_PRECOMPILED"} | extra
        result = subprocess.run([sys.executable, "-c", code, *paths], capture_output=True, text=True,
                                encoding="utf-8", env=env, check=True, cwd=tmp_path)
        runs[label] = json.loads(result.stdout)
    assert runs["with"]["out"] == runs["without"]["out"]
    assert runs["with"]["hits"] > 50 and runs["without"]["hits"] == 0


# ---------------------------------------------------------------- the default bank's files as data


def test_each_default_bank_file_is_shipped_as_the_data_its_yaml_gives():
    """Every file of the default bank has an entry under the SHA-256 of its bytes, equal to what parsing it
    gives now; the bank loaded from the entries is the bank parsed from the files."""
    import hashlib

    from narrative import _precompiled, phrasebank

    files = [p for p in sorted(phrasebank.default_dir().iterdir()) if p.suffix == ".yaml"]
    assert len(files) >= 10 and len(_precompiled.BANK) == len(files)
    for path in files:
        data = path.read_bytes()
        doc = precompile.bank_doc(hashlib.sha256(data).hexdigest())
        assert doc is not None and doc == phrasebank.parse_yaml(data.decode("utf-8")), path.name


def test_the_bank_from_the_shipped_data_is_the_bank_from_the_files(monkeypatch):
    from narrative import phrasebank

    shipped = phrasebank._parse_dir.__wrapped__(str(phrasebank.default_dir()), phrasebank._signature(
        phrasebank.default_dir()))
    monkeypatch.setenv("NARRATIVE_NO_PRECOMPILED", "1")
    calls = []
    real = phrasebank.yaml.load
    monkeypatch.setattr(phrasebank.yaml, "load", lambda *a, **k: calls.append(1) or real(*a, **k))
    parsed = phrasebank._parse_dir.__wrapped__(str(phrasebank.default_dir()), phrasebank._signature(
        phrasebank.default_dir()))
    assert calls and shipped == parsed and len(shipped[0].phrases) > 80


def test_a_changed_bank_file_is_parsed_again(tmp_path, monkeypatch):
    """Only identical bytes use the shipped data: a copy of a default file with a comment added is read
    from its own YAML."""
    from narrative import phrasebank

    source = next(p for p in sorted(phrasebank.default_dir().iterdir()) if p.name == "overview.yaml")
    calls = []
    real = phrasebank.yaml.load
    monkeypatch.setattr(phrasebank.yaml, "load", lambda *a, **k: calls.append(1) or real(*a, **k))
    copy = tmp_path / "overview.yaml"
    copy.write_bytes(source.read_bytes())
    same, errors = phrasebank.parse_file(copy)
    assert not errors and not calls  # identical bytes: the shipped data
    copy.write_bytes(source.read_bytes() + "# 改过\n".encode())
    changed, errors = phrasebank.parse_file(copy)
    assert not errors and calls == [1] and changed.phrases == same.phrases
