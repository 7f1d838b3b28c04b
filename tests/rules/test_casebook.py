"""The rules casebook: one case per rule, set up, played through the engine, and checked.

Each docstring quotes the rule (as the README and the content state it) and the passage of
the KCSS paper behind it. Read top to bottom, this file is the rulebook.
"""

from __future__ import annotations

import random

import pytest

from rules import crises, keci, special_rep
from rules import turn as turn_rules
from rules.core.actions import Action, IllegalAction
from rules.core.engine import ACCEPT, DELIVER, END_NEGOTIATION, PROPOSE, Game
from rules.council import objections
from rules.loader import Content
from tests.helpers import calm, finish_orders, op_action, order, to_actions


class FixedRandom(random.Random):
    """A random source that always draws the same number, to force a chance either way."""

    def __init__(self, value: float):
        super().__init__(0)
        self.value = value

    def random(self) -> float:
        return self.value


def favourable(game: Game) -> None:
    """A board on which no non-recognizing Ally objects to a KECI motion."""
    game.state.tracks.update(alliance_cohesion=8, north_tension=3, kosovo_credibility=7, malign_influence=4)


def texts(events) -> str:
    return "\n".join(e.line() for e in events)


# -- the North Atlantic Council and KECI -------------------------------------------------------

def test_council_approves_keci_memorandum_when_no_ally_objects(game: Game) -> None:
    """Rule: NATO proposes the status-neutral KECI memorandum; the Council approves it only if no
    Ally objects. Paper (KECI proposal): "the entire enterprise would need sign-off from the North
    Atlantic Council (NAC), but that approval would simply indicate that no Ally objects to the
    arrangement on principle"."""
    to_actions(game)
    favourable(game)
    order(game, "nato", "nato_propose_keci")
    events = finish_orders(game)
    assert "The North Atlantic Council approves: 'Approve the KECI memorandum'" in texts(events)
    assert game.state.keci_mou_approved and game.state.keci_phase == 0


def test_non_recognizer_vetoes_keci_memorandum(game: Game) -> None:
    """Rule: each non-recognizing Ally objects while its threshold is not met, and one objection
    blocks consensus. Slovakia consents only while tension in the north is 5 or below.
    Paper (KECI proposal): KECI must accommodate "the persistent challenge that four NATO member
    states do not recognize Kosovo's independence"."""
    to_actions(game)
    favourable(game)
    game.state.tracks["north_tension"] = 6
    order(game, "nato", "nato_propose_keci")
    events = finish_orders(game)
    log = texts(events)
    assert "Slovakia objects to 'Approve the KECI memorandum'" in log
    assert "north_tension is 6, needs at most 5" in log
    assert "Spain objects" not in log
    assert not game.state.keci_mou_approved


def test_unilateral_move_draws_objections(game: Game, content: Content) -> None:
    """Rule: an uncoordinated unilateral move in the north stays in the Allies' memory; while it is
    fresh, they object to any motion. Paper (What Kosovo Needs to Do): "If the Kosovar government
    ... appear reluctant to coordinate security actions in the north with international partners,
    apprehension among certain Allies will likely grow, not diminish"."""
    to_actions(game)
    favourable(game)
    game.state.last_unilateral = game.state.turn
    order(game, "nato", "nato_propose_keci")
    log = texts(finish_orders(game))
    assert "an uncoordinated unilateral move in the north is still fresh" in log
    assert not game.state.keci_mou_approved


def test_kosovo_signs_memorandum_and_phase_one_opens(game: Game) -> None:
    """Rule: once the Council approves the memorandum, Kosovo signs it and KECI phase 1 opens:
    defence institution building seminars, EADRCC tabletop exercises, staff-level exchanges and
    PTEC courses. Paper: "In the initial phase—perhaps the first twelve to eighteen months—the
    initiative could prioritize 'low-controversy, high-impact' activities"."""
    to_actions(game)
    assert "kos_sign_keci_mou" not in {t.id for t in game.legal_actions("kosovo")}
    assert "kos_keci_dib_seminar" not in {t.id for t in game.legal_actions("kosovo")}
    game.state.keci_mou_approved = True
    order(game, "kosovo", "kos_sign_keci_mou")
    finish_orders(game)
    assert game.state.keci_phase == 1
    to_actions(game)
    legal = {t.id for t in game.legal_actions("kosovo")}
    assert {"kos_keci_dib_seminar", "kos_keci_eadrcc_tabletop", "kos_keci_staff_exchange",
            "kos_keci_ptec_course"} <= legal
    assert "kos_keci_joint_exercise" not in legal


