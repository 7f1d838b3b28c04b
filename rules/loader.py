"""Load the content files, validate them, and report every problem with file, line and field.

Validation happens in two passes: pydantic checks each file's shape (types, ranges, unknown
keys), then :func:`_check_references` checks what no single file can know (an action naming a
missing track, a scenario seating an unknown role, duplicate ids across files). Both passes
collect every error instead of stopping at the first, so an author fixes a file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from rules import chance
from rules import schema as s
from rules.bundle import Content, ContentError, ContentIssue

if TYPE_CHECKING:
    import yaml

#: Content, ContentError and ContentIssue are defined without pydantic (see rules.bundle) and
#: imported from here by most of the program.
__all__ = ["CONTENT_DIR", "DERIVED_REFS", "Content", "ContentError", "ContentIssue", "load_content",
           "shipped_content"]

CONTENT_DIR = Path(__file__).parent / "content"

#: Derived quantities that conditions may read but effects may not write.
DERIVED_REFS = frozenset(
    {"keci_phase", "keci_suspended", "special_representative", "normalization_total", "turn"}
)


@dataclass
class _Located:
    """A parsed file plus a map from field paths to line numbers."""

    path: Path
    data: Any
    lines: dict[tuple[Any, ...], int]

    def line_of(self, loc: Iterable[Any]) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


#: Limits on a content or scenario file, which may come from anyone (a facilitator's own file,
#: or the scenario inside an imported save): bigger or deeper files are refused before they are
#: built, so a hostile file cannot exhaust memory, the stack or the clock.
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_DEPTH = 40
MAX_YAML_ALIASES = 100
#: Nodes after expanding aliases ("billion laughs" grows this exponentially while the file stays small).
MAX_YAML_NODES = 200_000


def _check_shape(text: str, loader: Any) -> str | None:
    """Why ``text`` is too deep or uses too many aliases, or None; reads parser events, no recursion."""
    import yaml

    depth = aliases = 0
    for ev in yaml.parse(text, Loader=loader):
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = f" (line {ev.start_mark.line + 1})" if ev.start_mark else ""
                return f"nested more than {MAX_YAML_DEPTH} levels deep{line}"
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                return f"more than {MAX_YAML_ALIASES} aliases (*name)"
    return None


def _expanded_size(root: yaml.Node) -> int:
    """How many nodes the document has once every alias is expanded (memoized, so it is fast);
    a node that contains itself (``a: &a [*a]``) counts as too many."""
    import yaml

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # on the current path: meeting one again means a cycle
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if children_done or not children:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(MAX_YAML_NODES + 1, 1 + sum(sizes.get(id(c), 0) for c in children))
        else:
            if any(id(c) in open_nodes or c is node for c in children):
                return MAX_YAML_NODES + 1
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _compose(path: Path, issues: list[ContentIssue]) -> _Located | None:
    """Parse YAML safely (size, depth and alias limits) keeping the line of every key and item."""
    import yaml  # only when the content is parsed, not when it comes from the cache

    # libyaml's parser when PyYAML was built with it: the same documents and marks, ~10x faster.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def refuse(message: str, line: int | None = None) -> None:
        issues.append(ContentIssue(str(path), line, "", message))

    try:
        if not path.is_file():  # a folder, or a device such as /dev/zero that never ends
            refuse("cannot read file: not a regular file")
            return None
        with path.open("rb") as f:
            raw = f.read(MAX_YAML_BYTES + 1)
        if len(raw) > MAX_YAML_BYTES:
            refuse(f"the file is over {MAX_YAML_BYTES:,} bytes; a content file is at most {MAX_YAML_BYTES:,}")
            return None
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        refuse(f"cannot read file: {getattr(exc, 'strerror', None) or exc}")
        return None
    try:
        too_big = _check_shape(text, loader)
        if too_big:
            refuse(f"refused: {too_big}")
            return None
        root = yaml.compose(text, Loader=loader)
        if root is not None and _expanded_size(root) > MAX_YAML_NODES:
            refuse(f"refused: an alias inside itself, or more than {MAX_YAML_NODES:,} values once its aliases "
                   "are expanded")
            return None
        data = yaml.load(text, Loader=loader) if root is not None else None  # a safe loader either way
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        refuse(f"not valid YAML: {problem}", line)
        return None
    except (RecursionError, MemoryError, ValueError) as exc:  # e.g. an integer too long to convert
        refuse(f"not usable YAML: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        return None
    lines: dict[tuple[Any, ...], int] = {}
    if root is None:
        refuse("the file is empty")
        return None

    def walk(node: yaml.Node, loc: tuple[Any, ...]) -> None:
        lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = loc + (key.value if isinstance(key, yaml.ScalarNode) else str(key.start_mark),)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, loc + (index,))

    walk(root, ())
    return _Located(path, data, lines)


M = TypeVar("M", bound=BaseModel)


def _fmt_loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(model: type[M], data: Any, located: _Located, prefix: tuple[Any, ...],
              issues: list[ContentIssue]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = prefix + tuple(err["loc"])
            issues.append(
                ContentIssue(str(located.path), located.line_of(loc), _fmt_loc(loc), err["msg"])
            )
        return None


def _list_of(model: type[M], located: _Located, key: str, issues: list[ContentIssue]
             ) -> list[tuple[M, tuple[Any, ...]]]:
    data = located.data
    if not isinstance(data, dict) or key not in data:
        issues.append(ContentIssue(str(located.path), 1, key, f"the file must have a top-level '{key}' list"))
        return []
    items = data[key]
    if not isinstance(items, list):
        issues.append(ContentIssue(str(located.path), located.line_of((key,)), key, "must be a list"))
        return []
    out = []
    for index, item in enumerate(items):
        loc = (key, index)
        parsed = _validate(model, item, located, loc, issues)
        if parsed is not None:
            out.append((parsed, loc))
    return out


@dataclass
class _Registry:
    """Collects id -> (item, file, loc) and flags duplicates across files."""

    kind: str
    issues: list[ContentIssue]
    items: dict[str, Any] = field(default_factory=dict)
    where: dict[str, tuple[_Located, tuple[Any, ...]]] = field(default_factory=dict)

    def add(self, item: Any, located: _Located, loc: tuple[Any, ...]) -> None:
        if item.id in self.items:
            first, _ = self.where[item.id]
            self.issues.append(ContentIssue(
                str(located.path), located.line_of(loc + ("id",)), _fmt_loc(loc + ("id",)),
                f"duplicate {self.kind} id {item.id!r} (first defined in {first.path.name})"))
            return
        self.items[item.id] = item
        self.where[item.id] = (located, loc)


@lru_cache(maxsize=1)
def shipped_content() -> Content:
    """The shipped content, loaded and validated once per process and, across processes, kept
    validated on disk by :mod:`rules.content_cache` (rebuilt whenever a file or the code changes)."""
    from rules.content_cache import cached_content

    return cached_content()


def load_content(directory: Path | str = CONTENT_DIR, extra_scenarios: Iterable[Path] = ()) -> Content:
    """Load and validate all content under ``directory``; raise :class:`ContentError` on any issue.

    ``extra_scenarios`` adds scenario files from elsewhere (a facilitator's own file).
    """
    directory = Path(directory)
    issues: list[ContentIssue] = []

    def located(name: str) -> _Located | None:
        path = directory / name
        if not path.exists():
            issues.append(ContentIssue(str(path), None, "", "missing content file"))
            return None
        return _compose(path, issues)

    reg = {k: _Registry(k, issues) for k in (
        "track", "role track", "role", "action", "crisis", "commitment", "candidate", "ally",
        "ending", "scenario", "principle", "context")}

    def collect(kind: str, model: type[BaseModel], loc_file: _Located | None, key: str) -> None:
        if loc_file is None:
            return
        for item, loc in _list_of(model, loc_file, key, issues):
            reg[kind].add(item, loc_file, loc)

    tracks_file = located("tracks.yaml")
    collect("track", s.Track, tracks_file, "tracks")
    collect("role track", s.RoleTrack, tracks_file, "role_tracks")
    collect("role", s.Role, located("roles.yaml"), "roles")
    for path in sorted((directory / "actions").glob("*.yaml")):
        collect("action", s.Action, _compose(path, issues), "actions")
    collect("crisis", s.CrisisCard, located("crises.yaml"), "crises")
    collect("commitment", s.Commitment, located("commitments.yaml"), "commitments")
    collect("candidate", s.Candidate, located("candidates.yaml"), "candidates")
    collect("ally", s.Ally, located("allies.yaml"), "allies")
    collect("ending", s.Ending, located("endings.yaml"), "endings")
    context_file = located("context.yaml")
    collect("principle", s.Principle, context_file, "principles")
    collect("context", s.ContextItem, context_file, "context")

    negotiation = keci = None
    neg_file = located("negotiation.yaml")
    if neg_file is not None:
        negotiation = _validate(s.Negotiation, neg_file.data, neg_file, (), issues)
    keci_file = located("keci.yaml")
    if keci_file is not None:
        keci = _validate(s.Keci, keci_file.data, keci_file, (), issues)

    scenario_paths = sorted((directory / "scenarios").glob("*.yaml")) + [Path(p) for p in extra_scenarios]
    for path in scenario_paths:
        loc_file = _compose(path, issues)
        if loc_file is not None:
            scenario = _validate(s.Scenario, loc_file.data, loc_file, (), issues)
            if scenario is not None:
                reg["scenario"].add(scenario, loc_file, ())

    if issues or negotiation is None or keci is None:
        raise ContentError(issues or [ContentIssue(str(directory), None, "", "content incomplete")])

    content = Content(
        tracks=reg["track"].items, role_tracks=reg["role track"].items, roles=reg["role"].items,
        actions=reg["action"].items, crises=reg["crisis"].items,
        commitments=reg["commitment"].items, negotiation=negotiation,
        candidates=reg["candidate"].items, allies=reg["ally"].items, keci=keci,
        endings=reg["ending"].items, scenarios=reg["scenario"].items,
        principles=reg["principle"].items, context=reg["context"].items,
    )
    _check_references(content, reg, neg_file, keci_file, issues)
    if issues:
        raise ContentError(issues)
    return content


def _check_references(content: Content, reg: dict[str, _Registry], neg_file: _Located | None,
                      keci_file: _Located | None, issues: list[ContentIssue]) -> None:
    roles = set(content.roles)

    def problem(located: _Located, loc: tuple[Any, ...], message: str) -> None:
        issues.append(ContentIssue(str(located.path), located.line_of(loc), _fmt_loc(loc), message))

    def check_ref(ref: str, writable: bool) -> str | None:
        parts = ref.split(".")
        if ref in content.tracks:
            return None
        if ref in DERIVED_REFS:
            return "is derived and cannot be changed by an effect" if writable else None
        if len(parts) == 2 and parts[0] in roles:
            return None if parts[1] in content.role_tracks else f"unknown role track {parts[1]!r}"
        if len(parts) == 2 and parts[0] == "{giver}":
            return None if parts[1] in content.role_tracks else f"unknown role track {parts[1]!r}"
        if len(parts) == 2 and parts[0] == "commitment":
            return None if parts[1] in content.commitments else f"unknown commitment {parts[1]!r}"
        if len(parts) == 3 and parts[0] == "trust":
            bad = [p for p in parts[1:] if p not in roles]
            return f"unknown role {bad[0]!r}" if bad else None
        return f"unknown track or quantity {ref!r}"

    def refs(located: _Located, loc: tuple[Any, ...], mapping: dict[str, Any], writable: bool) -> None:
        for ref in mapping:
            msg = check_ref(ref, writable)
            if msg:
                problem(located, loc + (ref,), msg)

    def role(located: _Located, loc: tuple[Any, ...], role_id: str) -> None:
        if role_id not in roles:
            problem(located, loc, f"unknown role {role_id!r}")

    for tid, t in content.tracks.items():
        f, loc = reg["track"].where[tid]
        for i, d in enumerate(t.drift):
            refs(f, loc + ("drift", i, "when"), d.when, False)
    for rid, r in content.roles.items():
        f, loc = reg["role"].where[rid]
        refs(f, loc + ("preferences",), r.preferences, False)
        for i, obj in enumerate(r.objectives):
            refs(f, loc + ("objectives", i, "condition"), obj.condition, False)
    for aid, a in content.actions.items():
        f, loc = reg["action"].where[aid]
        role(f, loc + ("role",), a.role)
        refs(f, loc + ("requires",), a.requires, False)
        refs(f, loc + ("effects",), a.effects, True)
        if a.risk:
            refs(f, loc + ("risk", "effects"), a.risk.effects, True)
    for cid, c in content.crises.items():
        f, loc = reg["crisis"].where[cid]
        refs(f, loc + ("weight", "per"), c.weight.per, False)
        refs(f, loc + ("requires",), c.requires, False)
        refs(f, loc + ("effects",), c.effects, True)
        for rid, options in c.responses.items():
            role(f, loc + ("responses", rid), rid)
            for i, o in enumerate(options):
                refs(f, loc + ("responses", rid, i, "effects"), o.effects, True)
    for cid, cm in content.commitments.items():
        f, loc = reg["commitment"].where[cid]
        role(f, loc + ("owner",), cm.owner)
    for aid, ally in content.allies.items():
        f, loc = reg["ally"].where[aid]
        refs(f, loc + ("consents_when",), ally.consents_when, False)
        refs(f, loc + ("recognizes_when",), ally.recognizes_when, False)
    for pid, pr in content.principles.items():
        f, loc = reg["principle"].where[pid]
        refs(f, loc + ("held_when",), pr.held_when, False)
    for eid, e in content.endings.items():
        f, loc = reg["ending"].where[eid]
        refs(f, loc + ("condition",), e.condition, False)
        for i, alt in enumerate(e.condition_any):
            refs(f, loc + ("condition_any", i), alt, False)
        for rid in e.points:
            role(f, loc + ("points", rid), rid)
    if neg_file is not None:
        seen: set[str] = set()
        for i, item in enumerate(content.negotiation.items):
            loc = ("items", i)
            if item.id in seen:
                problem(neg_file, loc + ("id",), f"duplicate item id {item.id!r}")
            seen.add(item.id)
            for g in item.givers:
                role(neg_file, loc + ("givers",), g)
            refs(neg_file, loc + ("effects",), item.effects, True)
        p = content.negotiation.penalties
        for key in ("default_effects", "kept_effects", "accepted_effects"):
            refs(neg_file, ("penalties", key), getattr(p, key), True)
        for rid, effects in p.default_effects_by_role.items():
            role(neg_file, ("penalties", "default_effects_by_role", rid), rid)
            refs(neg_file, ("penalties", "default_effects_by_role", rid), effects, True)
    if keci_file is not None:
        k = content.keci
        role(keci_file, ("partner_role",), k.partner_role)
        numbers = [p.number for p in k.phases]
        if numbers != [0, 1, 2, 3]:
            problem(keci_file, ("phases",), f"phases must be numbered 0, 1, 2, 3 in order (got {numbers})")
        for i, ph in enumerate(k.phases):
            refs(keci_file, ("phases", i, "unlock"), ph.unlock, False)
            for j, alt in enumerate(ph.unlock_any):
                refs(keci_file, ("phases", i, "unlock_any", j), alt, False)
            if ph.motion is not None and ph.motion not in content.motions:
                problem(keci_file, ("phases", i, "motion"), f"unknown motion {ph.motion!r}")
        refs(keci_file, ("suspend_when",), k.suspend_when, False)
        refs(keci_file, ("resume_when",), k.resume_when, False)
        for i, rv in enumerate(k.reviews):
            for key in ("requires", "check", "pass_effects", "fail_effects"):
                refs(keci_file, ("reviews", i, key), getattr(rv, key), key.endswith("effects"))
        for i, m in enumerate(k.motions):
            for j, alt in enumerate(m.support_any):
                refs(keci_file, ("motions", i, "support_any", j), alt, False)
        if "special_representative" not in content.motions:
            problem(keci_file, ("motions",), "a 'special_representative' motion is required")
    #: (role, objective id) -> the objective it names, role cards first: one id, one objective.
    named = {(rid, o.id): o for rid, r in content.roles.items() for o in r.objectives}
    for sid, sc in content.scenarios.items():
        f, loc = reg["scenario"].where[sid]
        for i, rid in enumerate(sc.seats):
            role(f, loc + ("seats", i), rid)
        for rid, goals in sc.objectives.items():
            if rid not in sc.seats:
                problem(f, loc + ("objectives", rid), f"role {rid!r} is not seated in this scenario")
                continue
            for i, obj in enumerate(goals):
                refs(f, loc + ("objectives", rid, i, "condition"), obj.condition, False)
                other = named.setdefault((rid, obj.id), obj)
                if other != obj:
                    problem(f, loc + ("objectives", rid, i, "id"),
                            f"objective {obj.id!r} of {rid} differs from the one of that id elsewhere: "
                            "give a changed objective a new id")
        for eid, judged in sc.endings.items():
            if eid not in content.endings:
                problem(f, loc + ("endings", eid), f"unknown ending {eid!r} (endings.yaml names "
                        f"{', '.join(content.endings)})")
                continue
            refs(f, loc + ("endings", eid, "condition"), judged.condition, False)
            for i, alt in enumerate(judged.condition_any):
                refs(f, loc + ("endings", eid, "condition_any", i), alt, False)
        for tid, value in sc.tracks.items():
            track = content.tracks.get(tid)
            if track is None:
                problem(f, loc + ("tracks", tid), f"unknown track {tid!r}")
            elif not track.min <= value <= track.max:
                problem(f, loc + ("tracks", tid), f"{value} is outside {track.min}..{track.max}")
        missing = sorted(set(content.tracks) - set(sc.tracks))
        if missing:
            problem(f, loc + ("tracks",), f"no starting value for {', '.join(missing)}")
        for rid, values in sc.role_tracks.items():
            role(f, loc + ("role_tracks", rid), rid)
            for tid, value in values.items():
                rt = content.role_tracks.get(tid)
                if rt is None:
                    problem(f, loc + ("role_tracks", rid, tid), f"unknown role track {tid!r}")
                elif not rt.min <= value <= rt.max:
                    problem(f, loc + ("role_tracks", rid, tid), f"{value} is outside {rt.min}..{rt.max}")
        for cid, value in sc.commitments.items():
            commitment = content.commitments.get(cid)
            if commitment is None:
                problem(f, loc + ("commitments", cid), f"unknown commitment {cid!r}")
            elif not 0 <= value < len(commitment.levels):
                problem(f, loc + ("commitments", cid), f"level {value} is outside 0..{len(commitment.levels) - 1}")
        for ref in sc.start_notes:
            msg = check_ref(ref, False)
            if msg:
                problem(f, loc + ("start_notes", ref), msg)
        if sc.special_rep is not None and sc.special_rep not in content.candidates:
            problem(f, loc + ("special_rep",), f"unknown candidate {sc.special_rep!r}")
        for i, card in enumerate(sc.deck):
            if card not in content.crises:
                problem(f, loc + ("deck", i), f"unknown crisis card {card!r}")
        for turn, card in sc.scripted_crises.items():
            if card not in content.crises:
                problem(f, loc + ("scripted_crises", turn), f"unknown crisis card {card!r}")
            if not 1 <= turn <= sc.turns:
                problem(f, loc + ("scripted_crises", turn), f"turn {turn} is outside 1..{sc.turns}")
        for turn, rolls in sc.scripted_rolls.items():
            if not 1 <= turn <= sc.turns:
                problem(f, loc + ("scripted_rolls", turn), f"turn {turn} is outside 1..{sc.turns}")
            for key in rolls:
                msg = chance.why_not_script(content, key)
                if msg:
                    problem(f, loc + ("scripted_rolls", turn, key), msg)
