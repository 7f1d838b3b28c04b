"""The table's printable documents over the server: briefings and the after-action review.

A lecturer with only a browser (or the window joined to a table) needs what ``briefings`` and
``debrief`` write on the server's machine. Who may have which document follows the secrecy rule
of the game itself:

* ``briefing.pdf`` — a seat's code gets its own role's confidential briefing; the spectator code
  the public primer; the facilitator code the primer too (it has ``briefings.zip``).
* ``briefings.zip`` — the facilitator only: the primer and one briefing per role, to print.
* ``review.pdf`` — the after-action review, which reveals every confidential objective and
  secret order: the facilitator at any time, everyone else once the game has ended.

The PDFs are drawn off the event loop and off the database thread (drawing takes seconds), one
at a time per worker so that a room asking at once does not starve the moves; a document is kept
for its sequence number, so asking again before the next move costs nothing.
"""

from __future__ import annotations

import asyncio
import io
import tempfile
import zipfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from game.store import Store
from game.table.codes import SPECTATOR, Holder
from rules.core.engine import Game
from rules.core.secrets import FACILITATOR

#: The documents a code can ask for, with their media types.
KINDS = {"briefing.pdf": "application/pdf", "briefings.zip": "application/zip", "review.pdf": "application/pdf"}


class NotYet(PermissionError):
    """The document exists but this code may not have it now (a review before the end)."""


@dataclass(frozen=True)
class Document:
    name: str  # the file name offered to the browser
    media_type: str
    data: bytes


def allowed(kind: str, holder: Holder, over: bool) -> None:
    """Raise PermissionError when ``holder`` may not have ``kind`` now (the rule in the docstring)."""
    if kind not in KINDS:
        raise KeyError(f"no document {kind!r} (there are: {', '.join(KINDS)})")
    if kind == "briefings.zip" and holder.role != FACILITATOR:
        raise PermissionError("only the facilitator's code can have every role's briefing")
    if kind == "review.pdf" and holder.role != FACILITATOR and not over:
        raise NotYet("the after-action review opens when the game has ended")


def _briefing(game: Game, holder: Holder, mode: str) -> Document:
    from game.debrief.briefings import briefing_pdf, primer_pdf

    if holder.role in (FACILITATOR, SPECTATOR):
        return Document("keci-primer.pdf", KINDS["briefing.pdf"], primer_pdf(game, mode))
    return Document(f"keci-briefing-{holder.role}.pdf", KINDS["briefing.pdf"],
                    briefing_pdf(game, holder.role, mode))


def _briefings(game: Game, session: int, mode: str) -> Document:
    from game.debrief.briefings import write_briefings

    out = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="keci-briefings-") as tmp:
        files = write_briefings(game, Path(tmp), mode)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, path.name)
    return Document(f"keci-table-{session}-briefings.zip", KINDS["briefings.zip"], out.getvalue())


def _review(store_url: str, session: int) -> Document:
    from game.debrief.pdf import write_report
    from game.debrief.record import build

    with Store(store_url) as store:
        record = build(store, session)
    with tempfile.TemporaryDirectory(prefix="keci-review-") as tmp:
        path = Path(tmp) / "review.pdf"
        write_report([record], path)
        data = path.read_bytes()
    return Document(f"keci-table-{session}-review.pdf", KINDS["review.pdf"], data)


class Documents:
    """Draws and keeps the documents of one worker's tables (see the module docstring)."""

    def __init__(self, store_url: str, keep: int = 16) -> None:
        self.store_url = store_url
        self.keep = keep
        self.cache: OrderedDict[tuple[int, int, str, str], Document] = OrderedDict()
        self.drawing = asyncio.Semaphore(1)

    async def get(self, kind: str, holder: Holder, game: Game, seq: int, mode: str = "plain") -> Document:
        """The document ``kind`` for ``holder``, drawn from ``game`` (a copy the caller made at ``seq``)
        and worded in the table's ``mode`` (the review reads the mode from the session itself)."""
        allowed(kind, holder, game.over)
        who = holder.role if kind == "briefing.pdf" and holder.role not in (FACILITATOR, SPECTATOR) else "all"
        key = (holder.session, seq, kind, who)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        draw: Callable[[], Document]
        if kind == "briefing.pdf":
            def draw() -> Document:
                return _briefing(game, holder, mode)
        elif kind == "briefings.zip":
            def draw() -> Document:
                return _briefings(game, holder.session, mode)
        else:
            def draw() -> Document:
                return _review(self.store_url, holder.session)
        async with self.drawing:
            if key not in self.cache:
                self.cache[key] = await asyncio.to_thread(draw)
                while len(self.cache) > self.keep:
                    self.cache.popitem(last=False)
        return self.cache[key]
