"""One exception tree for dateline.

::

    DatelineError                 base of everything dateline raises on purpose
    ├── InputError                an input file/record cannot be used (carries ``source`` and ``code``)
    │   ├── EmptyInputError       nothing but whitespace
    │   ├── BinaryInputError      not text (NUL bytes, archive, image)
    │   ├── EncodingError         not decodable in any supported encoding
    │   ├── TooLargeError         above the configured size limit
    │   └── ParseError            malformed JSON Lines / HTML that yields no body
    ├── StageError                a stage was driven wrongly (missing prerequisite)
    ├── StoreError                the SQLite store cannot be opened, migrated or written
    ├── ConfigError               a bad setting or option value
    └── QueryError                a bad filter (unknown place, malformed date range)

In batch runs an :class:`InputError` becomes a :class:`dateline.model.Rejected` record: counted and reported.
"""

from __future__ import annotations

from dateline.model import Rejected

__all__ = [
    "BinaryInputError",
    "ConfigError",
    "DatelineError",
    "EmptyInputError",
    "EncodingError",
    "InputError",
    "ParseError",
    "QueryError",
    "StageError",
    "StoreError",
    "TooLargeError",
]


class DatelineError(Exception):
    """Base class. ``code`` is a short machine-readable name used in the JSON error shape."""

    code = "error"

    def to_json(self) -> dict[str, str]:
        """The one JSON error shape used by the CLI (``--format json``) and the HTTP API."""
        return {"error": self.code, "message": str(self)}


class InputError(DatelineError):
    code = "bad-input"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def to_rejected(self, stage: str = "ingest") -> Rejected:
        return Rejected(source=self.source, stage=stage, code=self.code, reason=self.reason)

    def to_json(self) -> dict[str, str]:
        return {"error": self.code, "message": str(self), "source": self.source}


class EmptyInputError(InputError):
    code = "empty"


class BinaryInputError(InputError):
    code = "binary"


class EncodingError(InputError):
    code = "encoding"


class TooLargeError(InputError):
    code = "too-large"


class ParseError(InputError):
    code = "parse"


class StageError(DatelineError):
    code = "stage"


class StoreError(DatelineError):
    code = "store"


class ConfigError(DatelineError):
    code = "config"


class QueryError(DatelineError):
    code = "query"
