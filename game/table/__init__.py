"""The table: the one door every front-end (command line, simulate, window, server) goes through.

- :mod:`game.table.seat` — ``Seat``, who plays a role, with the one seat grammar;
- :mod:`game.table.ai_turns` — an AI seat's move: one random-source rule, one memory per seat;
- :mod:`game.table.table` — ``Table``: one session's seats, AI turns, what a reader may see
  (board and log, through :mod:`rules.core.secrets`), undo, and new moves by sequence number.

Submodules are imported by name (``from game.table.table import Table``) so that reading a
seat does not load the AI or the database.
"""
