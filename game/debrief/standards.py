"""The paper's recommendations and the 1995 Study's principles held against what happened.

The recommendations are data (``standards.yaml``); each names a check here that reads the game's
events and board and returns a verdict with the evidence behind it, in the game's own numbers.
The principles are the rules content's (``rules/content/context.yaml``), judged by
:func:`rules.principles.assess`; those the board cannot measure are left for discussion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from game.debrief.record import Record
from game.debrief.story import in_words
from rules.principles import assess as assess_principles

STANDARDS_FILE = Path(__file__).with_name("standards.yaml")


class Verdict(StrEnum):
    FOLLOWED = "followed"
    PARTLY = "partly followed"
    NOT_FOLLOWED = "not followed"
    DISCUSS = "for discussion"


class Standard(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    quote: str
    source: str
    check: str


class Standards(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    recommendations: list[Standard]


@dataclass(frozen=True, slots=True)
class Assessment:
    standard: Standard
    verdict: Verdict
    evidence: str


@lru_cache(maxsize=1)
def load() -> Standards:
    standards = Standards.model_validate(yaml.safe_load(STANDARDS_FILE.read_text(encoding="utf-8")))
    unknown = [s.check for s in standards.recommendations if s.check not in CHECKS]
    if unknown:
        raise ValueError(f"{STANDARDS_FILE}: unknown check(s) {', '.join(unknown)}")
    return standards


Check = Callable[[Record], tuple[Verdict, str]]


def _first_last(record: Record, track: str) -> tuple[int, int]:
    return record.points[0].tracks[track], record.points[-1].tracks[track]


def keci_progress(r: Record) -> tuple[Verdict, str]:
    phase = r.state.keci_phase
    if phase >= 2:
        return Verdict.FOLLOWED, f"KECI reached phase {phase}"
    if phase == 1 or r.state.keci_mou_approved:
        return Verdict.PARTLY, f"KECI reached phase {phase}" + (" (memorandum approved)" if r.state.keci_mou_approved else "")
    return Verdict.NOT_FOLLOWED, "KECI never started: no memorandum was signed"


def dialogue_alongside(r: Record) -> tuple[Verdict, str]:
    first, last = _first_last(r, "dialogue_momentum")
    total = sum(r.state.normalization.values())
    text = f"dialogue momentum {first} → {last}; normalization levels summed: {total}"
    if last >= first and total > sum(r.points[0].normalization.values()) and r.state.keci_phase >= 1:
        return Verdict.FOLLOWED, text + ", advancing with KECI"
    if last >= first or total > sum(r.points[0].normalization.values()):
        return Verdict.PARTLY, text
    return Verdict.NOT_FOLLOWED, text


def kfor_kept(r: Record) -> tuple[Verdict, str]:
    first, last = _first_last(r, "kfor_posture")
    low = min(p.tracks["kfor_posture"] for p in r.points)
    text = f"KFOR posture {first} → {last} (lowest {low})"
    if last >= first and low >= first - 1:
        return Verdict.FOLLOWED, text
    return (Verdict.PARTLY if last >= first - 1 else Verdict.NOT_FOLLOWED), text


def kosovo_normalization(r: Record) -> tuple[Verdict, str]:
    c = r.content
    mine = [k for k, v in c.commitments.items() if v.owner == "kosovo"]
    levels = {k: r.state.normalization[k] for k in mine}
    unilateral = sum(1 for e in r.events if e.kind == "keci" and "suspended" in e.text and "stays" not in e.text
                     and "lifted" not in e.text)
    text = ", ".join(f"{c.commitments[k].name} at level {v}" for k, v in levels.items()) or "no Kosovo commitments"
    text += f"; KECI suspensions after unilateral action: {unilateral}"
    moved = sum(levels.values()) - sum(r.points[0].normalization[k] for k in mine)
    if moved >= 3 and unilateral == 0:
        return Verdict.FOLLOWED, text
    return (Verdict.PARTLY if moved > 0 else Verdict.NOT_FOLLOWED), text


def institutions_grew(r: Record) -> tuple[Verdict, str]:
    d0, d1 = _first_last(r, "defence_institutions")
    c0, c1 = _first_last(r, "civil_preparedness")
    text = f"defence institution building {d0} → {d1}; civil-emergency preparedness {c0} → {c1}"
    if d1 > d0 and c1 > c0:
        return Verdict.FOLLOWED, text
    return (Verdict.PARTLY if d1 > d0 or c1 > c0 else Verdict.NOT_FOLLOWED), text


def rep_appointed(r: Record) -> tuple[Verdict, str]:
    appointed = next((e for e in r.events if e.kind == "special_rep" and "appoints" in e.text), None)
    if appointed is None:
        return Verdict.NOT_FOLLOWED, "no Special Representative was appointed"
    return Verdict.FOLLOWED, f"turn {appointed.turn}: {appointed.text}"


def framework_survives(r: Record) -> tuple[Verdict, str]:
    if r.state.ending == "escalation":
        return Verdict.NOT_FOLLOWED, "the game ended in escalation: no framework survived it"
    if r.state.keci_phase >= 1 and not r.state.keci_suspended:
        return Verdict.FOLLOWED, f"KECI stands at phase {r.state.keci_phase} whatever recognition does"
    return Verdict.PARTLY, f"KECI at phase {r.state.keci_phase}" + (", suspended" if r.state.keci_suspended else "")


CHECKS: dict[str, Check] = {f.__name__: f for f in (
    keci_progress, dialogue_alongside, kfor_kept, kosovo_normalization, institutions_grew, rep_appointed,
    framework_survives)}


def principles(record: Record) -> list[Assessment]:
    """The 1995 Study's principles from the rules content, judged on the game's end state."""
    out = []
    for check in assess_principles(record.content, record.state):
        standard = Standard(id=check.id, title=check.name, quote=check.criterion, source=check.source, check="rules")
        if check.held is None:
            out.append(Assessment(standard, Verdict.DISCUSS, "the board cannot measure it: a question for the class"))
        elif check.held:
            out.append(Assessment(standard, Verdict.FOLLOWED, "held at the end of the game"))
        else:
            out.append(Assessment(standard, Verdict.NOT_FOLLOWED, "; ".join(in_words(record, r) for r in check.reasons)))
    return out


def assess(record: Record) -> tuple[list[Assessment], list[Assessment]]:
    """(recommendations, principles), each with a verdict and its evidence from this game."""
    return [Assessment(x, *CHECKS[x.check](record)) for x in load().recommendations], principles(record)
