"""A one-line progress bar for long measurements (package-internal).

Nothing here is part of arcot's public API: :mod:`arcot.length` does not
re-export it.
"""

from __future__ import annotations

import sys
from typing import TextIO

__all__: list[str] = []


class Progress:
    """A one-line progress bar on stderr, only on a terminal (no dependency)."""

    def __init__(self, total: int, label: str, enabled: bool | None,
                 stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total, self.label, self.done = max(total, 1), label, 0

    def step(self, note: str = "") -> None:
        self.done += 1
        if self.enabled:
            k = 30 * self.done // self.total
            self.stream.write(
                f"\r{self.label} [{'#' * k}{'.' * (30 - k)}] "
                f"{self.done}/{self.total} {note}\033[K"
            )
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()
