"""Each role's priorities in the actions phase, as a flowchart.

Like the priority flowcharts that run non-player factions in solo board wargames, each role has
an ordered list of "if this holds, do that" steps. The heuristic player walks the list from the
top and takes the first step whose condition holds and whose action it can order; if no step
fires it falls back to the best value for its capital. A temperament reorders the list: a
hardliner moves firm steps (pressure, assertion, obstruction) up and conciliatory ones down, a
cooperative player the reverse; some steps only fire for one temperament at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from game.ai.board import Board
from game.ai.temperament import Temperament, profile

Stance = str  # "firm", "neutral" or "conciliatory"


@dataclass(frozen=True, slots=True)
class Priority:
    id: str
    stance: Stance
    rank: int
    #: Catalogue action ids this step may order, best first (the valuation breaks ties).
    picks: tuple[str, ...]
    when: Callable[[Board], bool]
    #: The reason, one sentence, given the board and the chosen action's name.
    reason: Callable[[Board, str], str]


def ordered(board: Board, steps: tuple[Priority, ...]) -> list[Priority]:
    """The role's steps in the order its temperament walks them."""
    return _ordered(steps, board.persona.temperament)


@lru_cache(maxsize=64)
def _ordered(steps: tuple[Priority, ...], temperament: Temperament) -> list[Priority]:
    prof = profile(temperament)

    def key(p: Priority) -> int:
        shift = prof.firm_shift if p.stance == "firm" else prof.conciliatory_shift if p.stance == "conciliatory" else 0
        return p.rank + shift

    return sorted(steps, key=key)


def _hard(board: Board) -> bool:
    return board.persona.temperament == Temperament.HARDLINER


def _coop(board: Board) -> bool:
    return board.persona.temperament == Temperament.COOPERATIVE


def _objective_min(board: Board, objective: str, ref: str) -> float:
    """The least value of ``ref`` that the role's own objective ``objective`` asks for: a flowchart
    step pursues the objective's target as the rulebook states it (a copied 7 kept the normal
    Serbia two points short once its EU-path objective asked for 9)."""
    goal = board.content.objective(board.role, objective)
    least = goal.condition[ref].min
    assert least is not None, f"{board.role}'s objective {objective} sets no least {ref}"
    return least


def _domestic(board: Board) -> int:
    return board.get(f"{board.role}.domestic_support")


def _objectors(board: Board, ref: str) -> list[str]:
    """Allies objecting to the next KECI motion because of ``ref``."""
    found = board.objections(board.next_motion())
    return [board.content.allies[a].name for a, reasons in found.items() if any(r.startswith(ref) for r in reasons)]


def _motion_name(board: Board) -> str:
    motion = board.next_motion()
    return board.content.motions[motion].name if motion else "KECI"


def _unlock_gaps(board: Board) -> list[str]:
    st = board.state
    if st.keci_phase >= 3 or st.keci_phase == 0 or st.keci_suspended:
        return []
    nxt = board.content.keci.phases[st.keci_phase + 1]
    return [ref for ref, b in nxt.unlock.items() if b.min is not None and board.get(ref) < b.min]


def _lacking(board: Board) -> str:
    refs = _unlock_gaps(board)
    nxt = board.content.keci.phases[min(3, board.state.keci_phase + 1)]
    parts = [f"{board.content.tracks[r].name.lower()} {board.get(r)} of {int(nxt.unlock[r].min or 0)}" for r in refs]
    return ", ".join(parts)


def _ordered_now(board: Board, action: str) -> bool:
    """The role has already ordered ``action`` this half-year."""
    return any(o.action == action for o in board.state.orders.get(board.role, ()))


def _dialogue_delivered(board: Board) -> bool:
    """The parties have implemented as much of the Agreement as the breakthrough into KECI's last
    phase asks for (its ``unlock_any`` on normalization, keci.yaml): what still stands between
    them and NATO's standard programmes is the Council's consent, so the EU turns to it."""
    last = board.content.keci.phases[-1]
    return any(ref == "normalization_total" and b.min is not None and board.get(ref) >= b.min
               for alt in last.unlock_any for ref, b in alt.items())


# -- Kosovo -------------------------------------------------------------------------------------

