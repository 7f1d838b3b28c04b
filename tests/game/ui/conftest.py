"""Headless pygame for the UI tests, and helpers that drive the window with real input events."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import time
from collections.abc import Callable
from pathlib import Path

import pygame
import pytest

from game.store import Store
from game.ui.app import App
from game.ui.settings import Settings


class Driver:
    """Posts keyboard and mouse events like a player, then runs frames."""

    def __init__(self, app: App):
        self.app = app

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.app.screen

    def frame(self, n: int = 1) -> None:
        for _ in range(n):
            self.app.step()

    def key(self, key: int, mod: int = 0) -> None:
        self.frame()  # make sure the hit areas of the current state are registered
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
        self.frame()

    def type(self, chars: str) -> None:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=chars))
        self.frame()

    def click_at(self, pos: tuple[int, int]) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
        self.frame()

    def click(self, label: str) -> None:
        """Click the centre of the button or area with this label, as drawn on screen."""
        self.frame()
        hit = self.screen.ui.find(label)
        assert hit is not None, f"no {label!r} on the {self.screen.name} screen: " + ", ".join(
            h.label for h in self.screen.ui.hits)
        assert hit.enabled, f"{label!r} is disabled"
        self.click_at(hit.rect.center)

    def until(self, condition: Callable[[], bool], timeout: float = 20.0) -> None:
        end = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < end, "timed out waiting for the interface"
            self.frame()
            time.sleep(0.001)


@pytest.fixture
def make_driver(tmp_path: Path):  # type: ignore[no-untyped-def]
    apps: list[App] = []

    def make(size: tuple[int, int] = (1280, 720), db: str = "t.db") -> Driver:
        settings = Settings.load(tmp_path / "settings.json")
        settings.ai_delay = 0.0
        app = App(store=Store(str(tmp_path / db)), size=size, settings=settings)
        apps.append(app)
        return Driver(app)

    yield make
    for app in apps:
        app.store.close()
