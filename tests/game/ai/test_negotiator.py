"""Negotiation in character: offers, answers with reasons, principles, partners, promises."""

from __future__ import annotations

import random

from game.ai import choose
from game.ai.board import Board
from game.ai.determinize import determinize
from game.ai.negotiator import Negotiator, partners
from game.ai.persona import own
from game.ai.temperament import Temperament
from rules.core.actions import Action
from rules.core.engine import ACCEPT, COUNTER, END_ORDERS, PROPOSE, REJECT, Game
from rules.core.view import observe
from rules.loader import Content
from rules.values import Deal
from tests.helpers import calm, to_actions


def _offer(game: Game, sender: str, to: str, give: str, ask: str) -> None:
    calm(game)
    game.apply(Action.make(sender, PROPOSE, to=to, give=give, ask=ask, deadline=2))


def test_serbia_will_not_recognize_before_the_association(game: Game) -> None:
    _offer(game, "kosovo", "serbia", "police_rehiring", "de_facto_recognition_step")
    decision = choose(game, "serbia", "normal", "moderate", random.Random(1))
    assert decision.action.id in (REJECT, COUNTER)
    assert "the Association has not been established under the agreed statute" in decision.reason
    assert decision.reason.startswith("Serbia ")


def test_kosovo_wants_reciprocity_for_the_association(game: Game) -> None:
    _offer(game, "serbia", "kosovo", "dialogue_good_faith", "asm_statute_step")
    decision = choose(game, "kosovo", "normal", "hardliner", random.Random(1))
    assert decision.action.id in (REJECT, COUNTER)
    assert "Serbia has taken no de facto recognition step in return" in decision.reason


def test_a_reciprocal_swap_is_weighed_not_refused_on_principle(game: Game) -> None:
    _offer(game, "kosovo", "serbia", "asm_statute_step", "de_facto_recognition_step")
    for temperament in ("hardliner", "moderate", "cooperative"):
        decision = choose(game.clone(), "serbia", "normal", temperament, random.Random(1))
        assert "has not been established" not in decision.reason, decision.reason
    assert choose(game.clone(), "serbia", "normal", "cooperative", random.Random(1)).action.id == ACCEPT


def test_every_answer_gives_a_reason(content: Content) -> None:
    answers = 0
    for seed in range(4):
        game, _ = Game.new(content, "standard", seed)
        rngs = {r: random.Random(r) for r in game.state.seats}
        while not game.over:
            role = game.waiting_for()[0]
            d = choose(game, role, "normal", ("hardliner", "moderate", "cooperative")[seed % 3], rngs[role])
            if d.action.id in (ACCEPT, REJECT, COUNTER):
                answers += 1
                verb = {ACCEPT: "accepts", REJECT: "rejects", COUNTER: "counters"}[d.action.id]
                assert d.reason.startswith(f"{content.roles[role].name} {verb}"), d.reason
                assert len(d.reason.split()) >= 6, d.reason
            if d.action.id == PROPOSE:
                assert "proposes to" in d.reason and content.items[d.action.param("give")].name in d.reason
            game.apply(d.action)
    assert answers >= 10


def test_nato_proposes_the_memorandum_once_the_council_can_agree(game: Game) -> None:
    """AI allies: NATO puts KECI to the Council when no Ally objects; Kosovo signs what it approves."""
    assert "kosovo" in partners(game.content, "nato") and "nato" in partners(game.content, "kosovo")
    to_actions(game)
    game.state.tracks.update(alliance_cohesion=8, north_tension=3, kosovo_credibility=7, malign_influence=4,
                             status_neutrality=8)
    ordered = _orders(game, "nato")
    assert ordered[0].action.id == "nato_propose_keci", ordered[0].reason
    assert "no Ally objects" in ordered[0].reason


