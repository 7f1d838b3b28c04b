"""Shared fixtures: the real content, loaded once, and games set up for rules cases.

``--order reverse`` or ``--order random --order-seed N`` runs the tests in another order (CI
does, so a test that only passes after another one is found): modules are shuffled, then the
tests inside each module, so module-scoped fixtures are still set up once per module.
"""

from __future__ import annotations

import random

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--order", choices=("file", "reverse", "random"), default="file",
                     help="run the tests in file order (default), reversed, or shuffled")
    parser.addoption("--order-seed", type=int, default=None, help="the seed of --order random (printed)")


def _order_seed(config: pytest.Config) -> int:
    seed = config.getoption("--order-seed")
    if seed is None:
        seed = random.SystemRandom().randrange(10**6)
        config.option.order_seed = seed
    return int(seed)


def pytest_report_header(config: pytest.Config) -> str:
    order = config.getoption("--order")
    if order == "random":
        return f"test order: random, --order-seed {_order_seed(config)} (pass it again to repeat this order)"
    return f"test order: {order}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    order = config.getoption("--order")
    if order == "file":
        return
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::")[0], []).append(item)
    groups = list(modules.values())
    if order == "reverse":
        groups = [list(reversed(g)) for g in reversed(groups)]
    else:
        rng = random.Random(_order_seed(config))
        rng.shuffle(groups)
        for group in groups:
            rng.shuffle(group)
    items[:] = [item for group in groups for item in group]

from rules.core.engine import Game
from rules.loader import Content, load_content


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture
def game(content: Content) -> Game:
    """A standard game at turn 1, after its briefing, with no crisis card in play."""
    g, _ = Game.new(content, "standard", 7)
    return g


def _postgres_url() -> str | None:
    """A reachable PostgreSQL URL, or None. CI sets KECI_REQUIRE_POSTGRES so absence fails there."""
    import sqlalchemy

    for user in ("postgres", "root"):
        url = f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        try:
            engine = sqlalchemy.create_engine(url, connect_args={"connect_timeout": 2})
            with engine.connect():
                pass
            engine.dispose()
            return url
        except Exception:  # noqa: BLE001, S112 - any failure means "no server for us"
            continue
    return None


@pytest.fixture(scope="session")
def postgres_base_url() -> str:
    import os

    url = _postgres_url()
    if url is None:
        if os.environ.get("KECI_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required here (KECI_REQUIRE_POSTGRES is set) but none answers on 127.0.0.1:5432")
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    return url


@pytest.fixture
def postgres_url(postgres_base_url: str, request: pytest.FixtureRequest):
    """A fresh, empty schema for one test, dropped afterwards."""
    import uuid

    import sqlalchemy

    schema = f"keci_test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(postgres_base_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    yield f"{postgres_base_url}?options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """Each store test runs on SQLite and on PostgreSQL (the same code)."""
    if request.param == "sqlite":
        return str(tmp_path / "keci.db")
    return request.getfixturevalue("postgres_url")
