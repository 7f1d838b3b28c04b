"""The after-action review: a session's record, its story, charts, the PDF report and CSV files.

Modules, one job each: ``record`` (a session replayed into per-turn points and decisions),
``story`` (the ending and its causes from the game's own events), ``standards`` (the paper's
recommendations and the 1995 Study's principles held against what happened), ``questions``
(discussion questions drawn from this game), ``charts`` (matplotlib pictures), ``pdf`` (the
report with reportlab), ``csv_export`` and ``briefings`` (printable role briefings).
"""
