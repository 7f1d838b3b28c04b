"""The facilitator's "Print the briefings" in the window: the table's PDFs written to a folder.

A game in this window draws them itself (``game.debrief.briefings``, as ``briefings ID --out``);
a server's table asks the server with the facilitator's code (``GET /api/documents/briefings.zip``)
and unpacks the archive. Drawing takes seconds, so it runs on a thread of its own and the screen
asks :attr:`BriefingJob.message` each frame: the window never stops answering.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

from game.store import StoreError
from game.ui.match import Match

#: Where the briefings go: beside the saves, one folder per table.
BRIEFINGS_DIR = Path(__file__).resolve().parents[2] / "saves" / "briefings"


def folder_for(match: Match) -> Path:
    seat = getattr(match, "code", None)
    if seat is not None:  # a server's table: its number on that server
        host = seat.server.split("://", 1)[-1].replace(":", "-").replace("/", "-")
        return BRIEFINGS_DIR / f"{host}-table-{seat.session}"
    return BRIEFINGS_DIR / f"session-{match.id}"


def write_local(match: Match, folder: Path) -> list[Path]:
    from game.debrief.briefings import write_briefings

    return write_briefings(match.game.clone(), folder, match.wording)


def fetch_remote(match: Match, folder: Path) -> list[Path]:
    import httpx

    seat = match.code  # type: ignore[attr-defined]
    try:
        response = httpx.get(f"{seat.server}/api/documents/briefings.zip",
                             headers={"Authorization": f"Bearer {seat.code}"}, timeout=120)
    except httpx.HTTPError:
        raise StoreError(f"the server at {seat.server} does not answer; try again in a moment") from None
    if response.status_code != 200:
        try:
            error = str(response.json().get("error"))
        except ValueError:
            error = f"status {response.status_code}"
        raise StoreError(f"the server refused: {error}")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for name in archive.namelist():
            target = folder / Path(name).name  # never a path the archive chose
            target.write_bytes(archive.read(name))
            out.append(target)
    return out


class BriefingJob:
    """One run of "Print the briefings"; ``message`` is None until it has finished."""

    def __init__(self, match: Match) -> None:
        self.folder = folder_for(match)
        self.message: str | None = None
        self.ok = False
        work: Callable[[Match, Path], list[Path]] = fetch_remote if match.remote else write_local
        self.thread = threading.Thread(target=self._run, args=(work, match), daemon=True,
                                       name="keci-briefings")
        self.thread.start()

    def _run(self, work: Callable[[Match, Path], list[Path]], match: Match) -> None:
        try:
            files = work(match, self.folder)
        except (StoreError, OSError, zipfile.BadZipFile) as exc:
            self.message = f"Briefings not written: {exc}"
            return
        self.ok = True
        self.message = (f"Briefings written to {self.folder}: the public primer and one confidential "
                        f"briefing per role ({len(files)} PDFs)")
