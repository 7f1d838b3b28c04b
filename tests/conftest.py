"""Shared fixtures: the real content, loaded once, and games set up for rules cases."""

from __future__ import annotations

import pytest

from game.engine import Game
from rules.loader import Content, load_content


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture
def game(content: Content) -> Game:
    """A standard game at turn 1, after its briefing, with no crisis card in play."""
    g, _ = Game.new(content, "standard", 7)
    return g