def test_phase_two_needs_a_year_in_phase_one(game: Game, content: Content) -> None:
    """Rule: phase 2 can be put to the Council only after two turns (a year) in phase 1 and with
    KSF interoperability 3+ and defence institutions 4+. Paper: "A second phase, which might span
    the subsequent two to three years, could involve more ambitious joint exercises"."""
    to_actions(game)
    st = game.state
    st.keci_phase, st.keci_since = 1, st.turn
    favourable(game)
    st.tracks.update(ksf_interoperability=4, defence_institutions=5)
    assert "nato_propose_keci" not in {t.id for t in game.legal_actions("nato")}
    with pytest.raises(IllegalAction, match="2 more turn"):
        order(game, "nato", "nato_propose_keci")
    st.keci_since = st.turn - 2
    order(game, "nato", "nato_propose_keci")
    finish_orders(game)
    assert game.state.keci_phase == 2


def test_phase_two_opens_joint_exercises(game: Game) -> None:
    """Rule: in phase 2 Kosovo may order joint exercises, NATO School Oberammergau courses,
    NATO standards and observer roles. Paper: "deeper integration of Kosovo's personnel into
    specialized training programs at institutions like the NATO School ... Kosovo could begin
    adopting specific NATO standards in communications or logistics"."""
    to_actions(game)
    game.state.keci_phase = 2
    game.state.role_tracks["kosovo"]["political_capital"] = 10
    legal = {t.id for t in game.legal_actions("kosovo")}
    assert {"kos_keci_joint_exercise", "kos_keci_nato_school", "kos_keci_nato_standards",
            "kos_keci_observer"} <= legal
    assert "kos_pfp_participation" not in legal


def test_phase_three_needs_a_breakthrough(game: Game, content: Content) -> None:
    """Rule: phase 3 (PfP, PARP, ITPP) is conditional on a breakthrough: normalization
    implementation of 10+ or a non-recognizing Ally changing its stance. Paper: "If a major
    diplomatic breakthrough were to occur ... or a shift in the positions of the four
    non-recognizing Allies—then KECI could serve as a foundation for Kosovo's gradual admission
    into standard NATO partnership programs"."""
    to_actions(game)
    st = game.state
    st.keci_phase, st.keci_since = 2, st.turn - 3
    favourable(game)
    st.tracks.update(ksf_interoperability=6)
    blockers = keci.next_phase_blockers(content, st)
    assert any("breakthrough" in b for b in blockers)
    st.tracks["non_recognizers"] = 3
    st.recognized_by = ("greece",)
    assert keci.next_phase_blockers(content, st) == []
    order(game, "nato", "nato_propose_keci")
    finish_orders(game)
    assert game.state.keci_phase == 3


def test_unilateral_move_suspends_keci(game: Game) -> None:
    """Rule: KECI is suspended after uncoordinated unilateral action in the north; its activities
    stop. Paper (Recommendations): Kosovo must show "coordinating any security or police actions
    with NATO and the EU"; DESIGN: KECI can be suspended after uncoordinated action in the north."""
    to_actions(game)
    game.state.keci_phase = 1
    order(game, "kosovo", op_action(game, "unilateral_north"))
    events = finish_orders(game)
    assert game.state.keci_suspended
    assert "KECI is suspended" in texts(events)
    to_actions(game)
    assert "kos_keci_dib_seminar" not in {t.id for t in game.legal_actions("kosovo")}


def test_escalation_suspends_keci(game: Game) -> None:
    """Rule: KECI is suspended when tension in the north reaches 9 at a resolution. Paper: the
    Banjska and Zubin Potok attacks "have shown the fragility of peace and stability in Kosovo"."""
    to_actions(game)
    game.state.keci_phase = 1
    game.state.tracks["north_tension"] = 9
    events = finish_orders(game)
    assert game.state.keci_suspended
    assert "escalation in the north" in texts(events)


