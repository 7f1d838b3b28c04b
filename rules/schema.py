"""The shape of the game's content files, checked by pydantic on load.

Content is the rulebook in data: what each track means, each role's actions, the crisis deck,
the normalization commitments, KECI's phases, the Special Representative candidates, the
non-recognizing Allies and the scenarios. Every player-facing item carries a ``source`` (the
passage of the KCSS paper behind it) and an ``explanation`` so the game can show both.

Numbers are read through *references* (strings) so that conditions and effects can be written
in the content files without code:

* ``north_tension`` – a shared track;
* ``kosovo.domestic_support`` – a role track of one role;
* ``commitment.asm`` – the implementation level of a normalization commitment;
* ``trust.kosovo.serbia`` – trust between two roles (order does not matter);
* ``keci_phase``, ``keci_suspended``, ``special_representative``, ``normalization_total``,
  ``turn`` – derived quantities (read-only).

References are checked against the loaded content by :mod:`rules.loader`, so a typo in a
content file is reported with its file, line and field instead of surfacing mid-game.
"""

from __future__ import annotations

from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Identifier = str


class Strict(BaseModel):
    """Unknown fields are errors: a misspelt key must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Bound(Strict):
    """An inclusive range; either end may be left open."""

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Bound:
        if self.min is None and self.max is None:
            raise ValueError("a bound needs min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is greater than max {self.max}")
        return self


#: A condition holds when every referenced quantity lies within its bound.
Condition = dict[str, Bound]
#: An effect adds each delta to the referenced quantity, clamped to its bounds.
Effects = dict[str, int]


class Sourced(Strict):
    """Anything a player sees: a name, why it matters, and where the paper says so."""

    id: Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1, max_length=120)
    explanation: str = Field(min_length=10, max_length=600)
    source: str = Field(min_length=5, max_length=600)


class Drift(Strict):
    """A pressure on a track: at every briefing, while ``when`` holds, the track moves by ``delta``."""

    delta: int = Field(ge=-5, le=5)
    when: Condition = Field(default_factory=dict)
    #: Why the track moves, as players read it in the briefing ("spoilers stir the north").
    cause: str = Field(min_length=5, max_length=200)


class Track(Sourced):
    min: int
    max: int
    unit: Literal["points", "percent", "count"] = "points"
    #: Higher is better for stability (used only for colouring arrows and summaries).
    good_when: Literal["high", "low"] = "high"
    #: Pressures applied at each briefing, in order (the world does not stand still).
    drift: list[Drift] = Field(default_factory=list)
    #: At a resolution, orders and deliveries together lower the track by at most this much
    #: (a swing bounded and explained); None means no bound.
    max_fall_per_turn: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Track:
        if self.min >= self.max:
            raise ValueError(f"min {self.min} must be below max {self.max}")
        return self


class RoleTrack(Strict):
    id: Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    min: int
    max: int
    explanation: str


class Objective(Strict):
    id: Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=5)
    #: Secret objectives appear only in the owning role's briefing and view.
    secret: bool = False
    condition: Condition
    points: int = Field(ge=1, le=20)


class Role(Sourced):
    #: Political capital regained at the start of each turn.
    capital_refill: int = Field(ge=1, le=10)
    objectives: list[Objective] = Field(min_length=1)
    #: How much the role cares about each quantity (used by the simple greedy player).
    preferences: dict[str, float] = Field(default_factory=dict)


class Risk(Strict):
    """A chance that an action backfires, drawn from the seeded source at resolution."""

    chance: float = Field(gt=0, lt=1)
    text: str = Field(min_length=5)
    effects: Effects


Op = Literal[
    "keci_propose",
    "keci_sign",
    "keci_lift_suspension",
    "special_rep_propose",
    "unilateral_north",
    "convene_dialogue",
]


class Action(Sourced):
    role: Identifier
    cost: int = Field(ge=0, le=10)
    #: The action is legal only while this condition holds.
    requires: Condition = Field(default_factory=dict)
    effects: Effects = Field(default_factory=dict)
    risk: Risk | None = None
    #: A named rule that the action triggers besides its effects (see rules/orders.py).
    op: Op | None = None
    #: At most once per turn unless repeatable.
    repeatable: bool = False


class CrisisResponse(Strict):
    id: Identifier = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=3)
    cost: int = Field(ge=0, le=10)
    effects: Effects = Field(default_factory=dict)
    #: Acting alone in the north: counts as uncoordinated action (KECI suspension, vetoes).
    unilateral: bool = False
    explanation: str = Field(min_length=10)


class Weight(Strict):
    """Draw weight = base + sum(coefficient * current value); never below zero."""

    base: float = Field(ge=0)
    per: dict[str, float] = Field(default_factory=dict)


_Listed = TypeVar("_Listed", bound="CrisisResponse | Objective")


def _per_role(v: dict[str, list[_Listed]], empty: str, kind: str) -> dict[str, list[_Listed]]:
    """Check a role -> list mapping (a card's responses, a variant's objectives): each role is given
    at least one entry, and no id twice."""
    for role, entries in v.items():
        if not entries:
            raise ValueError(f"role {role} {empty}")
        ids = [e.id for e in entries]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate {kind} id for role {role}")
    return v


class CrisisCard(Sourced):
    weight: Weight
    requires: Condition = Field(default_factory=dict)
    #: Drawn at most once per game.
    once: bool = False
    #: Immediate effects when the card is drawn.
    effects: Effects = Field(default_factory=dict)
    #: An escalation crisis: a security crisis in the north. A Special Representative damps its
    #: rise in tension unless it is an ``attack``.
    escalation: bool = False
    #: An armed attack or act of sabotage (Banjska, Zubin Potok): done before anyone can talk it
    #: down, so no Representative damps the tension it brings; the paper answers such attacks with
    #: KFOR's deterrence ("Incidents like the Banjska terrorist attack ... underscore the need for
    #: NATO's continued deterrent role", Key takeaways) and the envoy with crises "before they
    #: escalate" (Introduction).
    attack: bool = False
    #: A disinformation campaign (false stories spread on purpose): a Representative with early
    #: warning confronts it "at its early stages" (Special Representative section), so it raises
    #: malign influence less. Not the "subtler forms" the paper sets apart from disinformation
    #: ("economic leverage, cyber interference, or political patronage networks").
    disinformation: bool = False
    #: Role id -> its possible responses; each concerned role picks exactly one.
    responses: dict[Identifier, list[CrisisResponse]]

    @field_validator("responses")
    @classmethod
    def _non_empty(cls, v: dict[str, list[CrisisResponse]]) -> dict[str, list[CrisisResponse]]:
        return _per_role(v, "has no responses", "response")

    @model_validator(mode="after")
    def _attack_escalates(self) -> CrisisCard:
        # An attack that raised no tension in the north would silently exempt nothing.
        if self.attack and not self.escalation:
            raise ValueError("an attack must be an escalation crisis (escalation: true)")
        # A campaign that raised no malign influence would give an early warning nothing to blunt.
        if self.disinformation and self.effects.get("malign_influence", 0) <= 0:
            raise ValueError("a disinformation campaign must raise malign influence")
        return self


class Commitment(Sourced):
    """A normalization commitment from the 2023 Agreement or its Ohrid annex."""

    owner: Identifier
    levels: list[str] = Field(min_length=2, max_length=6)


class NegotiableItem(Sourced):
    givers: list[Identifier] = Field(min_length=1)
    #: Political capital the giver pays when it delivers.
    deliver_cost: int = Field(ge=0, le=10)
    effects: Effects


class Penalties(Strict):
    """What defaulting on or keeping a deal does ({giver} is replaced by the giver's id)."""

    default_effects: Effects
    #: What a default costs a particular role besides ``default_effects`` (how the world reads it).
    default_effects_by_role: dict[Identifier, Effects] = Field(default_factory=dict)
    default_trust: int = Field(le=0)
    kept_effects: Effects
    kept_trust: int = Field(ge=0)
    accepted_effects: Effects = Field(default_factory=dict)
    max_proposals_per_turn: int = Field(ge=1, le=5)
    max_deadline: int = Field(ge=1, le=6)


class Negotiation(Strict):
    items: list[NegotiableItem] = Field(min_length=1)
    penalties: Penalties
    source: str
    trust_start: int = Field(ge=0, le=10)


class Candidate(Sourced):
    """A possible Special Representative for the Western Balkans.

    Confronting disinformation and working with the EU's envoy are at least 1 for every
    candidate: they are duties of the post, not one holder's talent (the paper's fifth
    recommendation: the post "would strengthen political engagement, counter malign influences,
    and align crisis prevention efforts with the EU and local actors", Key takeaways). A candidate
    may be stronger at one of them. Crisis dampening and the direct channel are duties too, and
    every holder has them. The strategic-communications chief's strength is early warning, not a
    stronger briefing counter: a briefing counter of 2 (against malign influence's drift of 1 a
    half-year) ended malign influence within a few years, which the paper never suggests any
    holder could do ("malign influence often takes subtler forms, such as economic leverage, cyber
    interference, or political patronage networks"); see rules/content/CHANGELOG.md, 28 Nov 2026.
    """

    #: Points of tension rise removed from each escalation crisis that is not an armed attack
    #: ("engage local leaders to defuse potential crises before they escalate", Introduction).
    crisis_dampening: int = Field(ge=1, le=3)
    #: Malign influence removed at each briefing ("working closely with NATO's intelligence and
    #: strategic-communications divisions to track and confront disinformation at its early
    #: stages", Special Representative section).
    counter_disinformation: int = Field(ge=1, le=3)
    #: Points of malign-influence rise removed from each disinformation campaign (a crisis card
    #: marked ``disinformation``): confronted "at its early stages" (Special Representative
    #: section), before it takes hold.
    early_warning: int = Field(default=0, ge=0, le=1)
    #: Extra dialogue momentum whenever the EU convenes a dialogue round ("would work in tandem
    #: with the EU's envoy", Special Representative section).
    dialogue_bonus: int = Field(ge=1, le=3)
    #: Extra negotiation proposals per turn for the direct channel's beneficiary ("give Kosovo a
    #: direct channel for advancing partnership goals", Key takeaways).
    direct_channel: int = Field(ge=1, le=2)


class Ally(Sourced):
    """A non-recognizing Ally: a non-player force in North Atlantic Council votes."""

    #: The Ally objects to any motion unless this holds (shifted by the motion's stringency).
    consents_when: Condition
    #: Turns during which an uncoordinated unilateral move in the north draws an objection.
    unilateral_memory: int = Field(ge=0, le=4)
    #: When this holds, the Ally may recognize Kosovo at a resolution (with recognize_chance).
    recognizes_when: Condition
    recognize_chance: float = Field(ge=0, le=1)


class Motion(Strict):
    id: Identifier
    name: str
    #: Added to every min and subtracted from every max of the Allies' consent conditions.
    stringency: float = 0
    #: Not a consensus vote on status: when given, the motion passes if any of these holds (the
    #: Secretary General acts with Allied support) and the non-recognizers' consent is not asked.
    support_any: list[Condition] = Field(default_factory=list)


class KeciPhase(Sourced):
    number: int = Field(ge=0, le=3)
    #: Conditions (besides Council consent) to enter this phase.
    unlock: Condition = Field(default_factory=dict)
    #: If given, at least one of these must hold as well (the paper's "breakthrough" for phase 3).
    unlock_any: list[Condition] = Field(default_factory=list)
    #: Turns to spend in the previous phase first.
    min_turns_in_previous: int = Field(ge=0, le=8)
    motion: Identifier | None = None
    activities: list[str] = Field(default_factory=list)


class Review(Strict):
    id: Identifier
    name: str
    every: int = Field(ge=1)
    requires: Condition
    check: Condition
    pass_effects: Effects
    fail_effects: Effects
    source: str


class Keci(Strict):
    phases: list[KeciPhase] = Field(min_length=4, max_length=4)
    motions: list[Motion]
    #: KECI is suspended when this holds at a resolution (or after a unilateral move).
    suspend_when: Condition
    suspend_on_unilateral: bool
    #: NATO may lift the suspension only while this holds.
    resume_when: Condition
    reviews: list[Review] = Field(default_factory=list)
    source: str
    #: The role that signs the memorandum and benefits from the direct channel.
    partner_role: Identifier


class Ending(Sourced):
    #: Ends the game at once when the condition holds after a resolution.
    condition: Condition
    #: If given, at least one of these must hold as well.
    condition_any: list[Condition] = Field(default_factory=list)
    immediate: bool
    #: Score added to each role when the game ends this way.
    points: dict[Identifier, int]


class EndingJudgement(Strict):
    """What a variant judges one of the paper's endings on, in place of endings.yaml's condition
    and text (its name, points and timing stay). A variant whose premise opens or closes the way
    the global condition reads (phase 3 closed by premise, the dialogue's breakthrough already
    made) judges the ending on what the paper's passage names, and says so to the players."""

    #: Must hold, like :attr:`Ending.condition`.
    condition: Condition = Field(default_factory=dict)
    #: If given, at least one of these must hold as well.
    condition_any: list[Condition] = Field(default_factory=list)
    #: What the players read of the ending in this variant (replaces the global explanation).
    explanation: str = Field(min_length=10, max_length=600)
    source: str = Field(min_length=5, max_length=600)

    @model_validator(mode="after")
    def _judged(self) -> EndingJudgement:
        if not self.condition and not self.condition_any:
            raise ValueError("a variant's ending needs a condition or condition_any")
        return self


class Principle(Sourced):
    """A principle of the 1995 Study on NATO Enlargement, as a criterion for the debrief."""

    #: The question a debrief asks of a game.
    criterion: str = Field(min_length=10, max_length=300)
    #: If given, the principle counts as held when this condition holds at the end.
    held_when: Condition = Field(default_factory=dict)


class ContextItem(Sourced):
    """A fact around the paper that players and the debrief need (KFOR's origins, the EAPC...)."""

    year: int = Field(ge=1945, le=2100)


class Scenario(Sourced):
    turns: int = Field(ge=1, le=40)
    start_year: int = Field(ge=2000, le=2100)
    seats: list[Identifier] = Field(min_length=2)
    #: The fixed order in which orders are resolved (documented for players).
    resolution_order: list[Identifier]
    tracks: dict[str, int]
    role_tracks: dict[Identifier, dict[str, int]]
    commitments: dict[Identifier, int] = Field(default_factory=dict)
    keci_phase: int = Field(default=0, ge=0, le=3)
    #: The highest KECI phase the Council may open in this variant (à-la-carte participation stops at 1).
    keci_max_phase: int = Field(default=3, ge=0, le=3)
    #: The Council has already approved the memorandum, which awaits the partner's signature.
    keci_mou_approved: bool = False
    #: A Special Representative already in office at the start (a candidate id).
    special_rep: Identifier | None = None
    #: Card ids in the deck; empty means every card.
    deck: list[Identifier] = Field(default_factory=list)
    #: A facilitator's scripted deck (an MSEL): turn -> crisis card drawn that turn, whatever
    #: the weights say. Turns not listed are drawn as usual.
    scripted_crises: dict[int, Identifier] = Field(default_factory=dict)
    #: Rolls fixed in advance: turn -> roll (``risk:ROLE.ACTION``, ``recognition:ALLY``; see
    #: rules/chance.py) -> whether it happens. Rolls not listed are rolled as usual.
    scripted_rolls: dict[int, dict[str, bool]] = Field(default_factory=dict)
    #: What the players read before turn 1: the situation and what this variant tests.
    briefing: str = Field(default="", max_length=1500)
    #: The paper's own words behind the variant (verbatim; ' ... ' marks a cut).
    passage: str = Field(default="", max_length=1500)
    #: Why a starting value is what it is, with its source: quantity reference -> note.
    start_notes: dict[str, str] = Field(default_factory=dict)
    #: Role id -> the objectives that role is judged on in this variant, replacing its role card's
    #: (a shorter game judged on what the paper's timetable allows in its span; its briefing says
    #: so). An objective id names one objective: one that differs from the role card's, or from
    #: another variant's, takes a new id (the AI, the views and saved games read objectives by id).
    objectives: dict[Identifier, list[Objective]] = Field(default_factory=dict)
    #: Ending id -> what this variant judges it on, in place of endings.yaml's condition and text
    #: (a premise that closes phase 3 or starts past the dialogue's breakthrough; its briefing says so).
    endings: dict[Identifier, EndingJudgement] = Field(default_factory=dict)

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, v: dict[str, list[Objective]]) -> dict[str, list[Objective]]:
        return _per_role(v, "is given no objectives", "objective")

    @model_validator(mode="after")
    def _orders(self) -> Scenario:
        if sorted(self.resolution_order) != sorted(self.seats):
            raise ValueError("resolution_order must list exactly the seats")
        if len(set(self.seats)) != len(self.seats):
            raise ValueError("a role is seated twice")
        return self
