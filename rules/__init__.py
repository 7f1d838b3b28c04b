"""The rules of KECI. The hot modules may run compiled: see :mod:`rules.native`."""

from rules import native

__path__ = native.extend_path(__name__, __path__)
