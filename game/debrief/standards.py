"""The paper's recommendations and the 1995 Study's principles held against what happened.

The items are data (``standards.yaml``); each names a check here that reads the game's events
and board and returns a verdict with the evidence behind it, in the game's own numbers.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from game.debrief.record import Record

STANDARDS_FILE = Path(__file__).with_name("standards.yaml")


class Verdict(StrEnum):
    FOLLOWED = "followed"
    PARTLY = "partly followed"
    NOT_FOLLOWED = "not followed"


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
    principles: list[Standard]


@dataclass(frozen=True, slots=True)
class Assessment:
    standard: Standard
    verdict: Verdict
    evidence: str


@lru_cache(maxsize=1)
def load() -> Standards:
    standards = Standards.model_validate(yaml.safe_load(STANDARDS_FILE.read_text(encoding="utf-8")))
    unknown = [s.check for s in standards.recommendations + standards.principles if s.check not in CHECKS]
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


def no_escalation(r: Record) -> tuple[Verdict, str]:
    top = max(p.tracks["north_tension"] for p in r.points)
    maximum = r.content.tracks["north_tension"].max
    if r.state.ending == "escalation":
        return Verdict.NOT_FOLLOWED, f"tension reached {maximum} of {maximum}: escalation"
    return (Verdict.FOLLOWED if top < maximum - 2 else Verdict.PARTLY), f"highest tension in the north: {top} of {maximum}"


def council_consensus(r: Record) -> tuple[Verdict, str]:
    approved = sum(1 for e in r.events if e.kind == "council" and "approves" in e.text)
    failed = sum(1 for e in r.events if e.kind == "council" and "cannot agree" in e.text)
    text = f"the Council approved {approved} motion(s) and could not agree on {failed}"
    if approved and not failed:
        return Verdict.FOLLOWED, text + "; consensus was built before each vote"
    return (Verdict.PARTLY if approved else Verdict.NOT_FOLLOWED), text


def phases_in_order(r: Record) -> tuple[Verdict, str]:
    entered = [(e.turn, e.data["phase"]) for e in r.events if e.kind == "keci" and "phase" in e.data]
    skipped = any(b[1] - a[1] > 1 for a, b in itertools.pairwise(entered))
    if not entered:
        return Verdict.NOT_FOLLOWED, "no KECI phase was entered"
    text = "; ".join(f"phase {p} in turn {t}" for t, p in entered)
    return (Verdict.PARTLY if skipped else Verdict.FOLLOWED), text


def pfp_reached(r: Record) -> tuple[Verdict, str]:
    phase = r.state.keci_phase
    if phase >= 3:
        return Verdict.FOLLOWED, "KECI phase 3: Kosovo entered PfP, PARP and ITPP"
    return (Verdict.PARTLY if phase == 2 else Verdict.NOT_FOLLOWED), f"KECI stopped at phase {phase}, short of PfP"


def cohesion_held(r: Record) -> tuple[Verdict, str]:
    first, last = _first_last(r, "alliance_cohesion")
    m0, m1 = _first_last(r, "malign_influence")
    text = f"Alliance cohesion {first} → {last}; malign influence {m0} → {m1}"
    if last >= first and m1 <= m0:
        return Verdict.FOLLOWED, text
    return (Verdict.PARTLY if last >= first or m1 <= m0 else Verdict.NOT_FOLLOWED), text


def serbia_no_veto(r: Record) -> tuple[Verdict, str]:
    vetoes = [e for e in r.events if e.kind == "veto"]
    serbian = [e for e in vetoes if "serbia" in e.cause.lower()]
    text = f"{len(vetoes)} objection(s) by non-recognizing Allies in the Council"
    if serbian:
        return Verdict.PARTLY, text + f"; {len(serbian)} of them cited Serbia's pressure"
    return Verdict.FOLLOWED, text + "; Serbia had no vote of its own in the Council"


CHECKS: dict[str, Check] = {f.__name__: f for f in (
    keci_progress, dialogue_alongside, kfor_kept, kosovo_normalization, institutions_grew, rep_appointed,
    framework_survives, no_escalation, council_consensus, phases_in_order, pfp_reached, cohesion_held,
    serbia_no_veto)}


def assess(record: Record) -> tuple[list[Assessment], list[Assessment]]:
    """(recommendations, principles), each with a verdict and its evidence from this game."""
    s = load()
    return ([Assessment(x, *CHECKS[x.check](record)) for x in s.recommendations],
            [Assessment(x, *CHECKS[x.check](record)) for x in s.principles])
