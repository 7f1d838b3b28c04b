"""The validated content kept on disk: used only when it is exactly what a fresh load would give."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from rules import content_cache
from rules.content_cache import cached_content
from rules.loader import CONTENT_DIR, Content, ContentError, load_content


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the cache falls back to parsing and validating the YAML."""
    calls: list[Path] = []

    def counting(directory: Path | str = CONTENT_DIR, extra_scenarios: object = ()) -> Content:
        calls.append(Path(directory))
        return load_content(directory, extra_scenarios=extra_scenarios)  # type: ignore[arg-type]

    monkeypatch.setattr(content_cache, "load_content", counting)
    return calls


def _cache_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("content-*.pickle"))


def test_second_load_comes_from_the_cache_and_equals_a_fresh_load(content_dir: Path, tmp_path: Path,
                                                                   loads: list[Path]) -> None:
    cache = tmp_path / "cache"
    first = cached_content(content_dir, cache_dir=cache)
    second = cached_content(content_dir, cache_dir=cache)
    assert len(loads) == 1
    assert len(_cache_files(cache)) == 1
    fresh = load_content(content_dir)
    assert second.actions == fresh.actions and second.scenarios == fresh.scenarios
    assert second.keci == fresh.keci and second.negotiation == fresh.negotiation
    assert second.roles["kosovo"].name == first.roles["kosovo"].name == fresh.roles["kosovo"].name


def test_rebuilt_when_a_content_file_changes(content_dir: Path, tmp_path: Path, loads: list[Path]) -> None:
    cache = tmp_path / "cache"
    before = cached_content(content_dir, cache_dir=cache)
    roles = content_dir / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    old_name = before.roles["kosovo"].name
    roles.write_text(text.replace(f"name: {old_name}", "name: Republika e Kosovës", 1), encoding="utf-8")
    after = cached_content(content_dir, cache_dir=cache)
    assert len(loads) == 2
    assert after.roles["kosovo"].name == "Republika e Kosovës"
    assert cached_content(content_dir, cache_dir=cache).roles["kosovo"].name == "Republika e Kosovës"
    assert len(loads) == 2


def test_rebuilt_when_a_content_file_is_added(content_dir: Path, tmp_path: Path, loads: list[Path]) -> None:
    cache = tmp_path / "cache"
    cached_content(content_dir, cache_dir=cache)
    standard = (content_dir / "scenarios" / "standard.yaml").read_text(encoding="utf-8")
    (content_dir / "scenarios" / "copy.yaml").write_text(
        standard.replace("id: standard", "id: workshop_copy", 1), encoding="utf-8")
    assert "workshop_copy" in cached_content(content_dir, cache_dir=cache).scenarios
    assert len(loads) == 2


def test_an_invalid_edit_is_reported_not_served_from_the_cache(content_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached_content(content_dir, cache_dir=cache)
    (content_dir / "roles.yaml").write_text("roles: not a list\n", encoding="utf-8")
    with pytest.raises(ContentError, match="must be a list"):
        cached_content(content_dir, cache_dir=cache)


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "garbage", "empty"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(content_dir: Path, tmp_path: Path, loads: list[Path],
                                                       damage: str) -> None:
    cache = tmp_path / "cache"
    cached_content(content_dir, cache_dir=cache)
    (path,) = _cache_files(cache)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flipped byte":
        middle = len(data) - 1000
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:])
    elif damage == "garbage":
        path.write_bytes(b"\x80\x04not a pickle at all" * 100)
    else:
        path.write_bytes(b"")
    content = cached_content(content_dir, cache_dir=cache)
    assert len(loads) == 2
    assert content.roles["kosovo"].name == load_content(content_dir).roles["kosovo"].name
    assert path.read_bytes() == data  # rewritten whole
    cached_content(content_dir, cache_dir=cache)
    assert len(loads) == 2


def test_a_file_from_another_version_of_the_program_is_ignored(content_dir: Path, tmp_path: Path,
                                                               loads: list[Path],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setattr(content_cache, "PROGRAM_VERSION", "0.0.1-old")
    cached_content(content_dir, cache_dir=cache)
    monkeypatch.setattr(content_cache, "PROGRAM_VERSION", "0.2.0-new")
    cached_content(content_dir, cache_dir=cache)
    assert len(loads) == 2


def test_a_file_made_with_other_schema_code_is_ignored(content_dir: Path, tmp_path: Path, loads: list[Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The key covers the code that defines the content's classes, not only the data."""
    cache = tmp_path / "cache"
    cached_content(content_dir, cache_dir=cache)
    schema = tmp_path / "schema.py"
    schema.write_text(Path(content_cache.CODE_FILES[0]).read_text(encoding="utf-8") + "\n# changed\n",
                      encoding="utf-8")
    monkeypatch.setattr(content_cache, "CODE_FILES", (schema, *content_cache.CODE_FILES[1:]))
    cached_content(content_dir, cache_dir=cache)
    assert len(loads) == 2


def test_an_unwritable_cache_directory_only_costs_speed(content_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    content = cached_content(content_dir, cache_dir=blocker / "cache")
    assert "standard" in content.scenarios


def test_program_version_is_the_package_version() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert content_cache.PROGRAM_VERSION == pyproject["project"]["version"]
