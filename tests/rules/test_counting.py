"""Counted nouns: a player never reads "1 points"."""

from hypothesis import given
from hypothesis import strategies as st

from rules.counting import counted, points


def test_one_point_and_minus_one_point_are_singular() -> None:
    assert points(1) == "1 point"
    assert points(-1) == "-1 point"


def test_other_counts_are_plural() -> None:
    assert points(0) == "0 points"
    assert points(3) == "3 points"
    assert points(-8) == "-8 points"
    assert counted(2, "half-year") == "2 half-years"
    assert counted(2, "ally", "allies") == "2 allies"


@given(st.integers(min_value=-1000, max_value=1000))
def test_the_number_is_kept_and_the_noun_agrees(n: int) -> None:
    text = points(n)
    number, noun = text.split(" ")
    assert int(number) == n
    assert noun == ("point" if abs(n) == 1 else "points")
