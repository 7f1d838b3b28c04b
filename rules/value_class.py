"""The decorator of the rules' small immutable values (:mod:`rules.values`, actions, orders,
chance nodes), kept apart from them so that :mod:`rules.values` can be compiled (rules.native):
a function marked with ``typing.dataclass_transform`` cannot itself be compiled by mypyc.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar, dataclass_transform

_T = TypeVar("_T")


@dataclass_transform(frozen_default=True)
def value_class(cls: type[_T]) -> type[_T]:
    """A value class: frozen to the type checker (mypy refuses any assignment to a field), a
    plain slotted dataclass at run time, hashed and compared by its fields as a frozen one is.

    A frozen dataclass sets each field through ``object.__setattr__`` when it is made, which cost
    4–5 times a plain constructor (a deal: 2.7 against 0.5 µs); the engine makes a deal, a
    proposal, an order or a chance node on most moves. :func:`is_value` tells them apart from
    the state's mutable parts (a clone shares them with its original)."""
    made = dataclass(slots=True, unsafe_hash=True)(cls)
    setattr(made, "__frozen_value__", True)  # noqa: B010 - a marker the type checker need not know
    return made


def is_value(obj: object) -> bool:
    """Whether ``obj`` is an instance of a :func:`value_class` class (immutable by contract)."""
    return getattr(type(obj), "__frozen_value__", False) is True