def test_nato_launches_keci_before_paying_a_promise(game: Game) -> None:
    """With capital for one of the two, NATO puts the KECI motion the Council would carry before a
    KFOR reassurance it owes Kosovo (paying first left it unable to launch KECI); the Special
    Representative, which the Council can support now, comes before the promise too."""
    to_actions(game)
    game.state.tracks.update(alliance_cohesion=8, north_tension=3, kosovo_credibility=7, malign_influence=4,
                             status_neutrality=8)
    st = game.state
    st.deals.append(Deal(len(st.deals) + 1, 1, "nato", "kosovo", "kfor_reassurance", st.turn))
    rich = game.clone()
    st.role_tracks["nato"]["political_capital"] = 2
    first = _orders(game, "nato")[0]
    assert first.action.id == "nato_propose_keci", first.reason
    # With capital for every step open now, it takes them and keeps its word.
    rich.state.role_tracks["nato"]["political_capital"] = 6
    ids = [d.action.id for d in _orders(rich, "nato")]
    assert ids[:3] == ["nato_propose_keci", "nato_propose_special_rep", "deliver"], ids


def test_kosovo_signs_the_memorandum_before_paying_a_promise(game: Game) -> None:
    to_actions(game)
    st = game.state
    st.keci_mou_approved = True
    st.deals.append(Deal(len(st.deals) + 1, 1, "kosovo", "nato", "police_rehiring", st.turn))
    # Capital for either, not both: it signs, and the promise waits (or lapses).
    st.role_tracks["kosovo"]["political_capital"] = game.content.items["police_rehiring"].deliver_cost
    first = _orders(game, "kosovo")[0]
    assert first.action.id == "kos_sign_keci_mou", first.reason


def test_nato_holds_the_memorandum_back_while_an_ally_objects(game: Game) -> None:
    to_actions(game)
    game.state.tracks.update(alliance_cohesion=8, north_tension=6, kosovo_credibility=7, malign_influence=4)
    assert all(d.action.id != "nato_propose_keci" for d in _orders(game, "nato"))


def test_kosovo_signs_an_approved_memorandum(game: Game) -> None:
    to_actions(game)
    game.state.keci_mou_approved = True
    first = _orders(game, "kosovo")[0]
    assert first.action.id == "kos_sign_keci_mou" and "signs" in first.reason


def _orders(game: Game, role: str) -> list:
    while game.waiting_for()[0] != role:
        other = game.waiting_for()[0]
        game.apply(Action.make(other, END_ORDERS))
    out = []
    rng = random.Random(1)
    while game.waiting_for() and game.waiting_for()[0] == role:
        d = choose(game, role, "normal", "moderate", rng)
        out.append(d)
        game.apply(d.action)
    return out


def test_hardliners_break_their_word_more_often(game: Game) -> None:
    """Keeping a promise in character: whatever a hardliner keeps, a cooperative player keeps too,
    and some promises only the cooperative keeps."""
    c = game.content
    only_cooperative = 0
    for role in game.state.seats:
        boards = {t: Board(determinize(c, observe(game, role), role, random.Random(1)), own(c, role, Temperament(t)))
                  for t in ("hardliner", "cooperative")}
        for item in c.items_by_giver.get(role, []):
            deal = Deal(1, 1, role, next(r for r in game.state.seats if r != role), item, game.state.turn)
            hard_keeps, hard_why = Negotiator(boards["hardliner"]).keeps(deal)
            coop_keeps, coop_why = Negotiator(boards["cooperative"]).keeps(deal)
            assert hard_why and coop_why
            assert coop_keeps or not hard_keeps, (role, item)
            only_cooperative += coop_keeps and not hard_keeps
            if not hard_keeps:
                # The reason says what is let lapse, never the seat's temperament (a secret).
                assert "lapse" in hard_why and "hardliner" not in hard_why
    assert only_cooperative > 0


def test_the_eu_trades_accession_for_implementation_not_attendance(game: Game) -> None:
    """Chapter 35 (the Ohrid annex): Brussels moves Serbia's accession for implementation of the
    Agreement. An accession step for a promise to attend the next round is refused on that
    ground; the same step for a de facto recognition step is weighed, not refused on principle."""
    _offer(game, "serbia", "eu", "dialogue_good_faith", "accession_chapter")
    decision = choose(game.clone(), "eu", "normal", "moderate", random.Random(1))
    assert decision.action.id in (REJECT, COUNTER)
    assert "Chapter 35" in decision.reason
    fresh, _ = Game.new(game.content, "standard", 1)
    _offer(fresh, "serbia", "eu", "de_facto_recognition_step", "accession_chapter")
    decision = choose(fresh, "eu", "normal", "moderate", random.Random(1))
    assert "Chapter 35" not in decision.reason, decision.reason


