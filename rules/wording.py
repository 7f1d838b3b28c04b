"""The optional status-neutral wording mode: the same texts in forms every capital can accept.

Officials from Pristina, Belgrade and the non-recognizing capitals may sit at one table. In the
neutral mode ``Kosovo*`` is the denomination (the 2012 Arrangements: "'Kosovo*' is the only
denomination to be used"), ``Republic of Kosovo`` becomes ``Kosovo*``, the footnote is shown once
per screen or document, and place names carry both languages (``Pristina/Prishtinë``). The
default ``plain`` mode keeps the paper's own words.

The mode is a presentation setting of a session (stored with it, chosen by whoever opens it):
it never reaches the rules, so the same seed and moves give the same game in either mode.
Front-ends pass what they show through :func:`render` (one text), :func:`render_tree` (a JSON
document a page lays out) or :func:`document` (a whole text a reader reads top to bottom: a
command's output, a printed page), and show :func:`footnote` once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

WORDING_FILE = Path(__file__).parent / "content" / "wording.yaml"
#: The denomination of the neutral mode, and a label that is the name alone ("Kosovo" as a seat).
DENOMINATION = "Kosovo*"
_NAME = "Kosovo"
#: A mention of Kosovo in running text that is not part of a longer proper name ("Kosovo Police",
#: "Kosovo Enhanced Cooperation Initiative") and not yet marked.
_MENTION = re.compile(r"(?<![\w/])Kosovo(?![\w/*])(?! [A-Z])")


class Mode(StrEnum):
    PLAIN = "plain"
    NEUTRAL = "neutral"


#: The modes, as a front-end offers them: (value, what a facilitator reads).
CHOICES: tuple[tuple[str, str], ...] = (
    (Mode.PLAIN, "the paper's words (Republic of Kosovo, Prishtina)"),
    (Mode.NEUTRAL, "status-neutral (Kosovo* with the EU footnote, Pristina/Prishtinë)"),
)


def parse(value: str | None) -> Mode:
    """The mode named by ``value`` (None: plain); a clear ValueError names the choices."""
    if value is None or value == "":
        return Mode.PLAIN
    try:
        return Mode(value.strip().lower())
    except ValueError:
        raise ValueError(f"unknown wording {value!r} (choose: {', '.join(m.value for m in Mode)})") from None


@dataclass(frozen=True)
class Replacement:
    plain: str
    neutral: str


@dataclass(frozen=True)
class Wording:
    footnote: str
    source: str
    replacements: tuple[Replacement, ...]


def _text(data: dict[str, Any], key: str, shortest: int, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) < shortest:
        raise ValueError(f"{where}: {key!r} must be a text of at least {shortest} characters")
    return value


@lru_cache(maxsize=4)
def load(path: Path = WORDING_FILE) -> Wording:
    """The wording table, checked (a malformed file raises ValueError naming what is wrong).

    Plain dataclasses, not pydantic: the command line's quick path (game/cli_fast.py) reads a
    neutral session without importing pydantic, and YAML is read only when the mode is used."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"footnote", "source", "replacements"}:
        raise ValueError(f"{path.name}: needs exactly footnote, source and replacements")
    rows = data["replacements"]
    if not isinstance(rows, list) or not rows:
        raise ValueError(f"{path.name}: replacements must be a non-empty list")
    replacements = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or set(row) != {"plain", "neutral"}:
            raise ValueError(f"{path.name}: replacement {i + 1} needs exactly plain and neutral")
        replacements.append(Replacement(_text(row, "plain", 2, path.name), _text(row, "neutral", 2, path.name)))
    return Wording(_text(data, "footnote", 10, path.name), _text(data, "source", 5, path.name), tuple(replacements))


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Every replacement in one pattern (a single pass over a text; the alternatives in file
    order, longest first, so the result is that of applying them one after the other). The
    pattern starts with the words themselves, so the regular-expression engine skips ahead to
    their first letters; where a word starts is checked in :func:`_replace`."""
    table = load()
    forms = {r.plain: r.neutral for r in table.replacements}
    alternatives = "|".join(re.escape(r.plain) for r in table.replacements)
    return re.compile(rf"(?:{alternatives})(?![\w/*])"), forms


#: Any text the table may change holds one of these.
_TRIGGER = re.compile("Kosovo|Prisht|Pristina|Priština|Mitrovica|Zvečan|Leposavić|Banjska")


def _replace(text: str) -> str:
    """The replacements, whole words only: a word starts after a non-word character other than
    "/" (a name already in both forms), or after a JSON escape such as ``\\n``."""
    pattern, forms = _pattern()

    def one(m: re.Match[str]) -> str:
        at = m.start()
        before = text[at - 1] if at else " "
        if (before.isalnum() or before in "_/") and not (at >= 2 and text[at - 2] == "\\" and before in "nrt"):
            return m.group(0)
        return forms[m.group(0)]

    return pattern.sub(one, text)


@lru_cache(maxsize=16384)
def _neutral(text: str) -> str:
    if text.strip() == _NAME:  # the name alone is a label: the denomination
        return text.replace(_NAME, DENOMINATION)
    # A seat's label, "Arbër Krasniqi (Kosovo)", names the participant: the denomination too.
    return _replace(text).replace(f"({_NAME})", f"({DENOMINATION})")


def render(text: str, mode: Mode | str = Mode.PLAIN, wording: Wording | None = None) -> str:
    """``text`` in the given wording mode. Replacements apply whole-word, in file order, once per
    occurrence (a text already in neutral form is left as it is); a text that is only the name
    ("Kosovo", a seat's label) or a seat's label "NAME (Kosovo)" carries the denomination ``Kosovo*``."""
    if Mode(mode) == Mode.PLAIN or not text:
        return text
    if wording is None:
        return _neutral(text)
    if text.strip() == _NAME:
        return text.replace(_NAME, DENOMINATION)
    for r in wording.replacements:
        text = re.sub(rf"(?<![\w/]){re.escape(r.plain)}(?![\w/*])", r.neutral, text)
    return text.replace(f"({_NAME})", f"({DENOMINATION})")


def render_tree(data: Any, mode: Mode | str = Mode.PLAIN) -> Any:
    """A JSON document (dicts, lists, strings) with every string value in ``mode`` (keys, ids and
    numbers unchanged: ids are lower-case and no replacement matches them).

    The document given is never changed (its parts may be the game's own): a container is copied
    only on the path to a value that changes, and a string is looked at only if it holds one of
    the words the table replaces. Copying a whole page's thousands of containers cost more than
    building the page, mostly in the garbage collector (benchmarks/bench_wording.py)."""
    if Mode(mode) == Mode.PLAIN:
        return data
    return _walk(data)


def _walk(value: Any) -> Any:
    """``value`` in the neutral wording, copied only where something changes (strings and
    numbers are handled in the loop below, without a call each: most of a page is leaves)."""
    search = _TRIGGER.search
    if isinstance(value, str):
        return _neutral(value) if search(value) else value
    is_dict = isinstance(value, dict)
    if not is_dict and not isinstance(value, list | tuple):
        return value
    # A tuple is given back as a list, as JSON writes it.
    copied: Any = None if is_dict or isinstance(value, list) else list(value)
    for key, item in (value.items() if is_dict else enumerate(value)):
        kind = type(item)
        if kind is str:
            if not search(item):
                continue
            new = _neutral(item)
        elif kind is dict or kind is list or kind is tuple:
            new = _walk(item)
        else:
            continue
        if new is not item:
            if copied is None:
                copied = dict(value) if is_dict else list(value)
            copied[key] = new
    return value if copied is None else copied


def render_json_text(text: str, mode: Mode | str = Mode.PLAIN) -> str:
    """JSON already written as text, in ``mode``: as :func:`render_tree` would give it (every
    replacement, and a value that is only the name is the denomination). The replacements hold
    no quote or backslash, so the JSON stays valid."""
    if Mode(mode) == Mode.PLAIN:
        return text
    return (_replace(text).replace(f'"{_NAME}"', f'"{DENOMINATION}"')
            .replace(f"({_NAME})", f"({DENOMINATION})"))


def mark_first(text: str) -> str:
    """``text`` with its first mention of Kosovo written ``Kosovo*`` (unless one already is).

    In a line laid out in columns (a run of spaces after the mention, on the same line) one
    space of that run makes room for the asterisk, so the columns stay aligned."""
    if DENOMINATION in text:
        return text
    found = _MENTION.search(text)
    if found is None:
        return text
    end = found.end()
    rest = text[end:]
    line_end = rest.find("\n")
    gap = rest.find("  ", 0, len(rest) if line_end < 0 else line_end)
    if gap >= 0:
        rest = rest[:gap] + rest[gap + 1:]
    return f"{text[:end]}*{rest}"


def footnote(mode: Mode | str = Mode.PLAIN) -> str:
    """The footnote to show once per screen or document in the neutral mode ('' in plain mode)."""
    return load().footnote if Mode(mode) == Mode.NEUTRAL else ""


def document(text: str, mode: Mode | str = Mode.PLAIN) -> str:
    """A whole text read top to bottom (a command's output, a printed page) in ``mode``: rendered,
    the first mention marked ``Kosovo*``, and the footnote once at its foot."""
    if Mode(mode) == Mode.PLAIN:
        return text
    body = mark_first(render(text, mode))
    note = footnote(mode)
    if note in body:
        return body
    return f"{body.rstrip(chr(10))}\n\n{note}\n"
