"""The content as the rules read it: one immutable value, indexed by id.

Defined apart from :mod:`rules.loader` (which validates the files with pydantic) so that the
rules, and a command that only reads a saved game, can use content without importing pydantic:
the same value is built from pydantic models by the loader, or from the plain records of
:mod:`rules.plain` read back from the content cache (see :func:`rules.content_cache.plain_content`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rules import schema as s


@dataclass(frozen=True)
class ContentIssue:
    """One problem in one content file, located as precisely as the format allows."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when content does not load; carries every issue found."""

    def __init__(self, issues: list[ContentIssue]):
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


@dataclass(frozen=True, eq=False)
class Content:
    """Everything the rules read, indexed by id. Immutable once loaded."""

    tracks: dict[str, s.Track]
    role_tracks: dict[str, s.RoleTrack]
    roles: dict[str, s.Role]
    actions: dict[str, s.Action]
    crises: dict[str, s.CrisisCard]
    commitments: dict[str, s.Commitment]
    negotiation: s.Negotiation
    candidates: dict[str, s.Candidate]
    allies: dict[str, s.Ally]
    keci: s.Keci
    endings: dict[str, s.Ending]
    scenarios: dict[str, s.Scenario]
    #: The 1995 Study's principles (context.yaml), for the debrief.
    principles: dict[str, s.Principle] = field(default_factory=dict)
    #: Sourced context beyond the paper's instruments (context.yaml).
    context: dict[str, s.ContextItem] = field(default_factory=dict)
    items: dict[str, s.NegotiableItem] = field(init=False)
    motions: dict[str, s.Motion] = field(init=False)
    actions_by_role: dict[str, list[s.Action]] = field(init=False)
    items_by_giver: dict[str, list[str]] = field(init=False)
    #: Scenario id -> the endings as judged there (endings.yaml's, with the variant's own
    #: conditions and texts where it sets them), in endings.yaml's order.
    endings_by_scenario: dict[str, dict[str, s.Ending]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", {i.id: i for i in self.negotiation.items})
        by_giver: dict[str, list[str]] = {r: [] for r in self.roles}
        for item in self.negotiation.items:
            for giver in item.givers:
                by_giver.setdefault(giver, []).append(item.id)
        object.__setattr__(self, "items_by_giver", by_giver)
        object.__setattr__(self, "motions", {m.id: m for m in self.keci.motions})
        by_role: dict[str, list[s.Action]] = {r: [] for r in self.roles}
        for action in self.actions.values():
            by_role.setdefault(action.role, []).append(action)
        object.__setattr__(self, "actions_by_role", by_role)
        object.__setattr__(self, "endings_by_scenario", {
            sid: {eid: _judged(e, sc.endings.get(eid)) for eid, e in self.endings.items()}
            for sid, sc in self.scenarios.items()})

    def endings_in(self, scenario: str) -> dict[str, s.Ending]:
        """The endings as ``scenario`` judges them: endings.yaml's, with the variant's own
        condition and text where it sets them; an unknown or empty scenario, endings.yaml's."""
        return self.endings_by_scenario.get(scenario, self.endings)

    def ending(self, ending_id: str, scenario: str) -> s.Ending:
        """One ending as ``scenario`` judges it (see :meth:`endings_in`)."""
        return self.endings_in(scenario)[ending_id]

    def objectives(self, role: str, scenario: str) -> list[s.Objective]:
        """The objectives ``role`` is judged on in ``scenario``: the variant's own where it sets
        them (a shorter game judged on what its span allows), else the role card's."""
        sc = self.scenarios.get(scenario)
        if sc is not None:
            own = sc.objectives.get(role)
            if own is not None:
                return own
        return self.roles[role].objectives

    def objective(self, role: str, objective_id: str) -> s.Objective:
        """The objective of ``role`` with this id, on its role card or in any variant (the loader
        checks that an id names one objective)."""
        for o in self.roles[role].objectives:
            if o.id == objective_id:
                return o
        for sc in self.scenarios.values():
            for o in sc.objectives.get(role, ()):
                if o.id == objective_id:
                    return o
        raise KeyError(f"{role} has no objective {objective_id!r}")

    def scenario(self, name: str) -> s.Scenario:
        try:
            return self.scenarios[name]
        except KeyError:
            known = ", ".join(sorted(self.scenarios))
            raise KeyError(f"unknown scenario {name!r} (known: {known})") from None


def _judged(ending: s.Ending, judgement: s.EndingJudgement | None) -> s.Ending:
    """``ending`` with a variant's own condition and text; name, points and timing unchanged."""
    if judgement is None:
        return ending
    update = {"condition": judgement.condition, "condition_any": judgement.condition_any,
              "explanation": judgement.explanation, "source": judgement.source}
    if hasattr(ending, "model_copy"):  # a pydantic model; else a plain record (rules.plain)
        return ending.model_copy(update=update)
    from rules.plain import Record

    record = Record(ending.kind, {**vars(ending), **update})  # type: ignore[attr-defined]
    return record  # type: ignore[return-value]
