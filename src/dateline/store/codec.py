"""Records <-> JSON-safe dicts, driven by the dataclass type hints (one codec for the store, exports and API).

Hand-written rather than a library (cattrs, dacite) because the records are few, frozen and slotted, and this
keeps the dependency list short; the hypothesis round-trip test in tests/unit/test_codec.py pins it.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

from dateline import model

__all__ = ["from_dict", "to_dict"]

T = TypeVar("T")
JSON = Any  # str | int | float | bool | None | list[JSON] | dict[str, JSON]


def to_dict(value: Any) -> JSON:
    """A JSON-safe structure: dataclasses become dicts, dates ISO strings, enums values, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_dict(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(to_dict(v) for v in value)
    return value


def from_dict(cls: type[T], data: JSON) -> T:
    """Inverse of :func:`to_dict` for any record class in :mod:`dateline.model`."""
    return typing.cast(T, _decode(cls, data))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _decode(tp: Any, data: JSON) -> Any:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        inner = [a for a in get_args(tp) if a is not type(None)]
        return _decode(inner[0], data)
    if origin is tuple:
        args = get_args(tp)
        return tuple(_decode(args[0], v) for v in data)
    if origin is frozenset:
        return frozenset(_decode(get_args(tp)[0], v) for v in data)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{k: _decode(hints[k], v) for k, v in data.items() if k in hints})
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp(data)
    if tp is date:
        return date.fromisoformat(data)
    if tp is float and isinstance(data, int):
        return float(data)
    return data
