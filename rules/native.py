"""The compiled build of the hot modules: which one runs, and building it.

The engine and the normal AI run about 1.5x faster compiled with mypyc (the code is mypy --strict
clean, so the compiler needs no change to it). ``make setup`` builds them into ``.native/`` at the
repository's root (:func:`main`); nothing compiled ever sits next to a
``.py`` file, so a plain checkout always runs the source.

Staleness is the hazard: a developer edits a ``.py`` file, and a module compiled from the old
text must never run in its place (the tests would test old code). The build writes a stamp: the
SHA-256 of every source the compiler read (the compiled modules and everything they import from
this project) and the Python it was built for. At the first import of :mod:`rules` the stamp is
checked against the files as they are now; only if every hash matches are the compiled modules
put ahead of the sources on the packages' ``__path__`` (:func:`extend_path`). One changed byte
anywhere in that set, and the whole build is left aside: the game runs pure Python, correct and
slower, until the next ``make setup`` compiles again. ``KECI_PURE_PYTHON=1`` forces pure Python.

All or nothing, because mypyc compiles the modules as one group that calls across modules
directly and knows their types: half a build cannot be trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from pathlib import Path
from typing import NamedTuple

# Only the check runs at every start (the command line's quick path imports rules): the build's
# modules (ast, shutil, subprocess, tempfile) are imported by the functions that build.

#: The repository's root (the folder holding ``rules/`` and ``game/``).
ROOT = Path(__file__).resolve().parent.parent
#: Where the compiled build lives (ignored by git).
BUILD = ROOT / ".native"
STAMP = "stamp.json"
#: The switch that forces pure Python whatever is built.
PURE_ENV = "KECI_PURE_PYTHON"

#: The compiled modules: the engine's turn and everything a move runs through, and the AI's
#: valuation and heuristic. Left out: pydantic models and the content loader (rules.schema,
#: loader, bundle, plain, wording, content_cache), rules.core.phases (the ``transitions``
#: machine), game.ai.choose (subclasses ``random.Random``, a C type a native class cannot
#: extend), game.ai.search (tests replace its functions) and rules.value_class (its decorator is
#: marked with ``typing.dataclass_transform``, which cannot mark a compiled function; it lives
#: apart so that rules.values compiles: its Event, the object a move makes most, is then a
#: native class). rules.chance compiles since its ChanceNode became a value class.
MODULES: tuple[str, ...] = (
    "rules.core.engine", "rules.core.actions", "rules.core.state", "rules.core.log",
    "rules.core.secrets", "rules.core.view", "rules.core.guards", "rules.counting",
    "rules.effects", "rules.tables", "rules.negotiation", "rules.orders", "rules.crises",
    "rules.turn", "rules.endings", "rules.keci", "rules.special_rep", "rules.quantities",
    "rules.council", "rules.facilitator", "rules.principles", "rules.values",
    "rules.chance", "rules.hot",
    "game.ai.valuation", "game.ai.heuristic", "game.ai.negotiator", "game.ai.projection",
    "game.ai.board", "game.ai.decision", "game.ai.determinize", "game.ai.memory",
    "game.ai.persona", "game.ai.planning", "game.ai.priorities", "game.ai.temperament",
)
#: The project's own top-level packages (imports of anything else are not followed).
PACKAGES = ("rules", "game")


class Choice(NamedTuple):
    """Which build runs: ``path`` is the build's folder when the compiled modules are used, else
    None; ``reason`` says why, in a few words (printed by the benchmarks)."""

    path: Path | None
    reason: str

    @property
    def compiled(self) -> bool:
        return self.path is not None


def _module_file(root: Path, module: str) -> Path | None:
    """The source file of a project module under ``root`` (a package's ``__init__.py``)."""
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(path: Path) -> set[str]:
    """The project modules a source imports anywhere in it (under TYPE_CHECKING and inside
    functions too: the compiler reads those types), with their parent packages."""
    import ast
    tree = ast.parse(path.read_bytes(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name.split(".")[0] in PACKAGES:
                parts = name.split(".")
                found.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return found


def sources(root: Path, modules: tuple[str, ...] = MODULES) -> list[str]:
    """Every source the compiler reads for ``modules``: them, their packages and everything they
    import from this project, transitively; paths relative to ``root``, sorted."""
    seen: set[str] = set()
    files: set[Path] = set()
    todo = [m for module in modules for m in _with_parents(module)]
    while todo:
        module = todo.pop()
        if module in seen or module == "rules.native":  # this module: no compiled code calls it
            continue
        seen.add(module)
        path = _module_file(root, module)
        if path is None:
            continue
        files.add(path)
        todo.extend(_imports(path) - seen)
    return sorted(p.relative_to(root).as_posix() for p in files)


def _with_parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _python() -> str:
    """The interpreter a build is for (a build from another Python is never loaded)."""
    return f"{sys.implementation.cache_tag} {sysconfig.get_config_var('EXT_SUFFIX')} {sys.version}"


def decide(root: Path = ROOT, build: Path = BUILD, environ: dict[str, str] | None = None) -> Choice:
    """Whether the compiled build in ``build`` may run the sources in ``root``: only when it was
    built for this Python from exactly the sources there now, and pure Python is not forced."""
    env = os.environ if environ is None else environ
    if env.get(PURE_ENV, "") not in ("", "0"):
        return Choice(None, f"pure Python ({PURE_ENV} is set)")
    try:
        stamp = json.loads((build / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Choice(None, "pure Python (no compiled build: make setup builds one)")
    if not isinstance(stamp, dict) or stamp.get("python") != _python():
        return Choice(None, "pure Python (the compiled build is for another Python)")
    hashes = stamp.get("sources")
    if not isinstance(hashes, dict) or not hashes:
        return Choice(None, "pure Python (the compiled build's stamp is unreadable)")
    for name, expected in hashes.items():
        try:
            current = _digest(root / name)
        except OSError:
            current = ""
        if current != expected:
            return Choice(None, f"pure Python (the compiled build is stale: {name} changed; make setup rebuilds it)")
    return Choice(build, "compiled (mypyc build matches the sources)")


_CHOICE: Choice | None = None


def choice() -> Choice:
    """The build this process runs, decided once (at the first import of :mod:`rules`)."""
    global _CHOICE
    if _CHOICE is None:
        _CHOICE = decide()
        if _CHOICE.path is not None and str(_CHOICE.path) not in sys.path:
            # The group's shared library is a top-level module; appended, so the build's folders
            # (which have no __init__.py) never hide the real packages.
            sys.path.append(str(_CHOICE.path))
    return _CHOICE


def extend_path(package: str, path: list[str]) -> list[str]:
    """A package's ``__path__`` with the compiled build's folder first when it runs (called by
    the ``__init__`` of each package holding compiled modules)."""
    chosen = choice()
    if chosen.path is None:
        return path
    folder = chosen.path.joinpath(*package.split("."))
    return [str(folder), *path] if folder.is_dir() else path


def _source_digests(root: Path, modules: tuple[str, ...]) -> dict[str, str]:
    """The SHA-256 of every source a build of ``modules`` reads, by its path under ``root``."""
    return {name: _digest(root / name) for name in sources(root, modules)}


def write_stamp(root: Path, out: Path, modules: tuple[str, ...] = MODULES) -> None:
    """Record in ``out`` that its build was compiled from the sources in ``root`` as they are
    now (what :func:`decide` checks)."""
    stamp = {"python": _python(), "modules": list(modules), "sources": _source_digests(root, modules)}
    (out / STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8")


FAILED = "failed.json"


def _no_compiler() -> str | None:
    """Why a build cannot even start (no mypyc, no C compiler), or None."""
    import importlib.util
    import shutil
    if importlib.util.find_spec("mypyc") is None:
        return "mypyc is not installed (pip install -e '.[dev]')"
    compiler = (os.environ.get("CC") or str(sysconfig.get_config_var("CC") or "cc")).split()
    if not compiler or shutil.which(compiler[0]) is None:
        return f"no C compiler ({compiler[0] if compiler else 'CC'} not found)"
    return None


def build(root: Path = ROOT, out: Path = BUILD, quiet: bool = False, modules: tuple[str, ...] = MODULES) -> bool:
    """Compile ``modules`` into ``out`` unless a build of the current sources is there; on any
    failure (no C compiler, a mypyc error) print one line and leave pure Python, and do not try
    the same sources again (``make play`` must not spend a minute failing every time). Returns
    whether a compiled build matching the sources is in place."""
    import shutil
    import subprocess
    import tempfile
    if decide(root, out, {}).compiled:
        return True
    attempt = hashlib.sha256(json.dumps(_source_digests(root, modules), sort_keys=True).encode()).hexdigest()
    failed = out / FAILED
    if failed.is_file() and json.loads(failed.read_text(encoding="utf-8")).get("sources") == attempt:
        print("KECI: the compiled build failed for these sources before; the game runs as pure Python.")
        return False

    def give_up(why: str) -> bool:
        print(f"KECI: no compiled build ({why}); the game runs as pure Python.")
        out.mkdir(parents=True, exist_ok=True)
        failed.write_text(json.dumps({"sources": attempt, "why": why}), encoding="utf-8")
        return False

    missing = _no_compiler()
    if missing is not None:
        return give_up(missing)
    with tempfile.TemporaryDirectory(prefix="keci-native-") as tmp:
        work = Path(tmp)
        # Compile a snapshot: the stamp then describes exactly what was compiled, even if a file
        # is edited while the compiler runs.
        for package in PACKAGES:
            for src in (root / package).rglob("*.py"):
                dest = work / src.relative_to(root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)
        if (root / "pyproject.toml").is_file():
            shutil.copyfile(root / "pyproject.toml", work / "pyproject.toml")
        files = [str(Path(*m.split(".")).with_suffix(".py")) for m in modules]
        if not quiet:
            print(f"Compiling {len(files)} modules with mypyc (about a minute; KECI_PURE_PYTHON=1 skips it at run time)...",
                  flush=True)
        done = subprocess.run([sys.executable, "-m", "mypyc", *files], check=False, cwd=work, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
            return give_up(f"mypyc failed: {last[0][:160]}")
        staging = Path(tempfile.mkdtemp(prefix=".native-", dir=out.parent))
        for lib in work.rglob("*" + str(sysconfig.get_config_var("EXT_SUFFIX"))):
            if "build" in lib.relative_to(work).parts:
                continue
            dest = staging / lib.relative_to(work)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(lib, dest)
        write_stamp(work, staging, modules)
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    if root == ROOT and out == BUILD and modules == MODULES:
        broken = verify()
        if broken is not None:
            shutil.rmtree(out)
            return give_up(f"the compiled modules do not run: {broken}")
    return decide(root, out, {}).compiled


def verify() -> str | None:
    """What is wrong with the build in :data:`BUILD`, or None: each compiled module must load
    first in a fresh process (a compiled module builds its classes as it loads; a class it
    needs that does not exist yet crashes the process) and a short AI game must play. A
    source edited in a way the compiler takes but the compiled module cannot run is caught here,
    at ``make setup``, and the game falls back to pure Python instead of failing."""
    import subprocess
    env = {k: v for k, v in os.environ.items() if k != PURE_ENV}
    suffix = str(sysconfig.get_config_var("EXT_SUFFIX"))
    checks = [(m, f"import {m} as m; assert m.__file__.endswith({suffix!r}), 'not loaded compiled'")
              for m in MODULES]
    checks.append(("an AI game", ("import random; from rules.loader import load_content; "
                   "from rules.core.engine import Game; from game.ai import choose; c = load_content(); "
                   "g, _ = Game.new(c, 'standard', 1); r = random.Random(1)\nwhile not g.over:\n"
                   "    g.apply(choose(g, g.waiting_for()[0], 'normal', 'moderate', r).action)")))
    for label, code in checks:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              check=False, timeout=600)
        if done.returncode != 0:
            last = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
            return f"{label}: {last[0][:160]}"
    return None


def main(argv: list[str] | None = None) -> int:
    """``build`` (what ``make setup`` runs: compile unless the build matches the sources) or
    ``status`` (which build runs and why)."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["build"]:
        if os.environ.get(PURE_ENV, "") not in ("", "0"):
            print(f"KECI: {PURE_ENV} is set: no compiled build.")
            return 0
        try:
            build()
        except (OSError, ValueError) as exc:  # never stops the setup
            print(f"KECI: the compiled build failed ({exc}); the game runs as pure Python.")
        return 0
    if args[:1] == ["status"]:
        print(decide().reason)
        return 0
    print("usage: main([\"build\"]) or main([\"status\"])", file=sys.stderr)
    return 2