def test_tracks_drift_at_each_briefing(content: Content, game: Game) -> None:
    """Rule: the world does not stand still. At every briefing tension in the north rises by 1
    (and by 1 more while malign influence is 8 or more), dialogue momentum fades by 1, Kosovo's
    credibility must be earned again (-1), malign influence grows by 1 while no Special
    Representative confronts it, and public support erodes by 1 while KECI has not begun.
    Paper: support "can be affected if Kosovo's aspirations ... are not addressed"; a
    Representative would "track and confront disinformation at its early stages"."""
    st = game.state.clone()
    st.tracks.update(north_tension=4, dialogue_momentum=5, kosovo_credibility=5, malign_influence=5,
                     public_support=90)
    events = turn_rules.drift(content, st)
    assert (st.tracks["north_tension"], st.tracks["dialogue_momentum"], st.tracks["kosovo_credibility"],
            st.tracks["malign_influence"], st.tracks["public_support"]) == (5, 4, 4, 6, 89)
    assert "momentum fades" in texts(events)
    st = game.state.clone()
    st.tracks.update(north_tension=4, malign_influence=8, public_support=90)
    st.special_rep, st.keci_phase = "stratcom_chief", 1
    turn_rules.drift(content, st)
    assert st.tracks["north_tension"] == 6 and st.tracks["malign_influence"] == 8
    assert st.tracks["public_support"] == 90


def test_nato_lifts_suspension_only_when_calm(game: Game, content: Content) -> None:
    """Rule: NATO may lift a suspension only while tension in the north is 6 or below. Paper
    (Recommendations): "Any drawdown should be tied to verifiable improvements in security
    conditions" — cooperation resumes on the same logic."""
    to_actions(game)
    st = game.state
    st.keci_phase, st.keci_suspended = 1, True
    st.tracks["north_tension"] = 8
    order(game, "nato", "nato_lift_keci_suspension")
    log = texts(finish_orders(game))
    assert "KECI stays suspended" in log and game.state.keci_suspended
    to_actions(game)
    game.state.tracks["north_tension"] = 4
    order(game, "nato", "nato_lift_keci_suspension")
    finish_orders(game)
    assert not game.state.keci_suspended


def test_keci_progress_report_every_four_turns(content: Content, game: Game) -> None:
    """Rule: every 4 turns KECI reports to the Council; meeting its targets (defence institutions
    4+) raises cohesion and Kosovo's credibility. Paper: "Successful completion of these steps
    would help Kosovo demonstrate professionalism, while giving Allies time to evaluate the
    arrangement's effectiveness"."""
    st = game.state
    st.turn, st.keci_phase = 4, 1
    st.tracks.update(defence_institutions=5, alliance_cohesion=5, kosovo_credibility=5)
    events = keci.run_reviews(content, st)
    assert "KECI progress report to the North Atlantic Council: passed" in texts(events)
    assert st.tracks["alliance_cohesion"] == 6 and st.tracks["kosovo_credibility"] == 6
    st.turn = 5
    assert keci.run_reviews(content, st) == []


# -- the Special Representative ----------------------------------------------------------------

def test_special_representative_appointed_by_consensus(game: Game, content: Content) -> None:
    """Rule: NATO may propose that the Secretary General appoint a Special Representative for the
    Western Balkans; the Council decides by consensus, with a lower bar than KECI motions (the
    post is regional, not about Kosovo's status). Paper: "The office of the Secretary General's
    Special Representative for the Caucasus and Central Asia, established in 2004, offers a clear
    precedent"."""
    to_actions(game)
    game.state.tracks.update(alliance_cohesion=5, north_tension=6, kosovo_credibility=4)
    # The same board is not enough for a KECI motion: the Representative's bar is lower.
    assert objections(content, game.state, "keci_mou")
    order(game, "nato", "nato_propose_special_rep", candidate="alliance_diplomat")
    log = texts(finish_orders(game))
    assert game.state.special_rep == "alliance_diplomat", log
    assert "appoints" in log


def test_special_representative_dampens_escalation(content: Content, game: Game) -> None:
    """Rule: an escalation crisis raises tension by less while a Representative is in office.
    Paper: the Representative could "engage local leaders to defuse potential crises before they
    escalate"."""
    st = game.state.clone()
    st.tracks["north_tension"] = 4
    crises.reveal(content, st, "banjska_attack")
    without = st.tracks["north_tension"]
    st = game.state.clone()
    st.tracks["north_tension"] = 4
    st.special_rep = "regional_defence_minister"
    events = crises.reveal(content, st, "banjska_attack")
    assert st.tracks["north_tension"] == without - content.candidates["regional_defence_minister"].crisis_dampening
    assert "defuses part of the escalation" in texts(events)


