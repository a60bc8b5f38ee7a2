"""JSON Schemas (draft 2020-12) of the certificate formats, shipped with arcot.

They describe a certificate's shape only; what it proves is decided by the
trusted checker (:mod:`arcot.verify.checker`), never by a schema.

>>> certificate_schema(2)["$schema"]
'https://json-schema.org/draft/2020-12/schema'
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from arcot.errors import CertificateError

__all__ = ["VERSIONS", "certificate_schema"]

#: Certificate format versions with a schema.
VERSIONS = (1, 2)


def certificate_schema(version: int = 2) -> dict[str, Any]:
    """The JSON Schema of certificate format ``version`` (read from the package)."""
    if version not in VERSIONS:
        raise CertificateError(
            f"no schema for certificate format version {version!r}; "
            f"versions: {', '.join(map(str, VERSIONS))}"
        )
    text = resources.files(__package__).joinpath(f"certificate-v{version}.json")
    schema: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return schema
