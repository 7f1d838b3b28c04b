"""Player actions as values, and the templates that say which actions are legal.

An :class:`Action` is what a player does: a role, an action id and parameter values. A
:class:`LegalAction` is a template offered to a role: an id, a label, a cost and, for each
parameter, the values allowed. An action is legal when some template with its id allows
every one of its parameter values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from rules.values import Value


class IllegalAction(ValueError):
    """The action cannot be applied now; the message says why in a player's words."""


class Action(Value):
    """A value (:class:`rules.values.Value`): compiled, the engine reads its fields natively (every
    move reads its role, id and parameters several times)."""

    __slots__ = ("id", "params", "role")
    _names: ClassVar[tuple[str, ...]] = ("role", "id", "params")

    def __init__(self, role: str, id: str, params: tuple[tuple[str, Any], ...] = ()) -> None:
        self.role: Final = role
        self.id: Final = id
        self.params: Final = params

    def _fields(self) -> tuple[Any, ...]:
        return self.role, self.id, self.params

    @classmethod
    def make(cls, role: str, action_id: str, **params: Any) -> Action:
        return cls(role, action_id, tuple(sorted(params.items())))

    def param(self, name: str) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return None

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "id": self.id, "params": dict(self.params)}

    @classmethod
    def from_json(cls, data: Any) -> Action:
        """Parse and type-check an action from JSON; raises IllegalAction on a malformed one."""
        if not isinstance(data, dict):
            raise IllegalAction("an action must be a JSON object")
        role, action_id, params = data.get("role"), data.get("id"), data.get("params", {})
        if not isinstance(role, str) or not isinstance(action_id, str) or not isinstance(params, dict):
            raise IllegalAction("an action needs a string 'role', a string 'id' and an object 'params'")
        for key, value in params.items():
            if not isinstance(key, str) or not isinstance(value, (str, int)) or isinstance(value, bool):
                raise IllegalAction(f"parameter {key!r} must be a string or a whole number")
        return cls(role, action_id, tuple(sorted(params.items())))

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params)
        return f"{self.role}: {self.id}({args})" if args else f"{self.role}: {self.id}"


@dataclass(frozen=True, slots=True)
class LegalAction:
    id: str
    label: str
    cost: int = 0
    params: dict[str, list[Any]] = field(default_factory=dict)
    explanation: str = ""
    source: str = ""

    def allows(self, action: Action) -> bool:
        params = self.params
        if action.id != self.id or len(action.params) != len(params):
            return False
        for key, value in action.params:
            allowed = params.get(key)
            if allowed is None or value not in allowed:
                return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "cost": self.cost, "params": self.params,
                "explanation": self.explanation, "source": self.source}
