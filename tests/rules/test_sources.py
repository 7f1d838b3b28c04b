"""Every quotation in the content is the paper's own words.

A ``source`` quotes the KCSS paper between single quotes ('...'), with `` ... `` for a cut; a
scenario's ``passage`` is the paper's words without quotes. A
source that is not the paper says so plainly with the words ``Not the paper:``; what follows is
not checked against the paper (FACTS.md gives those sources). A copy of the paper is kept in
``docs/paper/`` so this check runs anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from rules.loader import CONTENT_DIR

PAPER = Path(__file__).resolve().parents[2] / "docs" / "paper" / "kcss_2025_kosovo_nato.txt"
NOT_PAPER = "Not the paper:"


def _norm(text: str) -> str:
    text = (text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
            .replace("\u2013", "-").replace("\u2014", "-").replace("\u2011", "-"))
    return re.sub(r"\s+", " ", text).strip().lower()


def _sources(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("source", "passage") and isinstance(value, str):
                yield f"{where}.{key}", value
            else:
                yield from _sources(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _sources(value, f"{where}[{i}]")


def quotations(source: str, whole: bool = False) -> list[str]:
    """The quoted passages of a source, before any ``Not the paper:`` part, cut at ellipses.

    ``whole``: the text is itself a passage of the paper (a scenario's ``passage``), not quoted.
    """
    paper_part = source.split(NOT_PAPER, 1)[0]
    out = []
    spans = [paper_part] if whole else []
    # A quote opens with ' after a non-letter and closes with ' before a non-letter (so "Kosovo's" stays inside).
    if not whole:
        spans = [m.group(1) for m in re.finditer(r"(?<![A-Za-z])'(.+?)'(?![A-Za-z])", paper_part)]
    for span in spans:
        for piece in re.split(r"\s*\.\.\.\s*", span):
            piece = piece.replace('\\"', '"').strip(" .,;:")
            if len(piece) >= 12:
                out.append(piece)
    return out


def test_every_quotation_is_verbatim_from_the_paper() -> None:
    paper = _norm(PAPER.read_text(encoding="utf-8"))
    wrong = []
    checked = 0
    for path in sorted(CONTENT_DIR.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, source in _sources(data, path.name):
            for quote in quotations(source, whole=where.endswith(".passage")):
                checked += 1
                if _norm(quote) not in paper:
                    wrong.append(f"{where}: {quote!r}")
    assert checked > 100, "the check found too few quotations: has the quoting style changed?"
    assert not wrong, "not verbatim from the paper:\n" + "\n".join(wrong)


def test_the_check_catches_a_misquote() -> None:
    paper = _norm(PAPER.read_text(encoding="utf-8"))
    [quote] = quotations("Background: 'If a referendum on NATO membership were held in Kosovo tomorrow'")
    assert _norm(quote) not in paper
    assert quotations("Not the paper: S9 'position unchanged since 2008'") == []
