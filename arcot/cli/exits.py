"""The exit codes of the ``arcot`` command (the contract in :mod:`arcot.cli`)."""

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_LIMIT",
    "EXIT_OK",
    "EXIT_REFUTED",
]

EXIT_OK, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_LIMIT = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 128 + 13  # 128 + SIGPIPE, as the shell reports it