KOSOVO = (
    Priority("sign_memorandum", "neutral", 0, ("kos_sign_keci_mou",),
             lambda b: b.state.keci_mou_approved,
             lambda b, n: f"{b.me} signs the status-neutral KECI memorandum: the Council has approved it and phase 1 opens."),
    Priority("assert_authority", "firm", 50, ("kos_police_operation_north",),
             lambda b: _domestic(b) <= (5 if _hard(b) else 1) and not _coop(b),
             lambda b, n: f"{b.me} acts alone in the north: with domestic support at {_domestic(b)} its government "
                          "must show strength at home."),
    Priority("meet_next_phase", "neutral", 20,
             ("kos_keci_ptec_course", "kos_keci_dib_seminar", "kos_keci_staff_exchange", "kos_keci_nato_school",
              "kos_keci_joint_exercise", "kos_keci_nato_standards", "kos_keci_observer", "kos_open_defence_budget"),
             lambda b: bool(_unlock_gaps(b)),
             lambda b, n: f"{b.me} orders '{n}': the next KECI phase needs {_lacking(b)}."),
    Priority("win_consent", "conciliatory", 30,
             ("kos_coordinate_north", "kos_rehire_serb_police"),
             lambda b: b.state.keci_phase < 2 and bool(_objectors(b, "kosovo_credibility")),
             lambda b, n: f"{b.me} orders '{n}': {', '.join(_objectors(b, 'kosovo_credibility'))} will not consent to "
                          f"'{_motion_name(b)}' while Kosovo's credibility is {b.get('kosovo_credibility')}."),
)

# -- NATO ---------------------------------------------------------------------------------------

NATO = (
    Priority("propose_keci", "neutral", 0, ("nato_propose_keci",),
             lambda b: b.keci_clear(),
             lambda b, n: f"{b.me} puts '{_motion_name(b)}' to the North Atlantic Council: no Ally objects now."),
    Priority("lift_suspension", "neutral", 5, ("nato_lift_keci_suspension",),
             lambda b: b.state.keci_suspended and not b.objections("keci_mou") and b.get("north_tension") <= 6,
             lambda b, n: f"{b.me} lifts the suspension of KECI: the north has calmed enough to resume."),
    Priority("special_representative", "neutral", 10, ("nato_propose_special_rep",),
             lambda b: b.state.special_rep is None and not b.objections("special_representative"),
             lambda b, n: f"{b.me} proposes a Special Representative for the Western Balkans: the Council can agree "
                          "and the region needs a standing mediator."),
    Priority("calm_the_north", "conciliatory", 15, ("nato_kfor_outreach", "nato_reinforce_kfor"),
             lambda b: b.get("north_tension") >= 7,
             lambda b, n: f"{b.me} orders '{n}': tension in the north is {b.get('north_tension')} and KFOR must "
                          "keep it from escalating."),
    Priority("hold_the_alliance", "neutral", 20, ("nato_reassure_non_recognizers", "nato_coalition_funding"),
             lambda b: (bool(_objectors(b, "alliance_cohesion")) or bool(_objectors(b, "status_neutrality"))
                        or b.get("alliance_cohesion") <= 6),
             lambda b, n: f"{b.me} orders '{n}': Alliance cohesion is {b.get('alliance_cohesion')} and the "
                          "non-recognizing Allies must be reassured."),
    Priority("bring_troops_home", "firm", 60, ("nato_draw_down_kfor",),
             lambda b: _hard(b) and b.get("north_tension") <= 5 and _domestic(b) <= 5,
             lambda b, n: f"{b.me} draws down KFOR: capitals want savings and the north looks calm."),
)

# -- EU -----------------------------------------------------------------------------------------