def test_a_promise_already_owed_is_worth_nothing_more(game: Game) -> None:
    """One delivery's effect per item per turn: an AI does not pay for a second promise of an item
    its giver already owes someone for the same half-year (the same act counts once on the
    ground); owed for another half-year, it is another act and still counts."""
    calm(game)
    c = game.content
    board = Board(determinize(c, observe(game, "nato"), "nato", random.Random(1)), own(c, "nato", Temperament.MODERATE))
    assert Negotiator(board)._value(board.valuer, "police_rehiring", "kosovo", board.prof.capital) > 0
    st = board.game.state
    st.deals.append(Deal(len(st.deals) + 1, 1, "kosovo", "eu", "police_rehiring", st.turn - 1))
    # Owed for an earlier half-year, it is a separate act on the ground and still counts.
    assert Negotiator(Board(board.game, own(c, "nato", Temperament.MODERATE)))._value(
        board.valuer, "police_rehiring", "kosovo", board.prof.capital) > 0
    st.deals.append(Deal(len(st.deals) + 1, 1, "kosovo", "eu", "police_rehiring", st.turn + 1))
    after = Negotiator(Board(board.game, own(c, "nato", Temperament.MODERATE)))
    assert after._value(after.b.valuer, "police_rehiring", "kosovo", board.prof.capital) == 0
    assert after._value(after.b.valuer, "coordinate_with_kfor", "kosovo", board.prof.capital) > 0


def test_a_hardliner_takes_the_reciprocity_it_demands(game: Game) -> None:
    """Serbia offers the de facto step Kosovo's principle asks for, for a step on the Association
    statute: Kosovo accepts in every temperament (a hardliner used to refuse it on its margin), and
    says why in terms a player may read (the step, not its confidential objective). Offered only
    attendance for the same step, a hardliner still refuses on principle."""
    _offer(game, "serbia", "kosovo", "de_facto_recognition_step", "asm_statute_step")
    for temperament in ("hardliner", "moderate", "cooperative"):
        decision = choose(game.clone(), "kosovo", "normal", temperament, random.Random(1))
        assert decision.action.id == ACCEPT, (temperament, decision.reason)
        assert decision.reason.startswith("Kosovo accepts"), decision.reason
        assert "reciprocity" not in decision.reason.lower(), decision.reason


def test_serbia_hardliner_takes_the_statute_for_its_step(game: Game) -> None:
    _offer(game, "kosovo", "serbia", "asm_statute_step", "de_facto_recognition_step")
    decision = choose(game.clone(), "serbia", "normal", "hardliner", random.Random(1))
    assert decision.action.id == ACCEPT, decision.reason


def test_a_hardliner_cooperates_on_what_it_wants_done(game: Game) -> None:
    """A hardliner's margin is the price of a concession, not of cooperation: asked to deliver what
    it wants done anyway, it weighs the deal as a moderate does. A hardliner Kosovo takes EU funds
    for rehiring Kosovo Serb police (which calms the north) and a hardliner EU takes NATO's backing
    of the KECI agenda for joint projects in the north; both used to refuse or haggle."""
    for sender, to, give, ask in (("eu", "kosovo", "eu_funds_kosovo", "police_rehiring"),
                                  ("nato", "eu", "back_keci_agenda", "joint_projects_north")):
        offered = game.clone()
        _offer(offered, sender, to, give, ask)
        decision = choose(offered, to, "normal", "hardliner", random.Random(1))
        assert decision.action.id == ACCEPT, decision.reason


def test_a_hardliner_still_prices_a_concession(game: Game) -> None:
    """Asked for a concession (restraining Russian influence operations costs Belgrade at home),
    a hardliner Serbia refuses what a moderate Serbia accepts; the same for a hardliner Kosovo asked
    for a step on the Association's statute in exchange for EU funds."""
    for sender, to, give, ask in (("nato", "serbia", "kfor_reassurance", "restrain_malign_influence"),
                                  ("eu", "kosovo", "eu_funds_kosovo", "asm_statute_step")):
        offered = game.clone()
        _offer(offered, sender, to, give, ask)
        hard = choose(offered.clone(), to, "normal", "hardliner", random.Random(1))
        soft = choose(offered.clone(), to, "normal", "cooperative", random.Random(1))
        assert hard.action.id == REJECT, hard.reason
        assert soft.action.id == ACCEPT, soft.reason
