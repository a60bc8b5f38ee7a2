"""Tree normal form: the counts against the published ones, and the time.

Each space is listed once (standard text, one string a machine) with its
Busy Beaver step count as the step limit, which makes the list exact; the
count is compared with the Busy Beaver community's published TNF-1RB count
where there is one, and with the number of complete tables
``(2m(n+1))^(nm)`` it stands for.

    python benchmarks/bench_spaces.py [--quick]   (--quick: leave out 4 x 2)
"""

from __future__ import annotations

import argparse
import time

from arcot.sweep import BUSY_BEAVER_STEPS, PUBLISHED_TNF_COUNTS, tnf_count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [(2, 2), (3, 2), (2, 3)] + ([] if args.quick else [(4, 2)])
    print(f"{'space':>6} {'step limit':>11} {'TNF machines':>13} {'published':>10} "
          f"{'all tables':>16} {'seconds':>8} {'machines/s':>11}")
    for n, m in sizes:
        t = time.perf_counter()
        count = tnf_count(n, m)
        dt = time.perf_counter() - t
        published = PUBLISHED_TNF_COUNTS.get((n, m))
        if published is not None:
            assert count == published, (n, m, count, published)
        total = (2 * m * (n + 1)) ** (n * m)
        print(f"{n}x{m:<4} {BUSY_BEAVER_STEPS[n, m]:>11,} {count:>13,} "
              f"{'-' if published is None else f'{published:,}':>10} {total:>16,} "
              f"{dt:>8.2f} {count / dt:>11,.0f}")


if __name__ == "__main__":
    main()
