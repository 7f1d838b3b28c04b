"""The exported session file, checked strictly before anything is stored.

An import file may come from anywhere, so every field has a type, a size and a range, and
the whole file has a size limit; the moves are then replayed through the rules by the store,
so an impossible game is refused too.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from game.db.connect import StoreError
from game.db.models import MAX_NAME, SEED_MAX, SEED_MIN
from game.table.seat import Seat, SeatError
from rules.core.actions import Action, IllegalAction

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class EventDoc(_Strict):
    kind: str = Field(max_length=40)
    text: str = Field(max_length=2000)
    cause: str = Field(default="", max_length=2000)
    turn: int = Field(default=0, ge=0, le=1000)
    phase: str = Field(default="", max_length=20)
    data: dict[str, Any] = Field(default_factory=dict)
    visible_to: list[str] | None = Field(default=None, max_length=10)

    @field_validator("data")
    @classmethod
    def _small(cls, v: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(v, ensure_ascii=False)) > 4000:
            raise ValueError("event data is too large")
        return v


#: The longest seat text an import reads: role, controller, level, temperament and a display name.
MAX_SEAT_TEXT = MAX_NAME + 120


def seat_form(seat: Seat) -> str | dict[str, Any]:
    """A seat as the export file writes it: its text form (``serbia=ai:hard:hardliner=Serbia``),
    the one seat grammar of the game. A seat the text form cannot hold exactly is written as an
    object, as older exports were, so nothing is lost: a human seat that remembers the level and
    temperament of the AI that played it before a hand-over, or a name with spaces at its ends."""
    text = str(seat)
    try:
        if Seat.parse(text) == seat:
            return text
    except SeatError:
        pass
    return seat.to_json()


class SeatDoc(_Strict):
    """One seat of an import file: its text form, or the object form of older exports."""

    role: str = Field(max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    controller: Literal["human", "ai"]
    level: str | None = Field(default=None, max_length=20)
    temperament: str | None = Field(default=None, max_length=20)
    display_name: str = Field(max_length=MAX_NAME)

    @model_validator(mode="before")
    @classmethod
    def _text_form(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        if len(data) > MAX_SEAT_TEXT:
            raise ValueError(f"a seat's text is at most {MAX_SEAT_TEXT} characters")
        try:
            return Seat.parse(data).to_json()
        except SeatError as exc:
            raise ValueError(str(exc)) from None

    def seat(self) -> Seat:
        return Seat(self.role, self.controller, self.level, self.temperament, self.display_name)

    @model_validator(mode="after")
    def _known_ai(self) -> SeatDoc:
        """An AI seat must name a level and temperament the AI has, or every later move would fail."""
        if self.controller == "ai":
            from game.ai import LEVELS, TEMPERAMENTS  # the AI package is only needed for this check

            if self.level not in LEVELS:
                raise ValueError(f"unknown AI level {self.level!r} (levels: {', '.join(LEVELS)})")
            if self.temperament not in TEMPERAMENTS:
                raise ValueError(f"unknown temperament {self.temperament!r} ({', '.join(TEMPERAMENTS)})")
        return self


class EntryDoc(_Strict):
    seq: int = Field(ge=0, le=MAX_ENTRIES)
    kind: Literal["start", "action", "undo"]
    role: str = Field(max_length=40)
    payload: dict[str, Any]
    created_at: datetime

    @property
    def action(self) -> Action:
        return Action.from_json(self.payload["action"])

    @property
    def undo(self) -> int:
        return int(self.payload["undo"])

    @property
    def reason(self) -> str:
        return str(self.payload.get("reason", ""))

    @model_validator(mode="after")
    def _payload(self) -> EntryDoc:
        p = self.payload
        if "events" in p:
            if not isinstance(p["events"], list) or len(p["events"]) > 2000:
                raise ValueError("events must be a list of at most 2000 events")
            for e in p["events"]:
                EventDoc.model_validate(e)
        if self.kind == "action":
            allowed = {"action", "events", "turn", "phase", "after", "reason"}
            if set(p) - allowed:
                raise ValueError(f"unknown payload keys: {sorted(set(p) - allowed)}")
            try:
                Action.from_json(p.get("action"))
            except IllegalAction as exc:
                raise ValueError(str(exc)) from None
            if len(json.dumps(p["action"], ensure_ascii=False)) > 2000:
                raise ValueError("the action is too large")
            if not isinstance(p.get("reason", ""), str) or len(p.get("reason", "")) > 500:
                raise ValueError("reason must be a text of at most 500 characters")
            # An undone move is stored as written, not replayed: what `log` reads back must be whole.
            turn, after = p.get("turn", 0), p.get("after")
            if not isinstance(turn, int) or isinstance(turn, bool) or not isinstance(p.get("phase", ""), str):
                raise ValueError("turn must be a whole number and phase a text")
            if after is not None and not (isinstance(after, list) and len(after) == 2 and isinstance(after[0], int)
                                          and not isinstance(after[0], bool) and isinstance(after[1], str)):
                raise ValueError("after must be [turn, phase]")
        elif self.kind == "undo":
            if set(p) - {"undo", "events"} or not isinstance(p.get("undo"), int) or isinstance(p.get("undo"), bool):
                raise ValueError("an undo entry needs an integer 'undo' and optional 'events'")
        elif set(p) - {"events"}:
            raise ValueError("a start entry holds only its events")
        return self


class OmittedDoc(_Strict):
    seq: int = Field(ge=0, le=MAX_ENTRIES)
    problem: str = Field(max_length=2000)


class SessionDoc(_Strict):
    format: Literal["keci-session"]
    version: Literal[1]
    name: str = Field(max_length=MAX_NAME)
    scenario: str = Field(max_length=100)
    scenario_data: dict[str, Any] | None = None
    seed: int = Field(ge=SEED_MIN, le=SEED_MAX)
    created_at: datetime
    updated_at: datetime
    seats: list[SeatDoc] = Field(min_length=2, max_length=8)
    log: list[EntryDoc] = Field(max_length=MAX_ENTRIES)
    #: How the session's texts are worded (rules/wording.py); older files have none: the paper's words.
    wording: Literal["plain", "neutral"] = "plain"
    #: Entries an export could not read (a damaged save): listed for the reader, never imported.
    omitted: list[OmittedDoc] = Field(default_factory=list, max_length=MAX_ENTRIES)

    @model_validator(mode="after")
    def _sequence(self) -> SessionDoc:
        seqs = [e.seq for e in self.log]
        if seqs != list(range(len(seqs))) or not self.log or self.log[0].kind != "start":
            raise ValueError("the log must start with its 'start' entry and number entries 0, 1, 2, ... in order")
        kinds = {e.seq: e for e in self.log}
        for e in self.log:
            if e.kind == "undo":
                target = kinds.get(e.undo)
                if target is None or target.kind != "action" or target.seq >= e.seq or target.role != e.role:
                    raise ValueError(f"entry {e.seq} undoes something that is not an earlier action of {e.role}")
        return self


def parse_export(data: Any) -> SessionDoc:
    """Validate an export document; raises StoreError naming the first problems."""
    try:
        return SessionDoc.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err["loc"]) or "file"
            problems.append(f"{where}: {err['msg']}")
        raise StoreError("not a valid KECI session file: " + "; ".join(problems)) from None
    except RecursionError:
        raise StoreError("not a valid KECI session file: nested too deeply") from None


def read_export_file(path: str | Path) -> Any:
    """Read JSON text safely: size-limited, with deep nesting refused instead of crashing."""
    path = Path(path)
    try:
        if not path.is_file():  # a folder, or a device such as /dev/zero that never ends
            raise StoreError(f"cannot read {path}: not a file" if path.exists() else f"cannot read {path}: no such file")
        with path.open("rb") as f:  # read no more than the limit, even if the file grows meanwhile
            raw = f.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise StoreError(f"{path} is over {MAX_FILE_BYTES // (1024 * 1024)} MB; a session file is at most "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(f"{path} is not a text file") from None
    except json.JSONDecodeError as exc:
        raise StoreError(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise StoreError(f"{path} is not a usable session file: {exc}") from None
    except RecursionError:
        raise StoreError(f"{path} is nested too deeply to be a session file") from None
