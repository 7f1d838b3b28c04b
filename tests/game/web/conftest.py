"""Fixtures for the web pages: the real server (``python main.py serve``'s app, in-process) on a
fresh SQLite file, and the system Chromium.

Browser tests skip with one line where no Chromium is installed; CI sets KECI_REQUIRE_BROWSER=1
so a missing browser fails there instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.web.harness import LiveServer, browser, chromium_path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    live = LiveServer(f"sqlite:///{tmp_path / 'web.db'}").start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if chromium_path() is None:
        if os.environ.get("KECI_REQUIRE_BROWSER"):
            pytest.fail("a browser is required here (KECI_REQUIRE_BROWSER is set) but /usr/bin/chromium is missing")
        pytest.skip("no system Chromium (apt-get install chromium) for the browser tests")
    try:
        import playwright  # noqa: F401
    except ImportError:
        if os.environ.get("KECI_REQUIRE_BROWSER"):
            pytest.fail("Playwright is required here (pip install -e '.[dev]')")
        pytest.skip("Playwright is not installed (pip install -e '.[dev]') for the browser tests")
    from playwright.sync_api import expect

    # A busy machine (CI, 2 cores shared) can take seconds to paint; waits are on what the page
    # shows, so a longer bound costs nothing when the page is quick.
    expect.set_options(timeout=20_000)
    with browser() as b:
        yield b


def classroom_seats(kosovo_name: str = "Arbër Krasniqi") -> list[str]:
    """Four human seats with names in the class's own letters (ë ç č ć đ š ž)."""
    return [f"kosovo=human={kosovo_name}", "serbia=human=Dušan Đorđević", "nato=human=Team Žaneta",
            "eu=human=Team Çelik"]


def expire(server: LiveServer, code: str) -> None:
    """Let a code's time run out now (as a night passing would): its expiry, in the store, is moved
    into the past. The server reads a code's expiry on every use."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from game.db.models import TableCode
    from game.store import Store
    from game.table.codes import hash_code

    with Store(server.db) as store, store.engine.begin() as db:
        db.execute(update(TableCode).where(TableCode.code_hash == hash_code(code))
                   .values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