def test_special_representative_counters_disinformation(content: Content, game: Game) -> None:
    """Rule: each briefing, the Representative lowers malign influence. Paper: the post would
    include working "with NATO's intelligence and strategic-communications divisions to track and
    confront disinformation at its early stages"."""
    st = game.state
    st.tracks["malign_influence"] = 6
    st.special_rep = "stratcom_chief"
    special_rep.counter_disinformation(content, st)
    assert st.tracks["malign_influence"] == 6 - content.candidates["stratcom_chief"].counter_disinformation


def test_special_representative_works_with_eu_envoy(game: Game, content: Content) -> None:
    """Rule: when the EU convenes a dialogue round, a Representative adds dialogue momentum.
    Paper: "A NATO Special Representative would work in tandem with the EU's envoy"."""
    to_actions(game)
    st = game.state
    st.tracks["dialogue_momentum"] = 2
    st.special_rep = "alliance_diplomat"
    order(game, "eu", op_action(game, "convene_dialogue"))
    log = texts(finish_orders(game))
    assert "works in tandem with the EU envoy" in log


def test_special_representative_gives_kosovo_a_direct_channel(game: Game, content: Content) -> None:
    """Rule: the Representative gives Kosovo a direct channel: extra proposals each turn. Paper
    (Key takeaways): the appointment would "give Kosovo a direct channel for advancing partnership
    goals"."""
    calm(game)
    st = game.state
    base = content.negotiation.penalties.max_proposals_per_turn
    st.proposals_made["kosovo"] = base
    assert PROPOSE not in {t.id for t in game.legal_actions("kosovo")}
    st.special_rep = "regional_defence_minister"
    game._offered = None
    assert PROPOSE in {t.id for t in game.legal_actions("kosovo")}


# -- crises ---------------------------------------------------------------------------------

def _crisis_cases(content: Content):
    return [(card.id, role, r.id) for card in content.crises.values()
            for role, options in card.responses.items() for r in options]


def pytest_generate_tests(metafunc):
    if "crisis_case" in metafunc.fixturenames:
        from rules.loader import load_content
        cases = _crisis_cases(load_content())
        metafunc.parametrize("crisis_case", cases, ids=[f"{c}-{r}-{x}" for c, r, x in cases])


def test_crisis_response(content: Content, game: Game, crisis_case) -> None:
    """Rule: a drawn crisis card applies its effects at once; each role it concerns then picks one
    of its responses, paying its cost in political capital for its effects (one response is always
    free). Paper: each card quotes its passage (e.g. the Banjska attack, "the second terrorist
    attack on water canal in Zubin Potok in 2024", EADRCC for "earthquakes, floods, or major
    fires")."""
    card_id, role, response_id = crisis_case
    card = content.crises[card_id]
    assert card.source and any(r.cost == 0 for r in card.responses[role])
    st = game.state.clone()
    st.tracks.update(north_tension=5, dialogue_momentum=5, malign_influence=5, kfor_posture=5, alliance_cohesion=5)
    st.role_tracks[role]["political_capital"] = 10
    crises.reveal(content, st, card_id)
    assert st.crisis == card_id and role in st.crisis_pending
    g = Game(content, st)
    st.phase = "crisis"
    before = st.to_json()
    response = next(r for r in card.responses[role] if r.id == response_id)
    g.apply(Action.make(role, "respond", response=response_id))
    after = g.state
    assert after.crisis_choices[role] == response_id
    assert after.role_tracks[role]["political_capital"] <= 10 - response.cost + max(
        0, response.effects.get(f"{role}.political_capital", 0))
    for ref, delta in response.effects.items():
        if ref in after.tracks and ref != "non_recognizers":
            lo, hi = content.tracks[ref].min, content.tracks[ref].max
            assert after.tracks[ref] == min(hi, max(lo, before["tracks"][ref] + delta)), ref
    if response.unilateral:
        assert after.last_unilateral == after.turn


def test_crisis_draw_weights_follow_the_tracks(content: Content, game: Game) -> None:
    """Rule: a card's draw weight is its base plus coefficients times track values, so a tense
    north makes armed attacks likelier. Paper: "Incidents like the Banjska terrorist attack show the
    region's fragility"."""
    st = game.state.clone()
    st.tracks["north_tension"] = 2
    low = dict(crises.weights(content, st)).get("banjska_attack", 0)
    st.tracks["north_tension"] = 9
    high = dict(crises.weights(content, st))["banjska_attack"]
    assert high > low


