"""The optional status-neutral wording mode: the same texts in forms every capital can accept.

Officials from Pristina, Belgrade and the non-recognizing capitals may sit at one table. In the
neutral mode, ``Republic of Kosovo`` becomes ``Kosovo*`` with the EU's 2012 footnote, and place
names carry both languages (``Pristina/Prishtinë``). The default ``plain`` mode keeps the paper's
own words. Front-ends pass every text they show through :func:`render`.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

WORDING_FILE = Path(__file__).parent / "content" / "wording.yaml"


class Mode(StrEnum):
    PLAIN = "plain"
    NEUTRAL = "neutral"


class Replacement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    plain: str = Field(min_length=2)
    neutral: str = Field(min_length=2)


class Wording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    footnote: str = Field(min_length=10)
    source: str = Field(min_length=5)
    replacements: list[Replacement] = Field(min_length=1)


@lru_cache(maxsize=4)
def load(path: Path = WORDING_FILE) -> Wording:
    """The wording table, validated (a malformed file raises pydantic's ValidationError)."""
    return Wording.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def render(text: str, mode: Mode | str = Mode.PLAIN, wording: Wording | None = None) -> str:
    """``text`` in the given wording mode. Replacements apply whole-word, in file order, once per
    occurrence (a text already in neutral form is left as it is)."""
    if Mode(mode) == Mode.PLAIN:
        return text
    table = wording or load()
    for r in table.replacements:
        text = re.sub(rf"(?<![\w/]){re.escape(r.plain)}(?![\w/*])", r.neutral, text)
    return text


def footnote(mode: Mode | str = Mode.PLAIN) -> str:
    """The footnote to show once per screen or document in the neutral mode ('' in plain mode)."""
    return load().footnote if Mode(mode) == Mode.NEUTRAL else ""
