"""A seat at a table: who plays a role, as one value with one text form.

The text form is the only seat grammar in the game; the command line (``--seat``), ``simulate``,
the new-game screen, the store and the export file all read and write it:

    ROLE=human[=DISPLAY NAME]
    ROLE=ai[:LEVEL[:TEMPERAMENT]][=DISPLAY NAME]
    ROLE=LEVEL[:TEMPERAMENT]          (short for ROLE=ai:LEVEL:TEMPERAMENT)

``kosovo=human=Arbër Krasniqi``, ``serbia=ai:hard:hardliner``, ``eu=normal``. An AI seat without
a temperament (or with ``mixed``) leaves it open: a new session gives it ``moderate``, and
``simulate`` draws one per game. Levels and temperaments are :mod:`game.ai`'s lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

#: A temperament left open (simulate draws one per game).
MIXED = "mixed"


class Controller(StrEnum):
    HUMAN = "human"
    AI = "ai"


class SeatError(ValueError):
    """A seat's text form is wrong; the message says how, in one line."""


def _ai_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    from game.ai import LEVELS, TEMPERAMENTS  # on first parse: `show` need not load the AI

    return LEVELS, TEMPERAMENTS


@dataclass(frozen=True, slots=True)
class Seat:
    """Who plays ``role``: a human or an AI of some level and temperament, and a display name."""

    role: str
    controller: str = Controller.HUMAN
    level: str | None = None
    temperament: str | None = None
    display_name: str = ""

    @property
    def is_ai(self) -> bool:
        return self.controller == Controller.AI

    @classmethod
    def parse(cls, text: str) -> Seat:
        """Read the text form (module docstring); raises SeatError naming what is wrong."""
        role, sep, rest = text.partition("=")
        role = role.strip()
        if not sep or not role or not rest.strip():
            raise SeatError(f"seat {text!r}: expected ROLE=human, ROLE=ai[:LEVEL[:TEMPERAMENT]] or "
                            "ROLE=LEVEL[:TEMPERAMENT] (optionally =DISPLAY NAME at the end)")
        spec, _, name = rest.partition("=")
        kind, _, options = spec.strip().partition(":")
        levels, temperaments = _ai_names()
        if kind == Controller.HUMAN:
            if options:
                raise SeatError(f"seat {text!r}: a human seat takes no level or temperament")
            return cls(role, Controller.HUMAN, display_name=name.strip())
        if kind in levels:  # the short form ROLE=LEVEL[:TEMPERAMENT]
            options = f"{kind}:{options}" if options else kind
        elif kind != Controller.AI:
            raise SeatError(f"seat {text!r}: unknown level {kind!r}: the controller must be 'human' or 'ai', or an AI level "
                            f"({', '.join(levels)})")
        level, _, temperament = options.partition(":")
        level = level or "normal"
        if level not in levels:
            raise SeatError(f"seat {text!r}: unknown level {level!r} (levels: {', '.join(levels)})")
        if temperament and temperament not in (*temperaments, MIXED):
            raise SeatError(f"seat {text!r}: unknown temperament {temperament!r} "
                            f"(temperaments: {', '.join((*temperaments, MIXED))})")
        return cls(role, Controller.AI, level, None if temperament in ("", MIXED) else temperament,
                   name.strip())

    def __str__(self) -> str:
        """The text form; ``Seat.parse(str(seat)) == seat``."""
        if self.is_ai:
            spec = f"ai:{self.level or 'normal'}" + (f":{self.temperament}" if self.temperament else "")
        else:
            spec = "human"
        return f"{self.role}={spec}" + (f"={self.display_name}" if self.display_name else "")

    def with_defaults(self, display_name: str) -> Seat:
        """The seat as a new session stores it: an AI's open temperament becomes ``moderate``."""
        seat = self
        if seat.is_ai and seat.temperament is None:
            seat = replace(seat, level=seat.level or "normal", temperament="moderate")
        if not seat.display_name:
            seat = replace(seat, display_name=display_name)
        return seat

    def to_json(self, *, private: bool = True) -> dict[str, Any]:
        """The export file's form; ``private=False`` leaves out the temperament (players
        may not know an AI's character: it would tell them how it will bargain)."""
        out: dict[str, Any] = {"role": self.role, "controller": str(self.controller), "level": self.level,
                               "display_name": self.display_name}
        if private:
            out["temperament"] = self.temperament
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Seat:
        return cls(data["role"], Controller(data["controller"]), data.get("level"), data.get("temperament"),
                   data.get("display_name", ""))
