"""Byte-identity of every output across speed work (#10): the drafts, in every format and for several seeds,
of the bundled examples and of 200 stored generated inputs, and the findings of a broken copy of each, are
compared with SHA-256 digests recorded before the change. The inputs are stored (not drawn again), so a new
Hypothesis release cannot move them. ``NARRATIVE_UPDATE_REFERENCE=1`` records the digests again — only for a
change whose wording was read and judged in the golden files.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

import narrative
from conftest import EXAMPLES

REFERENCE = Path(__file__).resolve().parent / "reference"
INPUTS = REFERENCE / "inputs.json.gz"
DIGESTS = REFERENCE / "digests.json"
SEEDS = (None, 7, 2**40 + 3)
FORMATS = ("to_text", "to_markdown", "to_json", "to_html")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _broken(doc: Any, index: int) -> Any:
    """The document with its ``index``-th integer leaf (modulo their number) raised by one."""
    leaves: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, value in items:
            if isinstance(value, int) and not isinstance(value, bool):
                leaves.append((node, key))
            else:
                walk(value)

    copy = json.loads(json.dumps(doc))
    walk(copy)
    if leaves:
        node, key = leaves[index % len(leaves)]
        node[key] += 1
    return copy


def _outputs(name: str, doc: Any, index: int, base: Path | None = None) -> dict[str, str]:
    out: dict[str, str] = {}
    report = narrative.load(doc, base_dir=base) if base else narrative.load(doc)
    for seed in SEEDS:
        draft = narrative.generate(report, seed=seed, locate=False)
        for fmt in FORMATS:
            out[f"{name}|{seed}|{fmt}"] = _digest(getattr(draft, fmt)())
    full = narrative.generate(report, full=True)
    for fmt in FORMATS:
        out[f"{name}|full|{fmt}"] = _digest(getattr(full, fmt)())
    try:
        broken = [f.to_dict() for f in narrative.check(narrative.load(_broken(doc, index * 7919), base_dir=base))]
    except narrative.NarrativeError as error:
        broken = [f.to_dict() for f in error.findings]
    out[f"{name}|broken"] = _digest(json.dumps(broken, ensure_ascii=False, sort_keys=True, default=str))
    return out


def _documents() -> list[tuple[str, Any]]:
    docs = [(path.stem, path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    stored = json.loads(gzip.decompress(INPUTS.read_bytes()).decode("utf-8"))
    return docs + [(f"g{i:03d}", doc) for i, doc in enumerate(stored)]


def _all_outputs() -> dict[str, str]:
    out: dict[str, str] = {}
    for index, (name, doc) in enumerate(_documents()):
        base = None
        if isinstance(doc, Path):
            import yaml

            doc, base = yaml.safe_load(doc.read_text(encoding="utf-8")), doc.parent
        out.update(_outputs(name, doc, index, base))
    return out


def test_every_output_is_byte_identical_to_the_reference():
    actual = _all_outputs()
    if os.environ.get("NARRATIVE_UPDATE_REFERENCE") == "1":
        DIGESTS.write_text(json.dumps(actual, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip("reference digests recorded")
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    changed = sorted(key for key in expected if actual.get(key) != expected[key])
    assert set(actual) == set(expected), "the reference covers other outputs than the test makes"
    assert not changed, f"{len(changed)} of {len(expected)} outputs changed, first: {changed[:10]}"
    assert len(expected) > 3000


def test_a_changed_output_is_caught():
    """The comparison can fail: one changed draft of the stored inputs changes its digest."""
    name, doc = _documents()[-1]
    first = _outputs(name, doc, 0)
    altered = dict(doc, agency={**doc["agency"], "name": doc["agency"]["name"] + "办公室"})
    second = _outputs(name, altered, 0)
    assert all(first[k] != second[k] for k in first if not k.endswith("broken"))
