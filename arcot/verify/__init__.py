"""Exact verification and certificates (``checker`` is the trusted part)."""
