"""The messages a client may send over the WebSocket, checked before anything is done with them.

Client → server (JSON objects, at most :data:`MAX_MESSAGE_BYTES`):

- ``{"type": "hello", "code": CODE, "since": SEQ}`` — first, always: who this is, and the last
  sequence number the client has (``-1``: none; the server then sends everything after it);
- ``{"type": "act", "id": ACTION_ID, "params": {...}, "seq": SEQ?}`` — a move for the code's own
  role (``seq``, if given, is the last move the player saw: the move is refused if the game moved
  on since);
- ``{"type": "undo"}`` — take back the code's own last move;
- ``{"type": "legal"}`` — what the code's role may do now;
- ``{"type": "ping"}``.

Server → client: ``welcome`` (role, session, seq, and ``worker``: the id of the server process
serving this connection, for telling workers apart), ``entry`` (one log entry as the client's role
may see it: :class:`rules.core.secrets.SeenEntry`), ``board`` (the board as the role may see it,
after every batch of entries), ``legal``, ``pong`` and ``error`` (one clear line; nothing changed).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

MAX_MESSAGE_BYTES = 8 * 1024
Word = Annotated[str, Field(min_length=1, max_length=80)]
Value = Annotated[str, Field(max_length=200)] | int


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Hello(_Message):
    type: Literal["hello"]
    code: Annotated[str, Field(min_length=1, max_length=100)]
    since: int = Field(default=-1, ge=-1, le=10**9)


class Act(_Message):
    type: Literal["act"]
    id: Word
    params: dict[Word, Value] = Field(default_factory=dict, max_length=12)
    seq: int | None = Field(default=None, ge=0, le=10**9)
    #: Optional; if given it must be the code's own role.
    role: Word | None = None


class Undo(_Message):
    type: Literal["undo"]


class Legal(_Message):
    type: Literal["legal"]


class Ping(_Message):
    type: Literal["ping"]


ClientMessage = Annotated[Hello | Act | Undo | Legal | Ping, Field(discriminator="type")]
CLIENT_MESSAGE: TypeAdapter[Hello | Act | Undo | Legal | Ping] = TypeAdapter(ClientMessage)


class NewTable(_Message):
    """``POST /api/tables``: open a table (seats in the text form of :mod:`game.table.seat`)."""

    scenario: Word = "classroom"
    seed: int | None = Field(default=None, ge=0, le=2**31)
    seats: list[Annotated[str, Field(max_length=300)]] = Field(default_factory=list, max_length=8)
    name: Annotated[str, Field(max_length=200)] = ""
    #: How the table's texts are worded (rules/wording.py): the paper's words or status-neutral.
    wording: Literal["plain", "neutral"] = "plain"


class HttpAct(_Message):
    """``POST /api/act``: a move for the code's own role."""

    id: Word
    params: dict[Word, Value] = Field(default_factory=dict, max_length=12)
    seq: int | None = Field(default=None, ge=0, le=10**9)
    role: Word | None = None