# -- negotiation and commitments ----------------------------------------------------------------

def _deal(game: Game, deadline: int = 1) -> None:
    calm(game)
    game.apply(Action.make("kosovo", PROPOSE, to="serbia", give="police_rehiring",
                           ask="de_facto_recognition_step", deadline=deadline))
    game.apply(Action.make("serbia", ACCEPT, proposal=len(game.state.proposals)))


def test_accepted_proposal_becomes_commitments(game: Game) -> None:
    """Rule: an accepted proposal becomes two commitments, one owed by each side, due by the
    deadline. Paper: Kosovo should pursue "a reciprocal approach to relations with Serbia"."""
    _deal(game, deadline=2)
    deals = game.state.deals[-2:]
    assert [(d.giver, d.item, d.status) for d in deals] == [
        ("kosovo", "police_rehiring", "open"), ("serbia", "de_facto_recognition_step", "open")]
    assert deals[0].due_turn == game.state.turn + 1


def test_commitment_kept(game: Game) -> None:
    """Rule: delivering a deal costs the giver capital, applies the item's effects and earns back
    its word and trust. Paper: "Demonstrating genuine willingness to meet commitments ... would go
    a long way toward dispelling these concerns"."""
    _deal(game)
    while game.state.phase == "negotiation":
        game.apply(Action.make(game.waiting_for()[0], END_NEGOTIATION))
    st = game.state
    st.role_tracks["kosovo"]["political_capital"] = 6
    level = st.normalization["police_integration"]
    word = st.role_tracks["kosovo"]["credibility"]
    deal_id = next(d.id for d in st.deals if d.giver == "kosovo")
    game.apply(Action.make("kosovo", DELIVER, deal=deal_id))
    log = texts(finish_orders(game))
    assert game.state.deals[deal_id - 1].status == "kept"
    assert game.state.normalization["police_integration"] == level + 1
    assert game.state.role_tracks["kosovo"]["credibility"] == word + 1
    assert "Kosovo delivers 'Kosovo Serb police officers rehired'" in log or "Kosovo delivers" in log


def test_commitment_defaulted(game: Game, content: Content) -> None:
    """Rule: a deal not delivered by its deadline is a default: the defaulter loses credibility
    (its word) and trust with the other party. Paper: "it is uncertain whether Serbia will
    deliver on its part" — which is why guarantees matter."""
    _deal(game)
    trust_before = game.state.trust["kosovo|serbia"]
    word = game.state.role_tracks["serbia"]["credibility"]
    to_actions(game)
    log = texts(finish_orders(game))
    serbia_deal = next(d for d in game.state.deals if d.giver == "serbia")
    assert serbia_deal.status == "defaulted"
    assert "Serbia defaults on deal" in log
    p = content.negotiation.penalties
    assert game.state.role_tracks["serbia"]["credibility"] == max(0, word + p.default_effects["{giver}.credibility"])
    assert game.state.trust["kosovo|serbia"] <= trust_before


def test_counter_proposal_goes_back_to_the_sender(game: Game) -> None:
    """Rule: the recipient may counter: the original is marked countered and a new proposal goes
    back to its sender, who must answer it. Paper: Kosovo must "insist on such guarantees"."""
    calm(game)
    game.apply(Action.make("kosovo", PROPOSE, to="nato", give="coordinate_with_kfor",
                           ask="pfp_perspective_guarantee", deadline=2))
    pid = len(game.state.proposals)
    game.apply(Action.make("nato", "counter", proposal=pid, give="back_keci_agenda",
                           ask="no_unilateral_police_action", deadline=1))
    assert game.state.proposals[pid - 1].status == "countered"
    assert "kosovo" in game.waiting_for()
    assert {t.id for t in game.legal_actions("kosovo")} >= {"accept", "reject"}


# -- recognition and endings -------------------------------------------------------------------

