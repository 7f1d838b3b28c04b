"""Player preferences kept between launches (a small JSON file beside the saves)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "saves" / "ui_settings.json"

AI_DELAYS = (0.0, 0.5, 1.0, 2.0)
TEXT_SCALES = (1.0, 1.15, 1.3)


@dataclass
class Settings:
    #: Short hints on the first turn for new players.
    hints: bool = True
    #: Seconds an AI move stays announced before the next one, so humans can follow.
    ai_delay: float = 0.5
    #: Extra text size on top of the window's own scaling.
    text_scale: float = 1.0
    #: This window is the room's projector: public information only, fewer and larger panels.
    projector: bool = False
    #: The last server and table code joined ("Join a table" offers them again next time).
    server: str = ""
    code: str = ""
    path: str = ""

    @classmethod
    def load(cls, path: str | Path | None = None) -> Settings:
        where = Path(path or os.environ.get("KECI_UI_SETTINGS") or DEFAULT_PATH)
        try:
            data = json.loads(where.read_text(encoding="utf-8"))
            s = cls(bool(data.get("hints", True)), float(data.get("ai_delay", 0.5)),
                    float(data.get("text_scale", 1.0)), bool(data.get("projector", False)),
                    str(data.get("server", ""))[:200], str(data.get("code", ""))[:100])
        except (OSError, ValueError, TypeError, AttributeError):
            s = cls()
        s.path = str(where)
        return s

    def save(self) -> None:
        """Best effort: a read-only folder must not stop the game."""
        try:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            data = {k: v for k, v in asdict(self).items() if k != "path"}
            Path(self.path).write_text(json.dumps(data, indent=2), encoding="utf-8")
        except OSError:
            pass
