"""The engine's core: state, actions, the turn table, the engine and what a role may see.

It lives under ``rules/`` so that the rule functions can name the state without reaching up
into ``game/``: imports run one way, content -> rules/core -> AI -> table and store -> front-ends.
"""

from rules import native

__path__ = native.extend_path(__name__, __path__)