EU = (
    Priority("defuse", "conciliatory", 10, ("eu_envoy_shuttle", "eu_joint_projects_north"),
             lambda b: b.get("north_tension") >= 8,
             lambda b, n: f"{b.me} orders '{n}': tension in the north is {b.get('north_tension')}, close to "
                          "breaking the dialogue."),
    Priority("lend_the_formula", "neutral", 15, ("eu_status_neutral_formula",),
             lambda b: _dialogue_delivered(b) and bool(_objectors(b, "status_neutrality")),
             lambda b, n: f"{b.me} offers its status-neutral formula for KECI's texts: "
                          f"{', '.join(_objectors(b, 'status_neutrality'))} will not consent to '{_motion_name(b)}' "
                          f"while the documents' status neutrality is {b.get('status_neutrality')}."),
    Priority("align_with_keci", "neutral", 16, ("eu_align_with_nato",),
             lambda b: _dialogue_delivered(b) and bool(_objectors(b, "alliance_cohesion")),
             lambda b, n: f"{b.me} aligns the dialogue with NATO and KECI: "
                          f"{', '.join(_objectors(b, 'alliance_cohesion'))} will not consent to '{_motion_name(b)}' "
                          f"while Alliance cohesion is {b.get('alliance_cohesion')}."),
    Priority("reward_belgrade", "conciliatory", 18, ("eu_incentive_serbia",),
             lambda b: (b.get("commitment.serbia_de_facto") >= 2 or b.get("commitment.serbia_no_blocking") >= 1 or _coop(b))
             and not _ordered_now(b, "eu_conditionality_serbia"),
             lambda b, n: f"{b.me} opens an accession cluster for Serbia: Belgrade's de facto recognition steps "
                          "and restraint deserve a reward."),
    Priority("convene", "neutral", 20, ("eu_convene_dialogue",),
             lambda b: b.get("dialogue_momentum") < 7,
             lambda b, n: f"{b.me} convenes a dialogue round: momentum is {b.get('dialogue_momentum')} and the "
                          "Agreement will not implement itself."),
    Priority("credit_progress", "neutral", 25, ("eu_implementation_report",),
             lambda b: b.get("normalization_total") >= 2,
             lambda b, n: f"{b.me} publishes an implementation report: the parties' progress should count with Allies."),
    Priority("press_belgrade", "firm", 30, ("eu_conditionality_serbia",),
             lambda b: not _coop(b) and b.get("commitment.asm") >= 2 and b.get("commitment.serbia_de_facto") <= 1
             and b.get("serbia_eu_track") >= 4 and b.get("trust.eu.serbia") >= 4
             and not _ordered_now(b, "eu_incentive_serbia"),
             lambda b, n: f"{b.me} ties Serbia's accession to normalization: Prishtina has put the Association's "
                          "statute under its constitutional framework, and Belgrade has taken no de facto "
                          "recognition step beyond documents and plates."),
)

# -- Serbia -------------------------------------------------------------------------------------

SERBIA = (
    Priority("hold_keci_back", "firm", 10, ("srb_lobby_non_recognizers",),
             lambda b: not _coop(b) and b.state.keci_phase >= (0 if _hard(b) else 1)
             and len(b.objections(b.next_motion())) <= 1 and not b.state.keci_suspended,
             lambda b, n: f"{b.me} presses the non-recognizing Allies to hold firm: KECI must not go further."),
    Priority("eu_path", "neutral", 20, ("srb_eu_reforms", "srb_engage_dialogue", "srb_restrain_malign_influence"),
             lambda b: b.get("serbia_eu_track") < _objective_min(b, "eu_path", "serbia_eu_track"),
             lambda b, n: f"{b.me} orders '{n}': its EU track is at {b.get('serbia_eu_track')} and Belgrade wants "
                          "accession to move."),
    Priority("rally_at_home", "firm", 30, ("srb_champion_kosovo_serbs", "srb_host_russian_influence"),
             lambda b: _domestic(b) <= (6 if _hard(b) else 2 if not _coop(b) else 0),
             lambda b, n: f"{b.me} orders '{n}': with domestic support at {_domestic(b)} Belgrade plays to its "
                          "home audience."),
    Priority("reciprocate", "conciliatory", 40, ("srb_de_facto_step", "srb_stop_blocking"),
             lambda b: b.get("commitment.asm") >= 2 and not _hard(b),
             lambda b, n: f"{b.me} reciprocates: Kosovo has put the Association statute under its constitutional "
                          "framework."),
)

FLOWCHARTS: dict[str, tuple[Priority, ...]] = {"kosovo": KOSOVO, "nato": NATO, "eu": EU, "serbia": SERBIA}
