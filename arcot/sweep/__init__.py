"""Sweeps over whole machine spaces.

``spaces``: the spaces themselves (tree normal form, every table, seeded
random samples), each an iterator of machines in standard text, in a fixed
order. ``runner``: :func:`~arcot.sweep.runner.sweep`, a task over every
machine of a space, in chunks, in one process, on local processes or on
Dask, resumable.
"""

from arcot.sweep.spaces import (
    BUSY_BEAVER_STEPS,
    PUBLISHED_TNF_COUNTS,
    every_table,
    random_tables,
    tnf,
    tnf_count,
)

__all__ = [
    "BUSY_BEAVER_STEPS",
    "PUBLISHED_TNF_COUNTS",
    "every_table",
    "random_tables",
    "tnf",
    "tnf_count",
]
