"""Hypothesis strategies that damage a valid document a little: the inputs most likely to slip
past a validator are near-misses of real files, not random noise."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

Path = tuple[Any, ...]

#: Values a hostile or careless editor might put anywhere.
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2**31, 2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["", "kosovo", "serbia", "nato", "eu", "hidden", "action", "undo", "start", "ai", "human",
                     "hard", "godlike", "end_orders", "respond", "x" * 300, "ë ç č ć đ š ž"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=8)


def paths(doc: Any, here: Path = ()) -> list[Path]:
    """Every place in the document (the root included)."""
    found = [here]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += paths(value, here + (key,))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += paths(value, here + (i,))
    return found


def _parent(doc: Any, path: Path) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


@st.composite
def mutated(draw: st.DrawFn, original: Any, max_changes: int = 3) -> Any:
    """``original`` with one to ``max_changes`` edits: a value replaced, a key or item removed, an
    item duplicated or moved, a number nudged, a list cut short."""
    doc = copy.deepcopy(original)
    for _ in range(draw(st.integers(min_value=1, max_value=max_changes))):
        places = [p for p in paths(doc) if p]
        if not places:
            return draw(VALUES)
        path = draw(st.sampled_from(places))
        parent, key = _parent(doc, path), path[-1]
        op = draw(st.sampled_from(["replace", "delete", "duplicate", "nudge", "truncate", "swap", "rename"]))
        value = parent[key]
        if op == "replace":
            parent[key] = draw(VALUES)
        elif op == "delete":
            del parent[key]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(value))
        elif op == "nudge" and isinstance(value, int) and not isinstance(value, bool):
            parent[key] = value + draw(st.sampled_from([-1, 1, 2**40, -(2**40)]))
        elif op == "truncate" and isinstance(value, list) and value:
            del value[draw(st.integers(min_value=0, max_value=len(value) - 1)):]
        elif op == "swap" and isinstance(parent, list) and len(parent) > 1:
            other = draw(st.integers(min_value=0, max_value=len(parent) - 1))
            parent[key], parent[other] = parent[other], parent[key]
        elif op == "rename" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = parent.pop(key)
        else:
            parent[key] = draw(VALUES)
    return doc
