"""The pygame interface: title, new game, load, settings, the board, hand-over and debrief.

The engine never imports this package; :func:`run` is called lazily by ``python main.py``.
"""

from __future__ import annotations

import os
import sys


def run() -> int:
    """Open the game window; without a display, say so in one line and point to the CLI."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from game.db.connect import StoreError

    try:
        pygame.display.init()
        # With no screen SDL quietly falls back to an invisible "offscreen" window; unless someone
        # asked for that on purpose (tests, screenshots), the player would face a game nobody sees.
        if pygame.display.get_driver() in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
            raise pygame.error("no screen is attached")
        from game.ui.app import App

        app = App()
    except pygame.error as exc:
        pygame.display.quit()
        print(f"keci: no display for the game window ({exc}); play on the command line instead: "
              "python main.py --help", file=sys.stderr)
        return 1
    except StoreError as exc:
        pygame.display.quit()
        print(f"keci: {exc}", file=sys.stderr)
        return 2
    return app.run()
