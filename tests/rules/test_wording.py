"""rules.wording: the status-neutral forms, as every channel applies them."""

from __future__ import annotations

import json

import pytest

from rules import wording


def test_render_tree_words_every_value_and_never_changes_what_it_was_given() -> None:
    page = {"name": "Kosovo", "seat": "Arbër (Kosovo)", "where": ["Prishtina", ("Banjska", 3)],
            "kept": {"id": "election_prishtina", "n": 2}, "text": "the Republic of Kosovo and Serbia"}
    before = json.dumps(page)
    out = wording.render_tree(page, "neutral")
    assert out == {"name": "Kosovo*", "seat": "Arbër (Kosovo*)", "where": ["Pristina/Prishtinë", ["Banjska/Banjskë", 3]],
                   "kept": {"id": "election_prishtina", "n": 2}, "text": "Kosovo* and Serbia"}
    assert json.dumps(page) == before  # the caller's document (perhaps the game's own) is untouched
    assert out["kept"] is page["kept"]  # only the paths that change are copied
    assert wording.render_tree(page, "plain") is page


def test_json_text_is_worded_like_the_tree_and_stays_json() -> None:
    data = {"a": "line one\nPrishtina", "b": "Kosovo", "c": "Mitrovica/Mitrovicë"}
    text = wording.render_json_text(json.dumps(data, ensure_ascii=False), "neutral")
    assert json.loads(text) == wording.render_tree(data, "neutral") == {
        "a": "line one\nPristina/Prishtinë", "b": "Kosovo*", "c": "Mitrovica/Mitrovicë"}


def test_a_document_marks_its_first_mention_and_carries_the_footnote_once() -> None:
    text = "  Kosovo's credibility with Allies     3 / 10\n  Kosovo Police in the north   ok\n"
    out = wording.document(text, "neutral")
    first, second = out.splitlines()[:2]
    assert first == "  Kosovo*'s credibility with Allies    3 / 10"  # the column stays where it was
    assert second == "  Kosovo Police in the north   ok"  # once is enough; a longer name is left whole
    assert out.count(wording.footnote("neutral")) == 1
    assert wording.document(out, "neutral") == out
    assert wording.document(text, "plain") == text


def test_an_unknown_mode_is_one_clear_error() -> None:
    assert wording.parse(None) == wording.Mode.PLAIN and wording.parse(" Neutral ") == wording.Mode.NEUTRAL
    with pytest.raises(ValueError, match="unknown wording 'polite' \\(choose: plain, neutral\\)"):
        wording.parse("polite")
