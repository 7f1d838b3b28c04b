"""Table codes: what a player types or reads out to join a seat."""

from __future__ import annotations

import argparse

from hypothesis import given, settings
from hypothesis import strategies as st

from game.table import codes


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_a_code_is_never_read_as_a_command_line_option(_: int) -> None:
    """``keci show --server URL --code CODE``: a code that began with "-" was taken by the
    argument parser for an option ("argument --code: expected one argument"), about one code in
    thirty-two. Every code is letters and digits only, and the parser takes it as the value."""
    code = codes.new_code()
    assert len(code) == codes.CODE_LENGTH and code.isalnum() and code.isascii()
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--code")
    assert parser.parse_args(["--code", code]).code == code


def test_codes_are_unguessable_and_distinct() -> None:
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert set("".join(drawn)) == set(codes.CODE_LETTERS)  # every letter is used: 62 per place
