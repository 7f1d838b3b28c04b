"""The table's printable documents over the server: each code gets only what its role may read."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import httpx
from pypdf import PdfReader

from rules.loader import shipped_content

ROLES = ("kosovo", "serbia", "nato", "eu")


def _get(server: Any, code: str | None, kind: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {code}"} if code else {}
    return httpx.get(f"{server.url}/api/documents/{kind}", headers=headers, timeout=120)


def _text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def _secrets(role: str) -> list[str]:
    c = shipped_content()
    return [re.sub(r"\s+", " ", o.text)[:40] for o in c.roles[role].objectives if o.secret]


def test_each_code_downloads_only_the_documents_its_role_may_read(server_factory: Any) -> None:
    server = server_factory()
    codes = server.open_table([f"{r}=human" for r in ROLES])["codes"]

    own = _get(server, codes["kosovo"], "briefing.pdf")
    assert own.status_code == 200 and own.headers["content-type"] == "application/pdf"
    assert "keci-briefing-kosovo.pdf" in own.headers["content-disposition"]
    text = _text(own.content)
    assert "Confidential briefing: Kosovo" in text
    assert all(s in text for s in _secrets("kosovo"))
    assert not any(s in text for r in ROLES if r != "kosovo" for s in _secrets(r))

    primer = _text(_get(server, codes["spectator"], "briefing.pdf").content)
    assert "KECI" in primer and not any(s in primer for r in ROLES for s in _secrets(r))

    refused = _get(server, codes["kosovo"], "briefings.zip")
    assert refused.status_code == 403 and "facilitator" in refused.json()["error"]
    archive = zipfile.ZipFile(io.BytesIO(_get(server, codes["facilitator"], "briefings.zip").content))
    assert sorted(archive.namelist()) == sorted(["primer.pdf", *[f"briefing_{r}.pdf" for r in ROLES]])
    serbia = _text(archive.read("briefing_serbia.pdf"))
    assert all(s in serbia for s in _secrets("serbia"))

    early = _get(server, codes["serbia"], "review.pdf")
    assert early.status_code == 403 and "when the game has ended" in early.json()["error"]
    assert _get(server, codes["spectator"], "review.pdf").status_code == 403
    review = _get(server, codes["facilitator"], "review.pdf")
    assert review.status_code == 200 and "after-action review" in _text(review.content).lower()

    assert _get(server, None, "briefing.pdf").status_code == 401
    assert _get(server, "not-a-code", "briefing.pdf").status_code == 403
    unknown = _get(server, codes["kosovo"], "secrets.txt")
    assert unknown.status_code == 400 and "no document" in unknown.json()["error"]


def test_the_review_opens_to_every_code_when_the_game_has_ended() -> None:
    import pytest

    from game.server.documents import NotYet, allowed
    from game.table.codes import Holder

    for role in (*ROLES, "spectator", "facilitator"):
        allowed("review.pdf", Holder(1, role), over=True)
        if role != "facilitator":
            with pytest.raises(NotYet):
                allowed("review.pdf", Holder(1, role), over=False)
