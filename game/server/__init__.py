"""The server: tables played from many screens at once (see :mod:`game.server.app`)."""
