"""Bad content gives a clear error naming file, line and field — never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules.loader import CONTENT_DIR, ContentError, load_content

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def _issues(directory: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(directory)
    return [str(i) for i in info.value.issues]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_content_is_valid() -> None:
    content = load_content()
    assert len(content.crises) >= 14
    for role in ("kosovo", "serbia", "nato", "eu"):
        assert len(content.actions_by_role[role]) >= 8
    assert len(content.commitments) >= 6
    assert len(content.candidates) >= 3
    assert len(content.allies) == 4


def test_every_player_facing_item_cites_the_paper() -> None:
    content = load_content()
    items = [*content.actions.values(), *content.crises.values(), *content.commitments.values(),
             *content.candidates.values(), *content.allies.values(), *content.negotiation.items,
             *content.keci.phases, *content.tracks.values()]
    for item in items:
        assert item.source.strip() and item.explanation.strip(), item.id


def test_malformed_yaml_names_file_and_line(content_copy: Path) -> None:
    path = content_copy / "commitments.yaml"
    _edit(path, "  - id: police_integration", "  - id: [police_integration")
    issues = _issues(content_copy)
    assert any("commitments.yaml:" in i and "not valid YAML" in i for i in issues), issues


def test_action_naming_a_missing_track(content_copy: Path) -> None:
    path = content_copy / "actions" / "nato.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("alliance_cohesion:", "alliance_coherence:", 1), encoding="utf-8")
    issues = _issues(content_copy)
    hit = [i for i in issues if "nato.yaml:" in i and "alliance_coherence" in i]
    assert hit, issues
    line = int(hit[0].split("nato.yaml:")[1].split(":")[0])
    assert "alliance_coherence" in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_drift_condition_naming_a_missing_track(content_copy: Path) -> None:
    _edit(content_copy / "tracks.yaml", "when: {malign_influence: {min: 8}}", "when: {envoy_mood: {min: 8}}")
    issues = _issues(content_copy)
    assert any("tracks.yaml:" in i and "drift" in i and "envoy_mood" in i for i in issues), issues


def test_out_of_range_number(content_copy: Path) -> None:
    _edit(content_copy / "scenarios" / "standard.yaml", "north_tension: 6", "north_tension: 60")
    issues = _issues(content_copy)
    assert any("standard.yaml:" in i and "tracks.north_tension" in i and "outside 0..10" in i for i in issues), issues


def test_wrong_type_names_the_field(content_copy: Path) -> None:
    _edit(content_copy / "roles.yaml", "capital_refill: 4", "capital_refill: plenty")
    issues = _issues(content_copy)
    assert any("roles.yaml:" in i and "roles[0].capital_refill" in i for i in issues), issues


def test_duplicate_ids_across_files(content_copy: Path) -> None:
    path = content_copy / "actions" / "eu.yaml"
    text = path.read_text(encoding="utf-8")
    first_id = next(line.split("id:")[1].strip() for line in text.splitlines() if line.strip().startswith("- id:"))
    kosovo = content_copy / "actions" / "kosovo.yaml"
    ktext = kosovo.read_text(encoding="utf-8")
    kfirst = next(line for line in ktext.splitlines() if line.strip().startswith("- id:"))
    kosovo.write_text(ktext.replace(kfirst, kfirst.split("id:")[0] + "id: " + first_id, 1), encoding="utf-8")
    issues = _issues(content_copy)
    assert any(f"duplicate action id '{first_id}'" in i for i in issues), issues


def test_unknown_key_is_an_error(content_copy: Path) -> None:
    _edit(content_copy / "allies.yaml", "    unilateral_memory: 2", "    unilateral_memory: 2\n    mood: grumpy")
    issues = _issues(content_copy)
    assert any("allies.yaml:" in i and "mood" in i for i in issues), issues


def test_every_error_is_reported_at_once(content_copy: Path) -> None:
    """Shape errors in several files come in one report (references are checked once shapes are right)."""
    _edit(content_copy / "scenarios" / "standard.yaml", "turns: 16", "turns: many")
    _edit(content_copy / "roles.yaml", "capital_refill: 4", "capital_refill: plenty")
    issues = _issues(content_copy)
    assert any("standard.yaml:" in i and "turns" in i for i in issues), issues
    assert any("roles.yaml:" in i and "capital_refill" in i for i in issues), issues


def test_rules_check_command_reports_without_traceback(content_copy: Path) -> None:
    _edit(content_copy / "scenarios" / "standard.yaml", "north_tension: 6", "north_tension: 60")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "rules", "check", str(content_copy)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "standard.yaml:" in result.stderr and "north_tension" in result.stderr


def test_rules_check_command_ok() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "rules", "check"],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK")


def test_rules_check_one_bad_scenario_file(tmp_path: Path) -> None:
    bad = tmp_path / "workshop.yaml"
    bad.write_text((CONTENT_DIR / "scenarios" / "classroom.yaml").read_text(encoding="utf-8")
                   .replace("id: classroom", "id: workshop").replace("seats: [kosovo, serbia, nato, eu]",
                                                                    "seats: [kosovo, serbia, nato, osce]")
                   .replace("resolution_order: [eu,", "resolution_order: [osce,"),
                   encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "rules", "check", str(bad)],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    assert result.returncode == 1
    assert "workshop.yaml:" in result.stderr and "osce" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("old", "new", "message"), [
    ("objectives:\n  kosovo:", "objectives:\n  osce:", "'osce' is not seated"),
    ("condition: {public_support: {min: 94}}", "condition: {public_mood: {min: 94}}", "public_mood"),
    ("    - id: keep_public_support", "    - id: keci_phase_two", "duplicate objective id for role kosovo"),
])
def test_a_scenarios_objectives_are_checked(content_copy: Path, old: str, new: str, message: str) -> None:
    _edit(content_copy / "scenarios" / "classroom.yaml", old, new)
    issues = _issues(content_copy)
    assert any("classroom.yaml:" in i and message in i for i in issues), issues


@pytest.mark.parametrize(("old", "new", "message", "word"), [
    ("endings:\n  breakthrough:", "endings:\n  settlement:", "unknown ending 'settlement'", "settlement"),
    ("      - {non_recognizers: {max: 3}}", "      - {recognizers: {max: 3}}", "recognizers", "recognizers"),
])
def test_a_scenarios_endings_are_checked(content_copy: Path, old: str, new: str, message: str, word: str) -> None:
    """A variant's own ending names an ending of endings.yaml and reads known quantities; each
    problem is told with the variant's file and the line that names it."""
    path = content_copy / "scenarios" / "a_la_carte.yaml"
    _edit(path, old, new)
    issues = _issues(content_copy)
    hit = [i for i in issues if "a_la_carte.yaml:" in i and message in i]
    assert hit, issues
    line = int(hit[0].split("a_la_carte.yaml:")[1].split(":")[0])
    assert word in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_scenarios_ending_needs_a_condition(content_copy: Path) -> None:
    path = content_copy / "scenarios" / "a_la_carte.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    condition_any:\n", text.index("endings:\n  breakthrough:"))
    end = text.index("    explanation:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    issues = _issues(content_copy)
    assert any("a_la_carte.yaml:" in i and "needs a condition" in i for i in issues), issues


def test_scenario_objective_changed_under_the_role_cards_id(content_copy: Path) -> None:
    """An id names one objective: the AI, the views and saves read objectives by id, so a variant
    that changes an objective must give it a new id, and is told so with its line."""
    path = content_copy / "scenarios" / "classroom.yaml"
    _edit(path, "condition: {keci_phase: {min: 2}}\n      points: 3", "condition: {keci_phase: {min: 1}}\n      points: 3")
    issues = _issues(content_copy)
    hit = [i for i in issues if "classroom.yaml:" in i and "keci_phase_two" in i and "new id" in i]
    assert hit, issues
    line = int(hit[0].split("classroom.yaml:")[1].split(":")[0])
    assert "keci_phase_two" in path.read_text(encoding="utf-8").splitlines()[line - 1]
