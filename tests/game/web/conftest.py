"""Fixtures for the web pages: a table on a fresh SQLite file, its server, and the system Chromium.

Browser tests skip with one line where no Chromium is installed; CI sets KECI_REQUIRE_BROWSER=1
so a missing browser fails there instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from game.store import SeatSpec, Store
from game.web.backend import StoreTables
from game.web.harness import LiveServer, browser, chromium_path


@pytest.fixture
def tables(tmp_path: Path) -> Iterator[StoreTables]:
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    try:
        yield StoreTables(store)
    finally:
        store.close()


@pytest.fixture
def server(tables: StoreTables) -> Iterator[LiveServer]:
    live = LiveServer(tables)
    live.start()
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


def classroom_seats(kosovo_name: str = "Arbër Krasniqi") -> list[SeatSpec]:
    return [SeatSpec("kosovo", display_name=kosovo_name), SeatSpec("serbia", display_name="Dušan Đorđević"),
            SeatSpec("nato", display_name="Team Žaneta"), SeatSpec("eu", display_name="Team Çelik")]
