"""The window's role briefing counts points the way a reader expects."""

from game.ui.guide import role_briefing
from rules.loader import shipped_content


def test_a_one_point_objective_reads_one_point() -> None:
    content = shipped_content()
    one = [o for o in content.objectives("kosovo", "classroom") if o.points == 1 and not o.secret]
    assert one, "the classroom's Kosovo has a public one-point objective (public support)"
    text = "\n".join(s.body for s in role_briefing(content, "kosovo", "classroom"))
    assert f"{one[0].text} — 1 point\n" in text + "\n"
    assert "1 points" not in text
