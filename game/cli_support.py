"""What the command line's modules share: the user-error type and reading a scenario.

Here, below both ``game.cli`` and ``game.simulate``, so neither imports the other.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rules.core.engine import Game
    from rules.loader import Content


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def emit(data: Any) -> None:
    """Print JSON for scripts: stable key order, readable non-ASCII letters."""
    print(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2))


def content_with(scenario: str) -> tuple[Content, str]:
    """Load the content; a scenario given as a path is validated and added to it."""
    from rules.loader import load_content, shipped_content  # validating content needs pydantic: only here

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


#: The one action whose parameter names a deal (kept in step with ``rules.orders.DELIVER``, which
#: this module does not import so that the command line's light commands stay light).
DELIVER = "deliver"


def deal_numbers(commitments: list[dict[str, Any]], role: str) -> dict[int, int]:
    """Each deal ``role`` owes, from its internal id to the number players know it by.

    Players follow one number from an offer to its delivery: the proposal's. A proposal makes two
    deals (one per side), so the proposal number and the giver together name a deal; for the giver
    itself the proposal number alone does.
    """
    return {int(d["id"]): int(d["proposal"]) for d in commitments if d["giver"] == role}


def deal_params_shown(action_id: str, params: dict[str, list[Any]], numbers: dict[int, int]) -> dict[str, list[Any]]:
    """A legal move's choices as players read them: a deal by its proposal's number."""
    if action_id != DELIVER or "deal" not in params:
        return params
    return {**params, "deal": [numbers.get(int(v), v) for v in params["deal"]]}


def deal_param_given(action_id: str, params: dict[str, Any], numbers: dict[int, int]) -> dict[str, Any]:
    """The inverse: ``deliver --param deal=3`` means this role's part of the deal from proposal #3."""
    if action_id != DELIVER or "deal" not in params:
        return params
    wanted = params["deal"]
    ids = [deal_id for deal_id, proposal in numbers.items() if proposal == wanted]
    if not ids:
        known = ", ".join(f"#{p}" for p in sorted(set(numbers.values()))) or "none"
        raise UserError(f"you owe nothing under deal #{wanted} (your deals: {known})")
    return {**params, "deal": ids[0]}


def game_deal_numbers(game: Game, role: str) -> dict[int, int]:
    """:func:`deal_numbers` of the deals in ``game``."""
    return deal_numbers([d.to_json() for d in game.state.deals], role)


def legal_options(game: Game, role: str) -> list[dict[str, Any]]:
    """``role``'s legal moves as ``legal`` prints them (a deal by its proposal's number); one
    copy for the full command and its quick path (game.cli_fast)."""
    numbers = game_deal_numbers(game, role)
    options = [t.to_json() for t in game.legal_actions(role)]
    for t in options:
        t["params"] = deal_params_shown(t["id"], t["params"], numbers)
    return options
