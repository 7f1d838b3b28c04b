"""What the command line's modules share: the user-error type and reading a scenario.

Here, below both ``game.cli`` and ``game.simulate``, so neither imports the other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rules.loader import Content, load_content, shipped_content


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def emit(data: Any) -> None:
    """Print JSON for scripts: stable key order, readable non-ASCII letters."""
    print(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2))


def content_with(scenario: str) -> tuple[Content, str]:
    """Load the content; a scenario given as a path is validated and added to it."""
    path = Path(scenario)
    if scenario.endswith((".yaml", ".yml")) or path.exists():
        if not path.is_file():
            raise UserError(f"scenario file not found: {scenario}")
        content = load_content(extra_scenarios=[path])
        import yaml

        scenario_id = str(yaml.safe_load(path.read_text(encoding="utf-8"))["id"])
        return content, scenario_id
    content = shipped_content()
    if scenario not in content.scenarios:
        raise UserError(f"unknown scenario {scenario!r} (known: {', '.join(sorted(content.scenarios))})")
    return content, scenario
