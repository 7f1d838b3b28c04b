"""The validated content, kept on disk so that a command does not parse and check the YAML again.

Loading the content parses about 150 KB of YAML and validates it in two passes: about 0.2 s on
a quiet machine (more under load), more than everything else a command like ``keci show`` does.
The result is a plain immutable value, so it is stored once as a pickle and read back in a few
milliseconds.

A cache file is used only if its key matches the key computed now, and the key covers
everything the stored value was made from:

* the bytes of every content file (``*.yaml`` under the content folder, recursively) and of any
  extra scenario file (a facilitator's own, or one kept in a save);
* the code that defines and validates the content: ``rules/schema.py``, ``rules/loader.py`` and
  this module (the classes that the pickle names and the checks it passed);
* the program's version, pydantic's version and Python's version, and a format number.

A file whose key differs (another version of the program wrote it, or a content file changed)
or whose payload does not match the SHA-256 digest in its header (damaged, truncated, edited)
is ignored and rewritten; the digest is checked before anything is unpickled. Writing is atomic
(a temporary file, then a rename), so a process killed mid-write leaves the old file or none.
A cache directory that cannot be written only costs speed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rules.bundle import Content

#: Bump when the layout of the file below changes.
CACHE_FORMAT = 2
#: The program's version (pyproject.toml); part of the key so that no release trusts another's file.
PROGRAM_VERSION = "0.1.0"
MAGIC = b"KECI-CONTENT-CACHE\n"
_HERE = Path(__file__).resolve().parent
#: The shipped content (``rules.loader.CONTENT_DIR``; named here so that reading the cache does
#: not import the loader, and with it pydantic).
CONTENT_DIR = _HERE / "content"
#: The modules whose code the stored value depends on.
CODE_FILES = (_HERE / "schema.py", _HERE / "loader.py", _HERE / "bundle.py", _HERE / "plain.py",
              Path(__file__).resolve())


def default_cache_dir() -> Path:
    """``$KECI_CACHE_DIR``, else ``saves/.cache`` beside the default save file."""
    configured = os.environ.get("KECI_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    return _HERE.parent / "saves" / ".cache"


def _pydantic_version() -> bytes:
    """pydantic's ``version.py`` (it names pydantic's version and the pydantic-core it needs),
    read without importing pydantic: reading a plain cache must not cost pydantic's import."""
    import importlib.util

    spec = importlib.util.find_spec("pydantic")
    if spec is None or spec.origin is None:
        return b"no pydantic"
    return (Path(spec.origin).parent / "version.py").read_bytes()


def content_key(directory: Path, extra_scenarios: Iterable[Path] = ()) -> str:
    """The SHA-256 of everything a loaded :class:`Content` depends on (see the module's docstring)."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(label.encode("utf-8") + b"\0" + len(data).to_bytes(8, "big") + data)

    add("format", str(CACHE_FORMAT).encode())
    add("program", PROGRAM_VERSION.encode())
    add("python", sys.version.encode())
    add("pydantic", _pydantic_version())
    for path in CODE_FILES:
        add(f"code:{path.name}", path.read_bytes())
    for path in sorted(directory.rglob("*.yaml")):
        add(f"content:{path.relative_to(directory).as_posix()}", path.read_bytes())
    for index, path in enumerate(extra_scenarios):
        add(f"extra:{index}", Path(path).read_bytes())
    return digest.hexdigest()


def _cache_file(cache_dir: Path, directory: Path, extra_scenarios: list[Path], flavour: str = "") -> Path:
    """One file per content folder, set of extra scenarios and flavour (the models, or their
    plain records), so they do not evict each other."""
    name = hashlib.sha256(str(directory.resolve()).encode("utf-8"))
    for path in extra_scenarios:
        name.update(b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return cache_dir / f"content-{name.hexdigest()[:16]}{flavour}.pickle"


def _read(path: Path, key: str) -> Content | None:
    """The stored content if the file is intact and was made from exactly this key; else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header_len = len(MAGIC) + 64 + 1 + 64 + 1
    if len(data) < header_len or not data.startswith(MAGIC):
        return None
    stored_key = data[len(MAGIC):len(MAGIC) + 64].decode("ascii", "replace")
    stored_digest = data[len(MAGIC) + 65:len(MAGIC) + 129].decode("ascii", "replace")
    payload = data[header_len:]
    if stored_key != key or hashlib.sha256(payload).hexdigest() != stored_digest:
        return None
    try:
        content = pickle.loads(payload)  # our own file, checked against its digest and key
    except Exception:  # noqa: BLE001 - any failure means "rebuild"
        return None
    return content if isinstance(content, Content) else None


def _write(path: Path, key: str, content: Content) -> None:
    payload = pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    blob = MAGIC + key.encode("ascii") + b"\n" + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk only costs speed


def load_content(directory: Path | str = CONTENT_DIR, extra_scenarios: Iterable[Path] = ()) -> Content:
    """:func:`rules.loader.load_content`, imported only when the cache cannot serve (it imports pydantic)."""
    from rules.loader import load_content as load

    return load(directory, extra_scenarios=extra_scenarios)


def cached_content(directory: Path | str = CONTENT_DIR, extra_scenarios: Iterable[Path | str] = (),
                   cache_dir: Path | None = None) -> Content:
    """The same value as :func:`rules.loader.load_content`, read from the cache when it is valid.

    Content that does not validate raises :class:`rules.loader.ContentError` exactly as the
    loader does, and is never cached.
    """
    directory = Path(directory)
    extras = [Path(p) for p in extra_scenarios]
    try:
        key = content_key(directory, extras)
        path = _cache_file(cache_dir or default_cache_dir(), directory, extras)
    except OSError:
        return load_content(directory, extra_scenarios=extras)  # the loader reports what is missing
    content = _read(path, key)
    if content is None:
        content = load_content(directory, extra_scenarios=extras)
        _write(path, key, content)
    return content


def plain_content(directory: Path | str = CONTENT_DIR, cache_dir: Path | None = None) -> Content:
    """The shipped content with every model a plain :class:`rules.plain.Record`: the same values
    the rules read, loaded without importing pydantic when the cache is valid.

    For commands that only read a saved game. Built from :func:`cached_content` (so from content
    that validated) and kept in its own file under the same key and the same checks.
    """
    directory = Path(directory)
    try:
        key = content_key(directory)
        path = _cache_file(cache_dir or default_cache_dir(), directory, [], ".plain")
    except OSError:
        path = None
    content = _read(path, key) if path is not None else None
    if content is None:
        from rules.plain import plain

        content = plain(cached_content(directory, cache_dir=cache_dir))
        if path is not None:
            _write(path, key, content)
    return content
