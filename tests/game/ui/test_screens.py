"""Screenshot tests: every screen at 1280x720 and 1920x1080, judged as a player would.

Not blank; the panels a player expects are there (found by the text drawn on them); and no text
is drawn outside its box or cut short with an ellipsis.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui.screenshots import capture_all

EXPECTED = {
    "title": ["KECI", "New game", "Continue", "Load a saved game", "Settings", "Quit", "Leposavić", "Zvečan"],
    "new_game": ["New game", "Scenario", "Kosovo", "Serbia", "Seed", "Start the game"],
    "load": ["Load a saved game", "Solo: Kosovo vs AI", "Seminar group B", "Delete", "Load"],
    "settings": ["Settings", "Hints on the first turn", "Text size"],
    "help": ["Help", "A turn (half a year)", "KECI, the Kosovo Enhanced Cooperation Initiative", "consensus"],
    "briefing": ["Briefing for Arbër Krasniqi", "Your situation: Kosovo", "Public objectives", "Start playing"],
    "confirm": ["Are you sure?", "unilateral", "Yes, do it", "No, go back"],
    "board_crisis": ["Tension in the north", "KECI ladder", "North Atlantic Council", "Crisis", "Log",
                     "Choose your response", "Respond", "Source (the paper)", "Spain", "Prishtina", "KFOR"],
    "board_negotiation": ["Offers to you (1)", "Accept", "Reject", "Counter", "Propose a deal", "You give",
                          "You ask", "Deadline", "Send proposal", "Finish negotiating"],
    "board_actions": ["Order actions", "Order this", "Submit orders", "◆"],
    "board_deals": ["Commitments", "Normalization", "Trust"],
    "board_objectives": ["Your objectives", "(Secret)", "Other roles"],
    "handover": ["Pass the screen to", "show my board"],
    "projector": ["Tension in the north", "KECI ladder", "North Atlantic Council", "Log", "Prishtina"],
    "board_paused": ["Paused by the facilitator: Press conference", "left — stopped"],
    "facilitator": ["Facilitator", "The table", "Waiting for", "Resume", "Set deadline", "Inject", "Hand over",
                    "Rule", "Log"],
    "join": ["Join a table", "Server", "Code", "cannot reach a KECI server", "Join"],
    "projector_results": ["Results of turn 1", "What each side did", "What changed and why",
                          "The board comes back by itself"],
    "end": ["Game over", "Scores and objectives", "Main tracks over the turns", "Tension in the north"],
    "new_game_neutral": ["Wording", "Status-neutral", "Kosovo* with the EU's footnote"],
    "briefing_neutral": ["Your situation: Kosovo", "Public objectives", "Start playing"],
    "board_neutral": ["Tension in the north", "KECI ladder", "Pristina/Prishtinë", "Banjska/Banjskë",
                      "Zvečan/Zveçan", "Leposavić/Leposaviq", "KOSOVO*"],
    "projector_neutral": ["Tension in the north", "Pristina/Prishtinë", "Banjska/Banjskë"],
}
NEUTRAL = ("briefing_neutral", "board_neutral", "projector_neutral")


@pytest.fixture(scope="module", params=[(1280, 720), (1920, 1080)], ids=["720p", "1080p"])
def shots(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    return request.param, capture_all(Path(tmp_path_factory.mktemp("shots")), request.param)


def test_projector_shows_only_public_information(shots) -> None:  # type: ignore[no-untyped-def]
    """No play panel, no objectives, no orders: nothing a role keeps to itself reaches the room."""
    _, captured = shots
    texts = "\n".join(d.text for d in captured["projector"][1])
    for private in ("Objectives", "Your move", "(Secret)", "Confidential", "political capital ·", "Order this"):
        assert private not in texts, private


def test_every_screen_is_captured(shots) -> None:  # type: ignore[no-untyped-def]
    _, captured = shots
    assert set(captured) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_screen_looks_right(shots, name: str) -> None:  # type: ignore[no-untyped-def]
    size, captured = shots
    surface, drawn = captured[name]
    assert surface.get_size() == size
    # Not blank: many distinct colours across the picture.
    small = pygame.transform.scale(surface, (64, 36))
    colours = {small.get_at((x, y))[:3] for x in range(64) for y in range(36)}
    assert len(colours) > 5, f"{name} looks blank"
    texts = "\n".join(d.text for d in drawn)
    for needle in EXPECTED[name]:
        assert needle in texts, f"{name}: a player would expect to see {needle!r}"
    outside = [d for d in drawn if not d.box.contains(d.rect)]
    assert not outside, f"{name}: text drawn outside its box: {[(d.text[:40], d.rect, d.box) for d in outside[:3]]}"
    cut = [d for d in drawn if d.overflow]
    assert not cut, f"{name}: text cut off: {[d.text[:60] for d in cut[:3]]}"
    screen = pygame.Rect((0, 0), size)
    assert all(screen.contains(d.rect) for d in drawn)
    # Readable in a room: nothing below 13 px on a 1280x720 window (19 px at 1920x1080), nothing shrunk.
    floor = int(13 * min(size[0] / 1280, size[1] / 720))
    small = [(d.text[:40], d.px) for d in drawn if d.px < floor]
    assert not small, f"{name}: text below {floor} px: {small[:3]}"
    if name in ("projector", "projector_results") and size == (1920, 1080):
        assert min(d.px for d in drawn) >= 18, "the projector view has text below 18 px at 1920x1080"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_map_labels_never_overlap(shots, name: str) -> None:  # type: ignore[no-untyped-def]
    from game.ui.screenshots import LABELS

    assert shots  # the screens were captured (and LABELS filled) at this size
    labels = LABELS.get(name, [])
    if name in ("title", "board_crisis", "board_actions"):
        assert len(labels) >= 14, f"{name}: the map's labels are missing: {labels}"
    for i, (a, ra) in enumerate(labels):
        for b, rb in labels[i + 1:]:
            assert not ra.colliderect(rb), f"{name}: map labels {a!r} and {b!r} overlap"


@pytest.mark.parametrize("name", NEUTRAL)
def test_a_neutral_game_is_worded_neutrally_on_every_screen(shots, name: str) -> None:  # type: ignore[no-untyped-def]
    """In the status-neutral wording a player reads Kosovo*, both forms of the place names, and
    the footnote exactly once (at the foot of the window); never "Republic of Kosovo"."""
    import re

    from rules import wording

    _, captured = shots
    drawn = captured[name][1]
    texts = [d.text for d in drawn]
    assert texts.count(wording.footnote("neutral")) == 1
    joined = "\n".join(texts)
    assert "Republic of Kosovo" not in joined and "Kosovo*" in joined
    bare = re.findall(r"(?<![/\w])(Prishtina|Pristina|Mitrovica|Banjska|Zvečan|Leposavić)(?![/\w])", joined)
    assert not bare, bare[:3]
    note = next(d for d in drawn if d.text == wording.footnote("neutral"))
    assert note.rect.bottom > captured[name][0].get_height() * 0.9  # a footer, below everything else
    for other in ("board_crisis", "projector", "title", "new_game_neutral"):
        assert wording.footnote("neutral") not in [d.text for d in captured[other][1]]
