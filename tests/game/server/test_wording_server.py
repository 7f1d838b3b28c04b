"""The status-neutral wording on a server's table: chosen when the table is opened, kept with
it, and honoured by the pages (and their map), the API's answers, the printed documents and the
command line's client — while the game played is the same as in the paper's words."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from rules import wording
from tests.game.server.conftest import ROOT, Server
from tests.game.test_cli_wording import BARE, NOTE

SEATS = ["kosovo=ai:easy", "serbia=ai:easy", "nato=ai:easy", "eu=ai:easy"]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(f"sqlite:///{tmp_path_factory.mktemp('wording') / 'w.db'}").start()
    try:
        yield server
    finally:
        server.stop()


def _open(server: Server, mode: str, seats: list[str] = SEATS) -> dict[str, Any]:
    r = httpx.post(f"{server.url}/api/tables", timeout=30,
                   json={"scenario": "classroom", "seed": 11, "seats": seats, "wording": mode})
    assert r.status_code == 200, r.text
    return dict(r.json())


def _get(server: Server, code: str, path: str) -> httpx.Response:
    r = httpx.get(f"{server.url}{path}", headers={"Authorization": f"Bearer {code}"}, timeout=60)
    assert r.status_code == 200, r.text
    return r


def _page(server: Server, code: str) -> dict[str, Any]:
    r = httpx.post(f"{server.url}/web/api/join", json={"code": code}, timeout=60)
    assert r.status_code == 200, r.text
    return dict(r.json()["page"])


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


def _wait_over(server: Server, code: str) -> list[dict[str, Any]]:
    """The AI seats play the whole game on the server; its log once it has ended."""
    import time

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if _get(server, code, "/api/board").json().get("ending"):
            return list(_get(server, code, "/api/log").json()["entries"])
        time.sleep(0.5)
    raise AssertionError("the AI seats did not finish the game")


def test_a_neutral_table_words_every_channel_and_plays_the_same_game(served: Server) -> None:
    plain, neutral = _open(served, "plain"), _open(served, "neutral")
    p_codes, n_codes = plain["codes"], neutral["codes"]
    # A seat played by a person (the AI tables above give codes to the facilitator and spectator only).
    n_codes["kosovo"] = _open(served, "neutral", SEATS[1:])["codes"]["kosovo"]
    p_codes["kosovo"] = _open(served, "plain", SEATS[1:])["codes"]["kosovo"]
    assert _get(served, n_codes["kosovo"], "/api/me").json()["wording"] == "neutral"
    assert _get(served, p_codes["kosovo"], "/api/me").json()["wording"] == "plain"

    # Same seed, same seats: the same game, move for move (the log's texts are the raw record).
    p_log, n_log = _wait_over(served, p_codes["facilitator"]), _wait_over(served, n_codes["facilitator"])
    keep = ("seq", "kind", "role", "events", "undoes", "reason", "text")
    assert [{k: e.get(k) for k in keep} for e in p_log] == [{k: e.get(k) for k in keep} for e in n_log]

    for who in ("kosovo", "spectator", "facilitator"):
        page = _page(served, n_codes[who])
        texts = list(_strings(page))
        joined = "\n".join(texts)
        assert page["wording"] == {"mode": "neutral", "footnote": NOTE}
        assert "Republic of Kosovo" not in joined and not BARE.findall(joined), BARE.findall(joined)[:3]
        assert "Kosovo*" in joined and "Pristina/Prishtinë" in joined
        shown = _page(served, p_codes[who])
        assert shown["wording"] == {"mode": "plain", "footnote": ""} and "Kosovo*" not in str(shown)
        # Only the texts differ: with the neutral forms taken back, the two pages are the same.
        back = str({k: v for k, v in page.items() if k not in ("seq", "wording", "table")})
        inverse: dict[str, str] = {}
        for pair in wording.load().replacements:
            inverse.setdefault(pair.neutral, pair.plain)  # the content's own form comes first
        for neutral_form, plain_form in inverse.items():
            if neutral_form != wording.DENOMINATION:
                back = back.replace(neutral_form, plain_form)
        expected = re.sub(r"(the |The )?Republic of Kosovo", "Kosovo",
                          str({k: v for k, v in shown.items() if k not in ("seq", "wording", "table")}))
        got = back.replace("Kosovo*", "Kosovo")
        at = next((i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), None)
        assert got == expected, (who, at, got[max(0, (at or 0) - 200):(at or 0) + 100],
                                 expected[max(0, (at or 0) - 200):(at or 0) + 100])

    svg = httpx.get(f"{served.url}/web/map.svg?wording=neutral", timeout=30).text
    assert "Pristina/Prishtinë" in svg and "Leposavić/Leposaviq" in svg and "Zvečan/Zveçan" in svg
    assert "Pristina/Prishtinë" not in httpx.get(f"{served.url}/web/map.svg", timeout=30).text

    # The printed documents: the primer, a seat's briefing and the review.
    for code, kind in ((n_codes["spectator"], "briefing.pdf"), (n_codes["kosovo"], "briefing.pdf"),
                       (n_codes["facilitator"], "review.pdf")):
        pdf = PdfReader(io.BytesIO(_get(served, code, f"/api/documents/{kind}").content))
        text = " ".join((page.extract_text() or "") for page in pdf.pages)
        flat = " ".join(text.split())
        assert "Republic of Kosovo" not in flat and "Kosovo*" in flat
        assert flat.count("*This designation is without prejudice") == 1, kind
        assert not BARE.findall(flat), (kind, BARE.findall(flat)[:3])
    plain_pdf = PdfReader(io.BytesIO(_get(served, p_codes["spectator"], "/api/documents/briefing.pdf").content))
    assert "This designation" not in " ".join((p.extract_text() or "") for p in plain_pdf.pages)


def test_the_command_line_client_words_a_neutral_table(served: Server) -> None:
    neutral = _open(served, "neutral")
    code = neutral["codes"]["spectator"]
    _wait_over(served, code)
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "log", "--server", served.url, "--code", code],
                         capture_output=True, text=True, cwd=ROOT, check=True, timeout=120).stdout
    assert "Kosovo*" in out and out.count(NOTE) == 1 and not BARE.findall(out)
    made = subprocess.run([sys.executable, str(ROOT / "main.py"), "new", "--server", served.url, "--wording", "neutral",
                           "--seat", "eu=ai", "--json"], capture_output=True, text=True, cwd=ROOT, check=True,
                          timeout=120).stdout
    import json
    me = _get(served, json.loads(made)["codes"]["kosovo"], "/api/me").json()
    assert me["wording"] == "neutral" and me["footnote"] == NOTE
