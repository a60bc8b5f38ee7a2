"""Progress bars for long work: tqdm on stderr, only on a terminal.

Package-internal: commands and measurements make a :class:`Progress` and
step it; users see tqdm's bar with its rate and ETA, and nothing at all
when stderr is not a terminal (a log, a pipe, CI) unless asked for.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

__all__: list[str] = []


class Progress:
    """``total`` steps of ``label`` (None: not known ahead); ``enabled=None``
    means "stderr is a tty"."""

    def __init__(self, total: int | None, label: str, enabled: bool | None,
                 stream: TextIO | None = None, unit: str = "row") -> None:
        self.stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = enabled
        self.total = None if total is None else max(total, 1)
        self.label, self.done = label, 0
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm  # only where a bar is drawn

            self._bar = tqdm(total=self.total, desc=label, file=self.stream,
                             unit=unit, leave=True, dynamic_ncols=True)

    def step(self, note: str = "") -> None:
        self.done += 1
        if self._bar is not None:
            if note:
                self._bar.set_postfix_str(note, refresh=False)
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
