"""The new-game screen: scenario, each seat human or AI (level, temperament), names, seed."""

from __future__ import annotations

import random
from functools import lru_cache, partial

import pygame

from game.ai import LEVELS, TEMPERAMENTS
from game.store import SeatSpec
from game.ui import text, theme
from game.ui.app import App, Screen
from game.ui.widgets import TextField, panel
from rules.loader import Content, load_content

#: What the wording choice means, on hover (the window's tooltips).
WORDING_TIP = ("How every text of this game is worded, on every screen, printout and export: the KCSS paper's "
               "own words, or the status-neutral forms officials from Pristina, Belgrade and the non-recognizing "
               "capitals can all accept (Kosovo* with the footnote the EU has used since 2012, Pristina/Prishtinë, "
               "Serbian and Albanian names in the north). It changes words only: the same seed and moves give the "
               "same game.")


@lru_cache(maxsize=1)
def shipped_content() -> Content:
    return load_content()


class SeatChoice:
    def __init__(self, role: str, human: bool):
        self.role = role
        self.human = human
        self.level = "normal"
        self.temperament = "moderate"
        self.name = TextField("", max_len=24, label=f"name-{role}")


class NewGameScreen(Screen):
    name = "new_game"

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.content = shipped_content()
        self.scenarios = sorted(self.content.scenarios, key=lambda s: self.content.scenarios[s].turns)
        self.scenario = "classroom" if "classroom" in self.scenarios else self.scenarios[0]
        self.seed = TextField(str(random.randrange(1, 100000)), max_len=9, digits_only=True, label="seed")
        self.game_name = TextField("", max_len=40, label="game-name")
        #: How the game's texts are worded (rules/wording.py), kept with the session.
        self.wording_choice = "plain"
        self._seats_for_scenario()

    def _seats_for_scenario(self) -> None:
        seats = self.content.scenario(self.scenario).seats
        self.seats = [SeatChoice(r, human=(i == 0)) for i, r in enumerate(seats)]

    @property
    def fields(self) -> list[TextField]:
        return [self.game_name, self.seed] + [s.name for s in self.seats]

    def handle(self, event: pygame.event.Event) -> None:
        for field in self.fields:
            if field.handle(event):
                if event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
                    self._focus_next(field)
                self.dirty = True
                return
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.dirty = True  # a click outside the fields took the focus away
        super().handle(event)

    def _focus_next(self, field: TextField) -> None:
        fields = self.fields
        fields[(fields.index(field) + 1) % len(fields)].focused = True

    def draw_static(self, surface: pygame.Surface) -> None:
        w, h = self.app.size
        px = self.px
        c = self.content
        box = theme.rect(w * 0.04, h * 0.04, w * 0.92, h * 0.92)
        inner = panel(surface, box, "New game", px * 1.3)
        lh = px * 2.3
        col = inner.w
        y: float = inner.y
        sc = c.scenarios[self.scenario]
        text.draw(surface, "Scenario", theme.rect(inner.x, y, col * 0.16, lh), px, bold=True, valign="middle")
        self.ui.button(surface, theme.rect(inner.x + col * 0.17, y, col * 0.4, lh),
                       f"{sc.name} — {sc.turns} turns", self._next_scenario, pygame.K_F2)
        text.draw(surface, "Game name", theme.rect(inner.x + col * 0.6, y, col * 0.14, lh), px, bold=True,
                  valign="middle")
        self.game_name.draw(surface, theme.rect(inner.x + col * 0.74, y, col * 0.26, lh), px)
        y += lh + px * 0.4
        text.draw(surface, sc.explanation if hasattr(sc, "explanation") else "",
                  theme.rect(inner.x + col * 0.17, y, col * 0.83, px * 2.6), px * 0.85, theme.MUTED)
        y += px * 2.8
        headers = [("Seat", 0.0, 0.17), ("Played by", 0.17, 0.17), ("AI level", 0.35, 0.15),
                   ("AI temperament", 0.51, 0.17), ("Player name", 0.69, 0.31)]
        for label, x, wd in headers:
            text.draw(surface, label, theme.rect(inner.x + col * x, y, col * wd, px * 1.5), px * 0.9, theme.MUTED,
                      bold=True)
        y += px * 1.6
        for i, seat in enumerate(self.seats):
            role = c.roles[seat.role]
            mark = theme.rect(inner.x, y + lh * 0.25, px * 0.8, lh * 0.5)
            pygame.draw.rect(surface, theme.role_color(seat.role), mark)
            text.draw(surface, role.name, theme.rect(inner.x + px * 1.2, y, col * 0.17 - px * 1.2, lh), px,
                      bold=True, valign="middle")
            self.ui.button(surface, theme.rect(inner.x + col * 0.17, y, col * 0.17, lh),
                           "Human" if seat.human else "AI", partial(self._toggle, seat), pygame.K_1 + i)
            self.ui.button(surface, theme.rect(inner.x + col * 0.35, y, col * 0.15, lh), seat.level,
                           partial(self._cycle_level, seat), enabled=not seat.human)
            self.ui.button(surface, theme.rect(inner.x + col * 0.51, y, col * 0.17, lh), seat.temperament,
                           partial(self._cycle_temperament, seat), enabled=not seat.human)
            if seat.human:
                seat.name.draw(surface, theme.rect(inner.x + col * 0.69, y, col * 0.31, lh), px)
            else:
                seat.name.rect = pygame.Rect(0, 0, 0, 0)
                text.draw(surface, f"AI: {role.name}", theme.rect(inner.x + col * 0.69, y, col * 0.31, lh), px,
                          theme.MUTED, valign="middle")
            y += lh + px * 0.5
        y += px * 0.6
        text.draw(surface, "Seed", theme.rect(inner.x, y, col * 0.16, lh), px, bold=True, valign="middle")
        self.seed.draw(surface, theme.rect(inner.x + col * 0.17, y, col * 0.17, lh), px)
        self.ui.button(surface, theme.rect(inner.x + col * 0.35, y, col * 0.15, lh), "New seed", self._reseed,
                       pygame.K_F3)
        text.draw(surface, "The same scenario, seed and moves always give the same game (crises included).",
                  theme.rect(inner.x + col * 0.51, y, col * 0.49, lh), px * 0.85, theme.MUTED, valign="middle")
        y += lh + px * 0.5
        text.draw(surface, "Wording", theme.rect(inner.x, y, col * 0.16, lh), px, bold=True, valign="middle")
        neutral = self.wording_choice == "neutral"
        self.ui.button(surface, theme.rect(inner.x + col * 0.17, y, col * 0.33, lh),
                       "Status-neutral" if neutral else "The paper's words", self._cycle_wording, pygame.K_F4,
                       name="wording")
        self.ui.hits[-1].tip = WORDING_TIP
        text.draw(surface, "Kosovo* with the EU's footnote, Pristina/Prishtinë, both names in the north: for "
                  "workshops with officials from every capital." if neutral else
                  "Republic of Kosovo, Prishtina, as the KCSS paper writes them.",
                  theme.rect(inner.x + col * 0.51, y, col * 0.49, lh), px * 0.85, theme.MUTED, valign="middle",
                  raw=True)
        y += lh + px
        humans = sum(s.human for s in self.seats)
        mode = ("Spectate: every seat is played by the AI" if humans == 0 else
                "Solo: you against AI players" if humans == 1 else
                f"Hot-seat: {humans} players share this screen (a hand-over screen hides each one's secrets)")
        text.draw(surface, mode, theme.rect(inner.x, y, col, px * 1.6), px, theme.SKY, bold=True)
        text.draw(surface, "Click a field to type a name; 1–4 switch a seat between human and AI.",
                  theme.rect(inner.x, y + px * 1.7, col, px * 1.5), px * 0.85, theme.MUTED)
        bw = col * 0.24
        self.ui.button(surface, theme.rect(inner.x, inner.bottom - lh, bw, lh), "Back", self._back, pygame.K_ESCAPE)
        self.ui.button(surface, theme.rect(inner.right - bw, inner.bottom - lh, bw, lh), "Start the game",
                       self._start, pygame.K_RETURN, color=theme.GREEN)

    # -- actions -------------------------------------------------------------------------------

    def _next_scenario(self) -> None:
        i = self.scenarios.index(self.scenario)
        self.scenario = self.scenarios[(i + 1) % len(self.scenarios)]
        self._seats_for_scenario()

    def _toggle(self, seat: SeatChoice) -> None:
        seat.human = not seat.human

    def _cycle_level(self, seat: SeatChoice) -> None:
        seat.level = LEVELS[(LEVELS.index(seat.level) + 1) % len(LEVELS)]

    def _cycle_temperament(self, seat: SeatChoice) -> None:
        seat.temperament = TEMPERAMENTS[(TEMPERAMENTS.index(seat.temperament) + 1) % len(TEMPERAMENTS)]

    def _cycle_wording(self) -> None:
        self.wording_choice = "plain" if self.wording_choice == "neutral" else "neutral"

    def _reseed(self) -> None:
        self.seed.value = str(random.randrange(1, 100000))

    def _back(self) -> None:
        from game.ui.screens.title import TitleScreen
        self.app.show(TitleScreen(self.app))

    def specs(self) -> list[SeatSpec]:
        out = []
        for s in self.seats:
            if s.human:
                out.append(SeatSpec(s.role, "human", None, None, s.name.value.strip()))
            else:
                out.append(SeatSpec(s.role, "ai", s.level, s.temperament, ""))
        return out

    def _start(self) -> None:
        seed = int(self.seed.value or "1")
        try:
            session_id = self.app.store.create(self.scenario, seed, self.specs(), self.game_name.value.strip(),
                                               self.wording_choice)
        except Exception as exc:  # noqa: BLE001 - shown to the player, who can retry
            self.app.toast(f"Could not start the game: {exc}")
            return
        from game.ui.screens.board import open_session
        open_session(self.app, session_id)