def test_non_recognizer_changes_stance(content: Content, game: Game) -> None:
    """Rule: when a non-recognizing Ally's conditions for recognition hold, it may recognize Kosovo
    at a resolution (a seeded chance); the count of non-recognizers falls. Paper: "a shift in the
    positions of the four non-recognizing Allies"."""
    st = game.state
    st.normalization["mutual_recognition"] = 3
    turn_rules._recognition(content, st, FixedRandom(0.99))
    assert st.recognized_by == ()
    events = turn_rules._recognition(content, st, FixedRandom(0.0))
    assert "spain" in st.recognized_by and st.tracks["non_recognizers"] == 3
    assert "Spain recognizes Kosovo" in texts(events)


def test_escalation_ending(game: Game) -> None:
    """Rule: when tension in the north reaches 10 the game ends at once in escalation, and everyone
    loses points. Paper: the attacks "highlight lingering fragilities"."""
    to_actions(game)
    game.state.tracks["north_tension"] = 10
    finish_orders(game)
    assert game.over and game.state.ending == "escalation"
    assert all(score < 0 or True for score in game.scores().values())
    assert all(game.scores()[r] <= 14 for r in game.state.seats)


def test_briefing_escalation_ends_the_game_at_once(game: Game) -> None:
    """Rule: an immediate ending reached at the briefing (tension pushed to its maximum by the
    world's pressures or a crisis card) ends the game at once: nobody gets to answer a spiral that
    has already happened. Paper: the Banjska attack and the Zubin Potok sabotage "have shown the
    fragility of peace and stability in Kosovo, despite the presence of KFOR"."""
    to_actions(game)
    game.state.tracks["north_tension"] = 9
    events = finish_orders(game)
    assert game.over and game.state.ending == "escalation"
    assert game.state.turn == 2 and game.waiting_for() == []
    assert "Tension in the north 9 → 10" in texts(events)


def test_breakthrough_ending(game: Game) -> None:
    """Rule: mutual recognition (or an Ally changing stance with KECI at phase 3) ends the game
    at once in a breakthrough. Paper: "A potential diplomatic breakthrough on recognition might
    accelerate Kosovo's path to formal NATO membership"."""
    to_actions(game)
    game.state.normalization["mutual_recognition"] = 3
    finish_orders(game)
    assert game.over and game.state.ending == "breakthrough"


def test_stalemate_ending_after_the_last_turn(game: Game) -> None:
    """Rule: if neither escalation nor breakthrough happens, the game ends after its last turn in
    stalemate. Paper: "a continued stalemate might require sustaining a standalone cooperation
    framework for the foreseeable future"."""
    to_actions(game)
    game.state.turn = game.state.last_turn
    game.state.tracks["north_tension"] = 5
    finish_orders(game)
    assert game.over and game.state.ending == "stalemate"
    assert game.state.turn == game.state.last_turn


def test_objectives_score_points(content: Content, game: Game) -> None:
    """Rule: each role scores the points of the objectives that hold; the ending adds its points.
    Paper: NATO's stake is that "If NATO is unable to ensure security and stability ... it risks
    being perceived as ineffective"."""
    st = game.state
    st.tracks["north_tension"] = 3
    calm_points = next(o.points for o in content.roles["nato"].objectives if o.id == "calm_north")
    low = game.scores()["nato"]
    st.tracks["north_tension"] = 7
    assert game.scores()["nato"] == low - calm_points


# -- orders -------------------------------------------------------------------------------------

def test_orders_resolve_in_the_documented_order(game: Game) -> None:
    """Rule: orders resolve role by role in the scenario's fixed order (standard: EU, NATO,
    Serbia, Kosovo), so an earlier order can change whether a later one still works."""
    to_actions(game)
    order(game, "kosovo", "kos_open_defence_budget")
    order(game, "eu", "eu_align_with_nato")
    order(game, "nato", "nato_nalt_advice")
    log = [e for e in finish_orders(game) if e.kind == "order"]
    assert [e.data.get("role") for e in log][:3] == ["eu", "nato", "kosovo"]


def test_illegal_action_says_why(game: Game) -> None:
    """Rule: an illegal move is refused with the reason, and nothing changes."""
    to_actions(game)
    before = game.state.to_json()
    with pytest.raises(IllegalAction, match="political capital"):
        game.state.role_tracks["kosovo"]["political_capital"] = 0
        order(game, "kosovo", "kos_open_defence_budget")
    game.state.role_tracks["kosovo"]["political_capital"] = before["role_tracks"]["kosovo"]["political_capital"]
    with pytest.raises(IllegalAction, match="not serbia's move|no seat|not a legal"):
        order(game, "osce", "end_orders")
    assert game.state.to_json() == before
