"""The compiled build (rules.native): used only when built from exactly the current sources,
never when pure Python is asked for, and it plays the same games as the source.

The first tests check the choice on a small tree of their own. The others use the real build in
``.native/`` when there is one (``make setup`` makes it); CI sets ``KECI_REQUIRE_NATIVE=1`` so
that they must run there rather than be skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules import native

REQUIRED = os.environ.get("KECI_REQUIRE_NATIVE", "") not in ("", "0")


def _tree(tmp_path: Path) -> tuple[Path, Path]:
    """A project of two modules (one imports the other) and a build folder stamped for it."""
    root, build = tmp_path / "src", tmp_path / "build"
    (root / "rules").mkdir(parents=True)
    (root / "rules" / "__init__.py").write_text("")
    (root / "rules" / "hot.py").write_text("from rules import helper\n\nX = helper.Y\n")
    (root / "rules" / "helper.py").write_text("Y = 1\n")
    build.mkdir()
    native.write_stamp(root, build, ("rules.hot",))
    return root, build


def test_a_build_of_the_current_sources_is_used(tmp_path: Path) -> None:
    root, build = _tree(tmp_path)
    chosen = native.decide(root, build, {})
    assert chosen.compiled and chosen.path == build


@pytest.mark.parametrize("edited", ["rules/hot.py", "rules/helper.py", "rules/__init__.py"])
def test_a_stale_build_is_not_used(tmp_path: Path, edited: str) -> None:
    """A change to a compiled module, to a module it imports, or to its package leaves the
    build aside: the sources run."""
    root, build = _tree(tmp_path)
    with (root / edited).open("a") as f:
        f.write("# edited\n")
    chosen = native.decide(root, build, {})
    assert not chosen.compiled
    assert "stale" in chosen.reason and edited in chosen.reason


def test_a_deleted_source_makes_the_build_stale(tmp_path: Path) -> None:
    root, build = _tree(tmp_path)
    (root / "rules" / "helper.py").unlink()
    assert not native.decide(root, build, {}).compiled


@pytest.mark.parametrize("value", ["1", "yes"])
def test_the_switch_forces_pure_python(tmp_path: Path, value: str) -> None:
    root, build = _tree(tmp_path)
    chosen = native.decide(root, build, {native.PURE_ENV: value})
    assert not chosen.compiled and native.PURE_ENV in chosen.reason
    assert native.decide(root, build, {native.PURE_ENV: "0"}).compiled


def test_no_build_or_another_python_means_pure_python(tmp_path: Path) -> None:
    root, build = _tree(tmp_path)
    stamp = build / native.STAMP
    stamp.write_text(stamp.read_text().replace(sys.version, "3.0.0"))
    assert "another Python" in native.decide(root, build, {}).reason
    stamp.unlink()
    assert "no compiled build" in native.decide(root, build, {}).reason


def test_the_stamp_covers_what_the_compiled_modules_import() -> None:
    """The engine's sources include the modules it imports, also those it imports only for the
    type checker (the compiler read their types)."""
    files = native.sources(native.ROOT)
    assert "rules/core/engine.py" in files and "game/ai/heuristic.py" in files
    assert "rules/loader.py" in files and "rules/schema.py" in files  # imported by others
    assert "rules/__init__.py" in files and "game/__init__.py" in files
    assert "game/ui/app.py" not in files  # the window's code does not invalidate the build


# --- the real build ------------------------------------------------------------------------------

def _require_build() -> None:
    if native.decide(environ={}).compiled:
        return
    if REQUIRED:
        pytest.fail(f"KECI_REQUIRE_NATIVE is set but {native.decide(environ={}).reason}")
    pytest.skip(native.decide(environ={}).reason)


def _run(code: str, cwd: Path, pure: bool = False) -> str:
    env = {k: v for k, v in os.environ.items() if k != native.PURE_ENV}
    if pure:
        env[native.PURE_ENV] = "1"
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


WHERE = "import rules.core.engine as e, game.ai.valuation as v; print(e.__file__); print(v.__file__)"


def test_the_build_runs_unless_pure_python_is_asked_for() -> None:
    _require_build()
    compiled = _run(WHERE, native.ROOT).splitlines()
    assert all(f.endswith(".so") and "/.native/" in f for f in compiled), compiled
    pure = _run(WHERE, native.ROOT, pure=True).splitlines()
    assert pure == [str(native.ROOT / "rules/core/engine.py"), str(native.ROOT / "game/ai/valuation.py")]


def test_an_edited_source_runs_instead_of_the_build(tmp_path: Path) -> None:
    """A copy of the project with its build: used as it is; after one line is added to a
    module the engine imports, the whole of it runs from source."""
    _require_build()
    for package in native.PACKAGES:
        for src in (native.ROOT / package).rglob("*.py"):
            dest = tmp_path / src.relative_to(native.ROOT)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
    shutil.copytree(native.BUILD, tmp_path / ".native")
    assert all(f.startswith(str(tmp_path / ".native")) for f in _run(WHERE, tmp_path).splitlines())
    with (tmp_path / "rules" / "quantities.py").open("a") as f:
        f.write("\nEDITED = True\n")
    assert _run(WHERE, tmp_path).splitlines() == [str(tmp_path / "rules/core/engine.py"),
                                                  str(tmp_path / "game/ai/valuation.py")]


def test_every_compiled_module_loads_first_and_an_ai_game_plays() -> None:
    """The check ``make setup`` runs on a new build (a build that fails it is thrown away): each
    compiled module imported first in a fresh process loads (mypyc builds a module's classes as
    it loads: a class it needs must exist by then, or the process crashes), and a game plays."""
    _require_build()
    assert native.verify() is None


def test_pure_python_plays_the_golden_games() -> None:
    """The golden games and AI digests hold in pure Python too (the suite checks them in the
    build it runs, compiled in CI): both builds play the same games."""
    _require_build()
    env = {**os.environ, native.PURE_ENV: "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                           "tests/rules/core/test_golden_games.py", "tests/game/ai/test_golden.py"],
                          cwd=native.ROOT, env=env, capture_output=True, text=True, check=False, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:]


# --- building -------------------------------------------------------------------------------------

def test_no_compiler_means_one_line_and_pure_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``make play`` on a machine without a C compiler: one clear line, no build, and the next
    setup does not spend time failing again on the same sources (it tries again once they change)."""
    root, _ = _tree(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setenv("CC", "no-such-compiler-keci")
    assert native.build(root, out, quiet=True, modules=("rules.hot",)) is False
    first = capsys.readouterr().out.strip().splitlines()
    assert len(first) == 1 and "no C compiler" in first[0] and "pure Python" in first[0]
    assert not native.decide(root, out, {}).compiled
    assert native.build(root, out, quiet=True, modules=("rules.hot",)) is False
    assert "failed for these sources before" in capsys.readouterr().out
    (root / "rules" / "helper.py").write_text("Y = 2\n")
    native.build(root, out, quiet=True, modules=("rules.hot",))
    assert "no C compiler" in capsys.readouterr().out


def test_a_compiler_that_fails_leaves_pure_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = _tree(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setenv("CC", "false")  # found, but fails
    assert native.build(root, out, quiet=True, modules=("rules.hot",)) is False
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and "mypyc failed" in lines[0] and "pure Python" in lines[0]
    assert not native.decide(root, out, {}).compiled and not list(out.rglob("*.so"))
