"""雷同 as evaluators measure it: character 5-gram overlap of drafts' narratives (to-dos left out), between
different bodies and between consecutive years of one body, on the examples and on derandomized generated
sets (the same documents on every run). Prints median and maximum against issue #7's bars.

    python benchmarks/bench_overlap.py [--bodies 14]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from statistics import median

from narrative import generate, load
from narrative.overlap import contained, narrative_text, pairwise, table_only_narratives
from narrative.testing import PROFILES, sample_documents

ROOT = Path(__file__).resolve().parent.parent
BETWEEN_MEDIAN, BETWEEN_MAX, YEARS_MAX = 0.15, 0.30, 0.30


def line(name: str, result: dict) -> str:
    ok = result["median"] <= BETWEEN_MEDIAN and result["max"] <= BETWEEN_MAX
    return (f"{name:<34} pairs {result['pairs']:>4}  median {result['median']:6.1%}  max {result['max']:6.1%}"
            f"  {'within' if ok else 'OVER'} the bars ({BETWEEN_MEDIAN:.0%} / {BETWEEN_MAX:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bodies", type=int, default=14)
    args = parser.parse_args()
    examples = [narrative_text(generate(p)) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    print(line("examples (with their facts)", pairwise(examples)))
    every = []
    for profile in PROFILES:
        texts = table_only_narratives(profile, args.bodies)
        every += [(profile, t) for t in texts]
        print(line(f"generated, tables only: {profile}", pairwise(texts)))
    years = []
    for doc in sample_documents(40, derandomize=True, previous=True):
        years.append(contained(narrative_text(generate(load(doc))),
                               narrative_text(generate(load(doc["previous_year"])))))
    pair = contained(narrative_text(generate(ROOT / "examples" / "qingshan-county-2024.yaml")),
                     narrative_text(generate(ROOT / "examples" / "qingshan-county-2023.yaml")))
    print(f"{'consecutive years (generated)':<34} pairs {len(years):>4}  median {median(years):6.1%}  "
          f"max {max(years):6.1%}  {'within' if max(years) <= YEARS_MAX else 'OVER'} the bar ({YEARS_MAX:.0%})")
    print(f"{'qingshan 2024 vs 2023':<34} {pair:6.1%}")


if __name__ == "__main__":
    main()
