"""Plain frozen records: the validated content's models, readable without pydantic.

Importing pydantic and building the content's model classes costs about 0.2 s of every
command's start (more than everything else ``keci show`` does). The rules only read the
content's fields by attribute (``action.cost``, ``card.responses[role]``); they call no model
method. So a validated model can be copied, field by field, into a :class:`Record` that
answers the same attribute reads with the same values, and that copy kept in the content cache
(:func:`rules.content_cache.plain_content`) for commands that only read a saved game.

A record is frozen like the models it copies (frozen=True in ``rules/schema.py``), compares
equal to a record of the same kind with equal fields, and pickles by value. Only values that
passed validation become records: :func:`plain` is applied to a loaded, checked ``Content``.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from rules.bundle import Content


class Record:
    """One model's fields as attributes; ``kind`` is the model's class name (for messages)."""

    __slots__ = ("__dict__", "kind")
    kind: str

    def __init__(self, kind: str, values: dict[str, Any]) -> None:
        object.__setattr__(self, "kind", kind)
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{self.kind} is frozen: cannot set {name}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{self.kind} is frozen: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return self.kind == other.kind and self.__dict__ == other.__dict__

    def __hash__(self) -> int:  # as a frozen pydantic model: by its values (fails on a dict field, as there)
        return hash((self.kind, *self.__dict__.values()))

    def __repr__(self) -> str:
        return f"{self.kind}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Record, (self.kind, self.__dict__))


def _plain(value: Any) -> Any:
    """A model as a record, containers element by element; other values (str, int, float, bool,
    None) as they are."""
    model_fields = getattr(type(value), "model_fields", None)
    if model_fields is not None:  # a pydantic model (duck-typed: this module never imports pydantic)
        return Record(type(value).__name__, {name: _plain(getattr(value, name)) for name in model_fields})
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"no plain form for {type(value).__name__}")  # a new kind of field: add it here


def plain(content: Content) -> Content:
    """The same content with every model a :class:`Record` (derived indexes rebuilt alike)."""
    from rules.bundle import Content

    return Content(**{f.name: _plain(getattr(content, f.name)) for f in fields(content) if f.init})
