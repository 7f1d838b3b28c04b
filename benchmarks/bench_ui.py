"""How fast the window is, headless on the CPU: board frame time and launch-to-title time.

    python benchmarks/bench_ui.py            # 1280x720
    python benchmarks/bench_ui.py 3840 2160  # 4K

Frame time: 600 frames of the board of a solo classroom game (the mouse moving over it), where
one frame in 60 redraws the whole board as after a move; p50 and p99 over all frames, and the
full redraw alone. Launch: a fresh Python process from start to the first drawn title frame.
Goals: p99 ≤ 16.7 ms, launch ≤ 1.5 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LAUNCH = """
import time, os, sys
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from game.ui.app import App
from game.ui.settings import Settings
from game.store import Store
app = App(store=Store({db!r}), settings=Settings.load({settings!r}))
app.step()
print(time.perf_counter() - t0)
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    import pygame

    from game.store import SeatSpec, Store
    from game.ui.app import App
    from game.ui.screens.board import open_session
    from game.ui.settings import Settings

    size = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (1280, 720)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.load(Path(tmp) / "s.json")
        app = App(store=Store(str(Path(tmp) / "b.db")), size=size, settings=settings)
        sid = app.store.create("classroom", 3, [SeatSpec("kosovo", "human"), SeatSpec("serbia", "ai", "normal"),
                                                SeatSpec("nato", "ai", "normal"), SeatSpec("eu", "ai", "normal")])
        open_session(app, sid)
        getattr(app.screen, "close_briefing", lambda: None)()  # the board itself, not the role briefing
        for _ in range(30):
            app.step()
        frames, redraws, cpu = [], [], []
        for i in range(600):
            pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(i % size[0], (i * 7) % size[1]),
                                                 rel=(1, 1), buttons=(0, 0, 0)))
            if i % 60 == 0:
                app.redraw()
            t, c = time.perf_counter(), time.thread_time()
            app.step()
            ms = (time.perf_counter() - t) * 1000
            cpu.append((time.thread_time() - c) * 1000)
            frames.append(ms)
            if i % 60 == 0:
                redraws.append(ms)
        app.store.close()
        runs = []
        for n in range(3):
            out = subprocess.run([sys.executable, "-c", LAUNCH.format(root=str(ROOT), db=str(Path(tmp) / f"l{n}.db"),
                                                                      settings=str(Path(tmp) / "s.json"))],
                                 capture_output=True, text=True, check=True,
                                 env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
            runs.append(float(out.stdout.strip().splitlines()[-1]))
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        interpreter = time.perf_counter() - started
    print(f"board frame time at {size[0]}x{size[1]}: p50 {percentile(frames, 50):.2f} ms, "
          f"p99 {percentile(frames, 99):.2f} ms (goal p99 <= 16.7 ms); "
          f"full redraw after a move: median {percentile(redraws, 50):.1f} ms; main-thread CPU per frame "
          f"p50 {percentile(cpu, 50):.2f} ms, p99 {percentile(cpu, 99):.2f} ms (less sensitive to a busy machine)")
    print(f"launch to title screen: {min(runs):.2f} s best, {max(runs):.2f} s worst of 3 "
          f"(+ {interpreter:.2f} s interpreter start; goal <= 1.5 s)")


if __name__ == "__main__":
    main()
