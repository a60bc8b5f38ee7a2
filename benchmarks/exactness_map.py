"""The map of which learners are exact: certify over whole machine spaces.

For every machine of each space (tree normal form for 2x2, 3x2 and 2x3, a
seeded sample of every table for 4x2 and 3x3) that halts on the blank tape
within the step budget, certify runs each cell of the grid (learner,
features, training data) over the windows scope: verified (every window
decided exactly), refuted (a window the predictor gets wrong, with where
the head is in it), or skipped (with the reason). Then the tableau length
law (cot_tokens against n, inputs up to n = 6) of each halting machine of
the TNF spaces. The sweeps are resumable: rerun with the same --out to go
on after an interrupt.

    python benchmarks/exactness_map.py [--out DIR] [--workers N] [--sample K]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from arcot.sweep.runner import load_results, sweep

GRID = [
    ["construct", "additive"],
    ["lstsq", "pairwise"],
    ["lstsq", "additive"],
    ["perceptron", "additive"],
    ["lstsq", "pairwise", "inputs:4"],
]


def first(rows: list[dict], key: str, outcome: str) -> str:
    """The first machine (in the space's order) with this outcome in this cell."""
    return next((f"`{r['machine']}`" for r in rows if r[key]["outcome"] == outcome),
                "-")


def certify_table(space: str, rows: list[dict]) -> list[str]:
    halting = [r for r in rows if r["halted"]]
    lines = [f"### {space}: {len(rows):,} machines, {len(halting):,} halt on the "
             "blank tape", "",
             "| learner / features / training | verified | refuted | skipped | "
             "refuting windows (head) | example verified | example refuted |",
             "|---|---:|---:|---:|---|---|---|"]
    for cell in GRID:
        key = "/".join(cell)
        outcomes = Counter(r[key]["outcome"] for r in halting)
        kinds = Counter(r[key]["kind"].removeprefix("head ") for r in halting
                        if r[key]["outcome"] == "refuted")
        n = max(len(halting), 1)
        label = key if len(cell) == 3 else key + "/default"
        lines.append(
            f"| {label} | {outcomes['verified'] / n:.1%} | "
            f"{outcomes['refuted'] / n:.1%} | {outcomes['skipped'] / n:.1%} | "
            f"{', '.join(f'{k} {v}' for k, v in sorted(kinds.items())) or '-'} | "
            f"{first(halting, key, 'verified')} | {first(halting, key, 'refuted')} |"
        )
    reasons = Counter(r[k]["why"].split(":")[0][:60] for r in halting
                      for k in ("/".join(c) for c in GRID)
                      if r[k]["outcome"] == "skipped")
    if reasons:
        lines += ["", "skipped because: " + "; ".join(
            f"{why} ({count})" for why, count in reasons.most_common(3))]
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="exactness-map-results")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()
    out = Path(args.out)
    spaces = ["tnf:2x2", "tnf:3x2", "tnf:2x3", f"random:4x2:{args.sample}:1",
              f"random:3x3:{args.sample}:1"]
    options = {"grid": GRID, "halting_only": True, "max_steps": 10_000}
    for space in spaces:
        folder = out / space.replace(":", "_")
        result = sweep(space, "certify", out=folder, engine="processes",
                       workers=args.workers, chunk_size=200, options=options,
                       resume=(folder / "manifest.json").exists(), progress=False)
        print("\n".join(certify_table(space, result.rows())))
    print("### Tableau length laws (inputs up to n = 6), machines halting on "
          "the blank tape\n")
    print("| space | halting machines | law found | growth classes seen |")
    print("|---|---:|---:|---|")
    for space in spaces[:3]:
        folder = out / (space.replace(":", "_") + "_length")
        rows = sweep(space, "length", out=folder, engine="processes",
                     workers=args.workers, chunk_size=200,
                     options={"n_max": 6, "max_steps": 10_000},
                     resume=(folder / "manifest.json").exists(),
                     progress=False).rows()
        certified = {r["machine"]: r["halted"]
                     for r in load_results(out / space.replace(":", "_"))}
        halting = [r for r in rows if certified[r["machine"]]]
        growth = Counter(r.get("growth") or "no law" for r in halting)
        found = sum(1 for r in halting if r.get("growth"))
        print(f"| {space} | {len(halting):,} | {found:,} | "
              f"{', '.join(f'{g} {c}' for g, c in growth.most_common())} |")


if __name__ == "__main__":
    main()
