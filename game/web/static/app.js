// KECI in the browser: join with a code, then show the board the server sends for that code.
//
// The server decides everything a page shows (game/web/present.py); this module only lays it
// out. Every text from the server goes through textContent (the h() helper below), never
// innerHTML, so a player's name such as <script> is shown as the letters it is.
//
// A push carries the whole board, but the page redraws only what changed: each panel is built
// from the parts of the board it shows (keep()), and a panel whose parts are the same as last
// time stays in the page untouched — the browser lays out and paints only the changed panels,
// and an open "paper's passage", the log's scroll position or a half-made choice stay as they are.
// The log grows at its end: new lines are appended, never the whole list redrawn.

const $ = (sel) => document.querySelector(sel);
const KEY = "keci-code";
// "1 point", "3 points", "-1 point" (rules/counting.py says the same on the server side).
const points = (n) => `${n} point${Math.abs(n) === 1 ? "" : "s"}`;

const state = {
  code: null,
  page: null,
  ws: null,
  retry: 0,
  stopped: false,
  forms: {},          // chosen values of the composer and other forms, kept across pushes
  open: {},           // which counter forms are open
  busy: false,
  renders: [],        // for the speed test, per board shown: {seq, t: shown in the DOM, recv: message
                      // arrived, parse / build: ms parsing it / laying it out, frame: next frame drawn}
  sentAt: null,
  firstBoardAt: null,  // ms from navigation start to the first board shown
  offset: 0,           // server clock minus this machine's clock (ms), corrected with every board
  dismissed: null,     // the turn whose results this seat put away
  control: null,       // {act, ok, text}: the answer to the facilitator's last act
};
window.__keci = state;

// ---------------------------------------------------------------------------------------------
// DOM helpers: text is always text.

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "hidden") el.hidden = true;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function panel(id, title, ...body) {
  return h("section", { class: `panel ${id}`, id, "aria-labelledby": `${id}-h` },
    h("h2", { id: `${id}-h` }, title), ...body);
}

function list(items, render, cls) {
  return h("ul", { class: cls || "plain" }, items.map((x) => h("li", {}, render(x))));
}

// ---------------------------------------------------------------------------------------------
// Redrawing only what changed.

const kept = new Map();  // slot -> {key, el}: the element last built for a slot, and from what

// The element for `slot`, built again only when `deps` (everything the builder reads) changed.
function keep(slot, deps, build) {
  const key = JSON.stringify(deps);
  const old = kept.get(slot);
  if (old && old.key === key) return old.el;
  const el = build();
  kept.set(slot, { key, el });
  return el;
}

// Make `parent`'s children exactly `children` (nulls left out), moving or removing as few as can be.
function place(parent, children) {
  let cur = parent.firstChild;
  for (const el of children) {
    if (!el) continue;
    if (el === cur) cur = cur.nextSibling;
    else parent.insertBefore(el, cur);
  }
  while (cur) {
    const next = cur.nextSibling;
    cur.remove();
    cur = next;
  }
}

// A column of the board (one element for the page's life) holding `children` in order.
function column(cls, ...children) {
  const el = keep("column " + cls, [], () => h("div", { class: cls }));
  place(el, children);
  return el;
}

// ---------------------------------------------------------------------------------------------
// Talking to the server.

async function post(path, body) {
  const res = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    cache: "no-store",
  });
  let data = null;
  try { data = await res.json(); } catch { data = { error: "The server's answer was not understood." }; }
  return { ok: res.ok, status: res.status, data };
}

async function join(code) {
  const err = $("#join-error");
  err.textContent = "";
  $("#join-button").disabled = true;
  try {
    const { ok, data } = await post("/web/api/join", { code });
    if (!ok) { err.textContent = data.error || "The code was refused."; return; }
    if (state.code !== code) { kept.clear(); state.page = null; }
    state.code = code;
    sessionStorage.setItem(KEY, code);
    state.stopped = false;
    setClock(data.now_ms);
    show(data.page);
    connect();
  } catch {
    err.textContent = "The server does not answer. Check the address and your network, then try again.";
  } finally {
    $("#join-button").disabled = false;
  }
}

function leave() {
  state.stopped = true;
  sessionStorage.removeItem(KEY);
  if (state.ws) state.ws.close();
  state.code = null; state.page = null;
  kept.clear();
  $("#board").hidden = true; $("#top").hidden = true; $("#join").hidden = false;
  document.body.className = "";
  $("#conn").textContent = "";
  $("#code").value = "";
  $("#code").focus();
}

function connect() {
  if (state.stopped || !state.code) return;
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${proto}//${location.host}/web/live`);
  state.ws = ws;
  ws.onopen = () => {
    state.retry = 0;
    ws.send(JSON.stringify({ code: state.code, since: state.page ? state.page.seq : -1 }));
    setConn("live", "Connected: moves appear as they are made.");
  };
  ws.onmessage = (ev) => {
    const recv = performance.now();
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    if (msg.type === "page") {
      setClock(msg.now_ms);
      // The seat that moved already shows this board (the answer to its move): nothing to redraw.
      if (state.page && msg.page.seq === state.page.seq) return;
      state.recvAt = performance.timeOrigin + recv;
      state.parseMs = performance.now() - recv;
      show(msg.page);
    } else if (msg.type === "error") {
      // The code no longer opens the table (expired overnight, withdrawn): say so, offer to join again.
      state.stopped = true;
      notice(msg.message, true);
      setConn("down", "Not connected: " + msg.message);
    }
  };
  ws.onclose = () => {
    if (state.ws !== ws || state.stopped) return;
    const wait = Math.min(5000, 300 * 2 ** state.retry);
    state.retry += 1;
    setConn("down", `Connection lost — reconnecting in ${Math.ceil(wait / 1000)} s…`);
    setTimeout(connect, wait);
  };
}

function setConn(kind, text) {
  const c = $("#conn");
  c.dataset.state = kind;
  c.textContent = (kind === "live" ? "● " : "○ ") + text;
}

function notice(text, rejoin) {
  const n = $("#notice");
  n.replaceChildren(text);
  if (text && rejoin) {
    n.append(" ", h("button", { type: "button", id: "rejoin", onclick: leave }, "Type a new code"));
  }
  n.hidden = !text;
}

function setClock(serverNow) {
  if (typeof serverNow === "number") state.offset = serverNow - Date.now();
}

// Send a move; returns {ok, data} (data.error: one line saying why it was refused), or null when
// another move is still on its way.
async function act(move, quiet) {
  if (state.busy || !state.page) return null;
  state.busy = true;
  notice("");
  state.sentAt = performance.timeOrigin + performance.now();
  try {
    const body = { code: state.code, move: { id: move.id, params: move.params || {} }, seq: state.page.seq };
    const res = await post("/web/api/act", body);
    if (!res.ok) {
      if (res.data.page) { setClock(res.data.now_ms); show(res.data.page); }
      if (!quiet) notice(res.data.error || "The move was refused.", res.status === 403);
    } else {
      setClock(res.data.now_ms);
      show(res.data.page);
    }
    return res;
  } catch {
    const error = "The move could not be sent: the server does not answer. It will be retried when you press again.";
    if (!quiet) notice(error);
    return { ok: false, status: 0, data: { error } };
  } finally {
    state.busy = false;
  }
}

// Take back this seat's last move of the phase (the server decides whether it still may).
async function undo() {
  if (state.busy || !state.page) return null;
  state.busy = true;
  notice("");
  try {
    const res = await post("/web/api/undo", { code: state.code, seq: state.page.seq });
    if (res.data.page) { setClock(res.data.now_ms); show(res.data.page); }
    if (!res.ok) notice(res.data.error || "The move could not be taken back.", res.status === 403);
    return res;
  } catch {
    notice("The server does not answer: nothing was taken back. Press again when it is back.");
    return null;
  } finally {
    state.busy = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function show(page) {
  if (state.page && page.seq < state.page.seq) return; // an older board never replaces a newer one
  const start = performance.now();
  const focused = document.activeElement && document.activeElement.id;
  state.page = page;
  $("#join").hidden = true;
  const title = page.kind === "seat" ? `KECI — ${page.role_name}` :
    page.kind === "spectator" ? "KECI — projector" : "KECI — facilitator";
  if (document.body.className !== page.kind) document.body.className = page.kind;
  if (document.title !== title) document.title = title;
  renderTop(page);
  const board = $("#board");
  const next = page.kind === "seat" ? seatBoard(page) : page.kind === "spectator" ? projector(page) : console_(page);
  place(board, [...next, footnote(page)]);
  board.hidden = false;
  board.dataset.seq = page.seq;
  applyMap(page);
  if (focused && document.activeElement?.id !== focused) {  // its panel was redrawn
    const el = document.getElementById(focused);
    if (el) el.focus({ preventScroll: true });
  }
  const now = performance.now();
  if (state.firstBoardAt === null) state.firstBoardAt = now;
  const shown = { seq: page.seq, t: performance.timeOrigin + now, recv: state.recvAt, parse: state.parseMs,
    build: now - start, frame: null };
  state.recvAt = state.parseMs = null;
  state.renders.push(shown);
  if (state.renders.length > 1000) state.renders.shift();
  // The first frame drawn after: its style, layout and paint (a timer after the frame callback).
  requestAnimationFrame(() => setTimeout(() => { shown.frame = performance.timeOrigin + performance.now(); }, 0));
}

// The status-neutral wording's footnote (the EU's, for "Kosovo*"): once, at the foot of the board.
function footnote(p) {
  const note = p.wording && p.wording.footnote;
  return note ? keep("wording-note", [note], () => h("footer", { class: "wording-note", id: "wording-note" }, note))
    : null;
}

function renderTop(p) {
  const top = $("#top");
  const drawn = kept.get("top");
  const key = JSON.stringify([p.kind, p.turn, p.last_turn, p.date, p.player, p.role_name, p.phases, p.your_move,
    p.waiting_for, p.over, p.table_state, p.facilitator_news]);
  if (drawn && drawn.key === key && top.firstChild) { top.hidden = false; return; }
  kept.set("top", { key, el: null });
  const paused = p.table_state && p.table_state.paused;
  const waiting = p.over ? "The game is over" :
    paused ? (p.your_move ? "Paused — your move waits" : "Paused") :
    p.your_move ? "Your move" :
    p.waiting_for.length ? "Waiting for " + p.waiting_for.join(", ") : "";
  top.replaceChildren(
    h("div", { class: "title" },
      h("strong", {}, `KECI · Turn ${p.turn} of ${p.last_turn} · ${p.date}`),
      h("span", { class: "who" }, p.kind === "seat" ? `${p.player || p.role_name} — ${p.role_name}` :
        p.kind === "spectator" ? "Projector view (public information only)" : "Facilitator")),
    h("ol", { class: "phases", "aria-label": "Phases of the turn" },
      p.phases.map((ph) => h("li", { class: ph.now ? "now" : "", "aria-current": ph.now ? "step" : null },
        (ph.now ? "▶ " : "") + ph.name))),
    h("p", { class: "waiting" + (p.your_move ? " yours" : ""), id: "waiting" }, waiting),
    h("button", { type: "button", class: "ghost", id: "leave", onclick: leave }, "Leave"),
    ...[tableState(p)].filter(Boolean),
  );
  top.hidden = false;
  tick();
}

// The pause, the phase's countdown and the facilitator's latest acts: on every page, at the top.
function tableState(p) {
  const ts = p.table_state || {};
  const news = p.facilitator_news || [];
  if (!ts.paused && !ts.deadline && !news.length) return null;
  return h("div", { class: "table-state", id: "table-state" },
    ts.paused ? h("p", { class: "paused", id: "paused", role: "status" },
      h("strong", {}, "‖ Paused by the facilitator: "), ts.paused,
      h("span", { class: "sub" }, " — moves wait until the game resumes.")) : null,
    ts.deadline ? h("p", { class: "countdown", id: "countdown", role: "timer", "aria-live": "off" }) : null,
    news.length ? h("ul", { class: "fac-news", id: "fac-news", "aria-label": "The facilitator's latest act" },
      news.map((n) => h("li", {}, "⚑ ", n))) : null);
}

function clockText(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

// Count the deadline down on this machine's clock, corrected by the server's time.
function tick() {
  const el = document.getElementById("countdown");
  const d = state.page && state.page.table_state && state.page.table_state.deadline;
  if (!el || !d) return;
  let text, cls = "countdown";
  if (d.frozen_left_s !== null && d.frozen_left_s !== undefined) {
    text = `◷ ${d.phase}: ${clockText(d.frozen_left_s)} left — the clock is stopped while the game is paused`;
    cls += " frozen";
  } else {
    const left = (d.due_at_ms - (Date.now() + state.offset)) / 1000;
    if (left > 0) {
      text = `◷ ${d.phase}: ${clockText(left)} left of ${d.minutes} min — then ${d.then}`;
      if (left <= 60) cls += " urgent";
    } else {
      text = `◷ ${d.phase}: time is up — ${d.then}`;
      cls += " urgent";
    }
  }
  if (el.textContent !== text) el.textContent = text;
  el.className = cls;
  el.setAttribute("aria-label", text);
}
setInterval(tick, 250);

function tracksPanel(p, title) {
  return keep("tracks", [p.tracks, title], () => panel("tracks", title || "Tracks",
    h("p", { class: "note" }, "Change this turn: ▲/▼ with ✓ better or ✗ worse for stability."),
    h("table", { class: "tracks" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Track"), h("th", { scope: "col" }, "Level"),
        h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "This turn"))),
      h("tbody", {}, p.tracks.map((t) => h("tr", {},
        h("th", { scope: "row", title: `${t.explanation} — Source: ${t.source}` }, t.name),
        h("td", {}, h("span", { class: "bar", role: "img", "aria-label": `${t.shown}` },
          fill(t.good_side ? "good" : "bad", Math.round(t.fraction * 100)))),
        h("td", { class: "num" }, t.shown),
        h("td", { class: "delta " + (t.better === null ? "" : t.better ? "good" : "bad") }, t.mark)))))));
}

// A track's bar: its width set through the style object (the style-src policy forbids inline
// style attributes, not this).
function fill(cls, percent) {
  const el = h("span", { class: "fill " + cls });
  el.style.width = percent + "%";
  return el;
}

function rolesPanel(p) {
  return keep("roles", [p.roles], () => panel("roles", "The four governments",
    h("table", { class: "roles" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Seat"),
        p.roles[0].tracks.map((t) => h("th", { scope: "col" }, t.name)),
        h("th", { scope: "col" }, "Orders"), h("th", { scope: "col" }, "Score"))),
      h("tbody", {}, p.roles.map((r) => h("tr", { class: r.you ? "you" : "" },
        h("th", { scope: "row" }, r.name + (r.you ? " (you)" : "")),
        r.tracks.map((t) => h("td", { class: "num" }, `${t.value}/${t.max} ${t.mark === "–" ? "" : t.mark}`)),
        h("td", {}, r.orders_given ? "✓ given" : "–"),
        h("td", { class: "num" }, String(r.score))))))));
}

function keciPanel(p) {
  return keep("keci", [p.keci], () => keciBody(p.keci));
}

function keciBody(k) {
  const nxt = k.next;
  return panel("keci", "KECI ladder" + (k.suspended ? " — ‖ SUSPENDED" : ""),
    h("ol", { class: "ladder", reversed: true },
      k.rungs.map((r) => h("li", { class: r.now ? "now" : r.reached ? "reached" : "" },
        h("span", { class: "rung" }, `${r.now ? "◀ now · " : r.reached ? "✓ " : ""}Phase ${r.number}`),
        " ", r.short))),
    nxt ? h("div", { class: "next" },
      h("p", {}, h("strong", {}, "Next: "), nxt.name),
      h("p", {}, "Unlocks: " + nxt.activities.join(", ")),
      k.awaiting_signature ? h("p", { class: "good" }, "✓ The Council approved the memorandum: Kosovo must sign it.") : null,
      nxt.blocked_by.length ? h("p", { class: "bad" }, "✗ Blocked by: " + nxt.blocked_by.join("; ")) : null,
      nxt.objecting.length ? h("p", { class: "bad" }, `✗ In the Council, ${nxt.objecting.join(", ")} would object`) : null,
      nxt.clear ? h("p", { class: "good" }, "✓ Nothing blocks it: NATO may put the motion to the Council") : null)
      : h("p", {}, "KECI has reached phase 3: Kosovo is in NATO's standard partnership programmes."));
}

function councilPanel(p) {
  return keep("council", [p.council], () => councilBody(p.council));
}

function councilBody(c) {
  return panel("council", "North Atlantic Council",
    h("p", { class: "note" }, "Allies that do not recognize Kosovo, on the next KECI motion:"),
    list(c.allies, (a) => [h("strong", {}, a.name), " ", h("span", { class: a.state }, a.stance)]),
    h("h3", {}, "Special Representative for the Western Balkans"),
    h("p", { class: c.special_rep.appointed ? "good" : "" }, (c.special_rep.appointed ? "✓ " : "") + c.special_rep.text),
    c.special_rep.explanation ? h("p", { class: "note" }, c.special_rep.explanation) : null);
}

function crisisPanel(p) {
  return keep("crisis", [p.crisis], () => crisisBody(p.crisis));
}

function crisisBody(c) {
  if (!c) return panel("crisis", "Crisis card", h("p", { class: "muted" }, "No crisis this half-year."));
  return panel("crisis", "⚠ Crisis: " + c.name,
    h("p", {}, c.explanation),
    c.answered.length ? h("p", {}, "Answered: " + c.answered.map((x) => x + " ✓").join(", ")) : null,
    c.waiting.length ? h("p", {}, "Waiting for: " + c.waiting.join(", ")) : null,
    h("p", { class: "source" }, "Source: " + c.source));
}

function dealsPanel(p) {
  return keep("deals", [p.deals, p.normalization], () => panel("deals", "Deals and normalization",
    p.deals.length ? h("table", { class: "deals" },
      h("thead", {}, h("tr", {}, ["Deal", "Owes", "To", "What", "Due", "Status"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, p.deals.map((d) => h("tr", {}, h("td", {}, "#" + d.number), h("td", {}, d.giver),
        h("td", {}, d.receiver), h("td", {}, d.item), h("td", {}, d.due), h("td", {}, d.status))))) :
      h("p", { class: "muted" }, "No deals yet."),
    h("h3", {}, "Normalization commitments (2023 Agreement and Ohrid annex)"),
    list(p.normalization, (n) => [h("strong", {}, n.name), `: ${n.level_name} (${n.level}/${n.max})`])));
}

// The log only grows at its end (an undo aside): the lines already shown stay, new ones are
// appended and the oldest dropped past 200, so a long log is never laid out again as a whole.
function logPanel(p, title) {
  const lines = p.log.slice(-200);
  const keys = lines.map((l) => JSON.stringify(l));
  const old = kept.get("log");
  if (old && old.title === title) {
    const drop = old.keys.indexOf(keys[0]);
    const same = old.keys.length - drop;
    if (drop >= 0 && same <= keys.length && keys.slice(0, same).every((k, i) => k === old.keys[drop + i])) {
      for (let i = 0; i < drop; i++) old.list.firstChild.remove();
      old.list.append(...lines.slice(same).map(logLine));
      old.keys = keys;
      return old.el;
    }
  }
  const list = h("ol", { class: "log", "aria-label": "History, newest last" }, lines.map(logLine));
  const el = panel("log", title || "Log", list);
  kept.set("log", { el, list, keys, title });
  return el;
}

function logLine(l) {
  return h("li", { class: "k-" + l.kind },
    l.kind === "turn" ? h("strong", {}, l.text) : `T${l.turn} · ${l.text}`,
    l.reason ? h("div", { class: "reason" }, "↳ why: " + l.reason) : null);
}

// The turn's results (game/results.py for this page's reader), section by section.
function resultsPanel(p, fresh) {
  return keep("results", [p.results, fresh, p.kind], () => resultsBody(p, fresh));
}

function resultsBody(p, fresh) {
  const r = p.results;
  if (!r) return null;
  const body = [
    r.ending ? h("p", { class: "ending" }, h("strong", {}, "Ending: "), r.ending) : null,
    h("div", { class: "results-grid" }, r.sections.map((sec) => h("section", { class: "rsec rsec-" + sec.key },
      h("h3", {}, sec.title),
      h("ul", { class: "plain" }, sec.items.map((it) => h("li", { class: it.good === null ? "" : it.good ? "good" : "bad" },
        it.text, it.why ? h("span", { class: "why" }, " — " + it.why) : null)))))),
  ];
  const title = `Results of turn ${r.turn}` + (r.date ? ` (${r.date})` : "");
  if (fresh && p.kind === "seat") {
    body.unshift(h("p", { class: "note" }, "What the last half-year's resolution did, as your government knows it."),
      h("button", { type: "button", id: "hide-results", class: "do",
        onclick: () => { state.dismissed = r.turn; show(state.page); document.querySelector("#play button, #proposals button")?.focus(); } },
      "Put the results away and play (they stay at the bottom of the page)"));
  }
  if (!fresh && p.kind === "seat") {
    return panel("results", title, h("details", {}, h("summary", {}, "Show what happened"), ...body));
  }
  return panel("results", title, ...body);
}

// Fresh results: the turn just resolved and the new one has not got far (the class reads them first).
function resultsFresh(p) {
  const r = p.results;
  if (!r) return false;
  if (p.over) return r.turn === p.turn && state.dismissed !== r.turn;
  return r.turn === p.turn - 1 && (p.phase === "briefing" || p.phase === "crisis") && state.dismissed !== r.turn;
}

function debriefPanel(p) {
  return keep("debrief", [p.debrief, p.objectives], () => debriefBody(p));
}

function debriefBody(p) {
  const d = p.debrief;
  if (!d) return null;
  return panel("debrief", "Debrief — " + d.ending,
    h("p", {}, d.explanation),
    h("table", { class: "scores" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Seat"), h("th", { scope: "col" }, "Score"))),
      h("tbody", {}, d.scores.map((s) => h("tr", {}, h("th", { scope: "row" }, s.name), h("td", { class: "num" }, String(s.score)))))),
    p.objectives ? h("div", {}, h("h3", {}, "Your objectives"),
      list(p.objectives, (o) => `${o.met ? "✓ met" : "✗ not met"} · ${o.secret ? "(confidential) " : ""}${o.text} (${points(o.points)})`)) : null,
    d.source ? h("p", { class: "source" }, "Source: " + d.source) : null);
}

function mapPanel() {
  return keep("map", [], () => panel("map", "The north",
    h("div", { class: "mapbox", id: "mapbox" }),
    h("p", { class: "map-caption", id: "map-caption" })));
}

let mapSvg = null;   // parsed once; the same node moves into each new board
let mapLoading = null;
function loadMap(mode) {
  if (!mapLoading) {
    // The labels in the table's wording (both forms of the place names in the neutral mode).
    mapLoading = fetch("/web/map.svg" + (mode === "neutral" ? "?wording=neutral" : "")).then((res) => res.text()).then((text) => {
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      mapSvg = document.importNode(doc.documentElement, true);
      return mapSvg;
    });
  }
  return mapLoading;
}

function applyMap(p) {
  const box = document.getElementById("mapbox");
  if (!box) return;
  const key = JSON.stringify([p.map, p.crisis && p.crisis.name]);
  if (mapSvg && box.firstChild === mapSvg && box.dataset.key === key) return;  // as drawn
  const paint = (svg) => {
    if (!box.isConnected) return;
    box.dataset.key = key;
    const t = p.map.tension, max = p.map.tension_max;
    const level = t >= 8 ? "high" : t >= 5 ? "medium" : "low";
    svg.querySelector("#north-zone")?.setAttribute("class", "tension-" + level);
    const label = svg.querySelector("#north-label");
    if (label) label.textContent = `Tension ${t}/${max}`;
    for (const mark of svg.querySelectorAll(".crisis-mark")) {
      if (mark.dataset.card === p.map.crisis) mark.removeAttribute("hidden");
      else mark.setAttribute("hidden", "");
    }
    if (box.firstChild !== svg) box.replaceChildren(svg);
    const cap = document.getElementById("map-caption");
    if (cap) cap.textContent = `Tension in the north: ${t} of ${max} (${level}) · KFOR posture ${p.map.kfor}/10` +
      (p.crisis ? ` · ⚠ ${p.crisis.name}` : "");
  };
  if (mapSvg) paint(mapSvg);
  else loadMap(p.wording && p.wording.mode).then(paint).catch(() => {});
}

// -- the seat's page ---------------------------------------------------------------------------

function seatBoard(p) {
  // Offers waiting for an answer come first: the seat cannot finish the phase before answering.
  const answering = p.proposals.some((pr) => pr.answers);
  const main = answering ? [proposalsPanel(p), playPanel(p)] : [debriefPanel(p), playPanel(p), proposalsPanel(p)];
  // Fresh results come first, before the new turn's moves: a seat sees what happened, then plays.
  const fresh = resultsFresh(p);
  return [
    column("col col-main", fresh ? resultsPanel(p, true) : null, ...main, objectivesPanel(p),
      answering ? debriefPanel(p) : null, documentsPanel(p, false)),
    column("col col-side", tracksPanel(p), rolesPanel(p), keciPanel(p), councilPanel(p), crisisPanel(p)),
    column("col col-wide", fresh ? null : resultsPanel(p, false), dealsPanel(p), logPanel(p, "Your log")),
  ];
}

function objectivesPanel(p) {
  const others = p.roles.filter((r) => !r.you).map((r) => [r.name, r.public_objectives]);
  return keep("objectives", [p.objectives, others], () => panel("objectives", "Your objectives",
    list(p.objectives, (o) => [h("span", { class: o.met ? "good" : "bad" }, o.met ? "✓ met" : "✗ not yet"), " · ",
      o.secret ? h("strong", {}, "Confidential: ") : null, o.text, ` (${points(o.points)})`]),
    h("h3", {}, "The others' public objectives"),
    p.roles.filter((r) => !r.you).map((r) => h("div", { class: "others" }, h("strong", {}, r.name),
      list(r.public_objectives, (o) => `${o.met ? "✓" : "·"} ${o.text} (${o.points})`)))));
}

function field(formKey, f, idPrefix) {
  const chosen = state.forms[formKey] || (state.forms[formKey] = {});
  if (!(f.key in chosen)) chosen[f.key] = f.options[0].value;
  const name = `${idPrefix}-${f.key}`;
  if (f.key === "deadline" || f.options.length > 12 || f.key === "to") {
    return h("div", { class: "field" }, h("label", { for: name }, f.label),
      h("select", { id: name, onchange: (e) => { chosen[f.key] = f.options[e.target.selectedIndex].value; } },
        f.options.map((o) => h("option", { value: String(o.value), selected: o.value === chosen[f.key] }, o.label))));
  }
  return h("fieldset", { class: "choices" }, h("legend", {}, f.label),
    f.options.map((o, i) => {
      const id = `${name}-${i}`;
      return h("div", { class: "choice" },
        h("input", { type: "radio", id, name, value: String(o.value), checked: o.value === chosen[f.key],
          onchange: () => { chosen[f.key] = o.value; } }),
        h("label", { for: id }, h("strong", {}, o.label),
          o.effect ? h("span", { class: "effect" }, " — " + o.effect) : null,
          o.cost ? h("span", { class: "cost" }, ` (${o.cost})`) : null));
    }));
}

function formMove(form, formKey) {
  const chosen = state.forms[formKey] || {};
  const params = { ...form.fixed };
  for (const f of form.fields) params[f.key] = f.key in chosen ? chosen[f.key] : f.options[0].value;
  return { id: form.id, params };
}

function paused(p) {
  return Boolean(p.table_state && p.table_state.paused);
}

// While the facilitator has paused the game, the seat's buttons wait (disabled).
function waitWhilePaused(p, els) {
  if (paused(p)) {
    for (const el of [els].flat()) {
      if (!el) continue;
      if (el.matches("button")) el.disabled = true;
      for (const b of el.querySelectorAll("button")) b.disabled = true;
    }
  }
  return els;
}

// The seat's moves. Its lines on who is waiting change with every move at the table; its cards
// only when this seat's choices do: the two are redrawn apart.
function playPanel(p) {
  const play = p.play;
  const title = p.over ? "The game is over" : p.phase === "crisis" ? "Respond to the crisis" :
    p.phase === "negotiation" ? "Negotiate" : p.phase === "actions" ? "Your orders" : "Your move";
  const el = keep("play", [], () => panel("play", ""));
  const heading = el.firstChild;
  if (heading.textContent !== title) heading.textContent = title;
  place(el, [heading,
    ...keep("play-status", [play.hint, play.capital, play.orders, p.your_move, p.over, p.waiting_for], () => [
      play.hint ? h("p", { class: "hint" }, play.hint) : null,
      h("p", { class: "capital" }, `◆ Political capital: ${play.capital}`),
      play.orders.length ? h("p", {}, "Your orders this turn (secret until all are in): " + play.orders.join("; ")) : null,
      !p.your_move && !p.over ? h("p", { class: "muted" }, p.waiting_for.length ?
        "Nothing to do now — waiting for " + p.waiting_for.join(", ") + "." : "Nothing to do now.") : null,
    ]),
    ...keep("play-moves", [play.cards, play.composer, play.finish, play.can_undo, paused(p), state.forms], () => waitWhilePaused(p, [
      play.cards.length ? h("div", { class: "cards" }, play.cards.map((c, i) => card(c, i))) : null,
      play.composer.length ? composer(play.composer) : null,
      play.finish ? h("button", { type: "button", id: "finish", class: "finish", onclick: () => act(play.finish) },
        play.finish.label) : null,
      play.can_undo ? h("button", { type: "button", id: "undo", class: "undo", onclick: () => undo(),
        "aria-label": "Take back your last move of this phase" }, "↶ Take back my last move") : null,
    ])),
  ]);
  return el;
}

function card(c, i) {
  const key = `card-${c.act.id}-${JSON.stringify(c.act.params)}`;
  const fx = c.effects.length ? c.effects : [{ text: "no direct effect on the tracks", good: null }];
  return h("article", { class: `card ${c.kind}`, "aria-labelledby": `card-${i}-t` },
    h("h3", { id: `card-${i}-t` }, c.title),
    h("p", { class: "cost" }, c.cost ? `◆ ${c.cost} political capital` : "Free"),
    h("ul", { class: "effects", "aria-label": "Effects" }, fx.map((e) =>
      h("li", { class: e.good === null ? "" : e.good ? "good" : "bad" }, e.text))),
    c.risk ? h("p", { class: "risk" }, `Risk ${c.risk.chance}: ${c.risk.text} (${c.risk.effect})`) : null,
    c.notes.map((n) => h("p", { class: "cardnote" }, n)),
    h("p", { class: "explain" }, c.explanation),
    h("details", {}, h("summary", {}, "The paper's passage"), h("p", { class: "source" }, c.source)),
    c.form ? h("div", { class: "form" }, c.form.fields.map((f) => field(key, f, `f${i}`))) : null,
    h("button", { type: "button", id: `do-${i}`, class: "do",
      onclick: () => act(c.form ? formMove(c.form, key) : c.act) },
      c.kind === "response" ? "Choose this response" : c.kind === "delivery" ? "Order delivery" : "Order this action"));
}

function composer(forms) {
  const key = "composer";
  const sel = state.forms.composerTo ?? 0;
  const idx = Math.min(sel, forms.length - 1);
  const form = forms[idx];
  const formKey = `${key}-${form.to}`;
  return h("section", { class: "composer", "aria-labelledby": "composer-h" },
    h("h3", { id: "composer-h" }, "Propose a deal"),
    h("div", { class: "field" }, h("label", { for: "compose-to" }, "To"),
      h("select", { id: "compose-to", onchange: (e) => { state.forms.composerTo = e.target.selectedIndex; show(state.page); } },
        forms.map((f, i) => h("option", { value: String(i), selected: i === idx }, f.to)))),
    form.fields.map((f) => field(formKey, f, "compose")),
    h("button", { type: "button", id: "send-proposal", class: "do", onclick: () => act(formMove(form, formKey)) },
      `Send the proposal to ${form.to}`));
}

function proposalsPanel(p) {
  return keep("proposals", [p.proposals, paused(p), state.open, state.forms],
    () => waitWhilePaused(p, proposalsBody(p)));
}

function proposalsBody(p) {
  if (!p.proposals.length) return null;
  return panel("proposals", "Proposals", h("ol", { class: "proposals" }, p.proposals.map((pr) => {
    const a = pr.answers;
    const open = state.open[pr.number];
    return h("li", { class: "proposal " + pr.status },
      h("p", {}, h("strong", {}, `#${pr.number} ${pr.incoming ? "from " + pr.from : "to " + pr.to}`),
        ` · ${pr.status}${pr.counter_of ? ` · counter to #${pr.counter_of}` : ""} · turn ${pr.turn}`),
      h("p", {}, `${pr.from} gives: ${pr.give} (${pr.give_effect})`),
      h("p", {}, `${pr.from} asks: ${pr.ask} (${pr.ask_effect})`),
      h("p", {}, `Deadline: ${pr.deadline} turn(s) after acceptance`),
      a ? h("div", { class: "answers" },
        a.accept ? h("button", { type: "button", id: `accept-${pr.number}`, onclick: () => act(a.accept) }, "Accept") : null,
        a.reject ? h("button", { type: "button", id: `reject-${pr.number}`, onclick: () => act(a.reject) }, "Reject") : null,
        a.counter ? h("button", { type: "button", id: `counter-${pr.number}`, "aria-expanded": open ? "true" : "false",
          onclick: () => { state.open[pr.number] = !open; show(state.page); } }, "Counter…") : null) : null,
      a && a.counter && open ? h("div", { class: "form" },
        a.counter.fields.map((f) => field(`counter-${pr.number}`, f, `c${pr.number}`)),
        h("button", { type: "button", id: `send-counter-${pr.number}`, class: "do",
          onclick: () => act(formMove(a.counter, `counter-${pr.number}`)) }, "Send the counter-proposal")) : null);
  })));
}

// -- the projector ---------------------------------------------------------------------------

function projector(p) {
  // Right after a resolution the results fill the top of the screen; later in the turn they
  // move below the board.
  const fresh = resultsFresh(p);
  return [
    fresh ? column("pcol pcol-top", resultsPanel(p, true)) : null,
    column("pcol pcol-map", debriefPanel(p), mapPanel(), waitingPanel(p)),
    column("pcol pcol-tracks", tracksPanel(p)),
    column("pcol pcol-right", keciPanel(p), councilPanel(p), crisisPanel(p)),
    fresh ? null : column("pcol pcol-bottom", resultsPanel(p, false)),
  ];
}

function waitingPanel(p) {
  return keep("waitpanel", [p.over, p.phases, p.waiting_for], () => panel("waitpanel", "Now",
    h("p", { class: "big" }, p.over ? "The game is over." :
      `${p.phases.find((x) => x.now)?.name || ""}: ` + (p.waiting_for.length ? "waiting for " + p.waiting_for.join(", ") : "resolving"))));
}

// -- the facilitator ---------------------------------------------------------------------------

function console_(p) {
  return [
    column("col col-main",
      keep("status", [p.table, p.turn, p.last_turn, p.date, p.phases, p.over, p.waiting_for], () => panel("status", "Table status",
        h("p", {}, h("strong", {}, p.table)),
        h("p", {}, `Turn ${p.turn} of ${p.last_turn} (${p.date}) · phase: ${p.phases.find((x) => x.now)?.name || ""}`),
        h("p", { class: "big" }, p.over ? "The game is over." :
          p.waiting_for.length ? "Waiting for: " + p.waiting_for.join(", ") : "Nobody to wait for"))),
      controlsPanel(p), documentsPanel(p, true), rolesPanel(p), debriefPanel(p), resultsPanel(p, true)),
    column("col col-side", tracksPanel(p), keciPanel(p), councilPanel(p), crisisPanel(p)),
    column("col col-wide", logPanel(p, "Full log (facilitator: every move, secret orders included)")),
  ];
}

// The facilitator's acts: one labelled form each, answered by a confirmation or the reason it was refused.
function controlsPanel(p) {
  return keep("controls", [p.controls, p.over, state.control, state.forms], () => panel("controls", "Facilitator's controls",
    h("p", { class: "note" }, "Every act is recorded in the log as yours and shown at once on every page."),
    p.over ? h("p", {}, "The game is over: nothing is left to steer. The debrief and the full log are below.") :
      h("div", { class: "control-forms" }, (p.controls || []).map(controlForm))));
}

function controlForm(f) {
  const key = `ctl-${f.act}`;
  const vals = state.forms[key] || (state.forms[key] = {});
  const fields = f.fields.map((fd) => {
    const id = `${key}-${fd.key}`;
    const values = fd.options ? fd.options.map((o) => o.value) : [];
    if (!(fd.key in vals) || (fd.options && !values.includes(vals[fd.key]))) {
      vals[fd.key] = fd.default !== undefined && (!fd.options || values.includes(fd.default)) ? fd.default :
        fd.options ? fd.options[0].value : "";
    }
    let input;
    if (fd.type === "select") {
      input = h("select", { id, name: fd.key, onchange: (e) => { vals[fd.key] = fd.options[e.target.selectedIndex].value; } },
        fd.options.map((o) => h("option", { value: String(o.value), selected: o.value === vals[fd.key] }, o.label)));
    } else {
      input = h("input", { id, name: fd.key, type: fd.type === "number" ? "number" : "text", value: String(vals[fd.key]),
        min: fd.min, max: fd.max, step: fd.type === "number" ? 1 : null, maxlength: fd.maxlength,
        placeholder: fd.placeholder, required: fd.type === "text" ? true : null,
        oninput: (e) => { vals[fd.key] = e.target.value; } });
    }
    return h("div", { class: "field" }, h("label", { for: id }, fd.label), input);
  });
  const answer = state.control && state.control.act === f.act ? state.control : null;
  return h("form", { class: "control", id: key, "aria-labelledby": `${key}-h`, novalidate: true,
    onsubmit: (e) => { e.preventDefault(); sendControl(f, vals); } },
  h("h3", { id: `${key}-h` }, f.title),
  f.help ? h("p", { class: "note" }, f.help) : null,
  ...fields,
  h("button", { type: "submit", id: `${key}-go` }, f.button),
  h("p", { class: "answer " + (answer ? (answer.ok ? "good" : "bad") : ""), id: `${key}-answer`,
    role: answer && !answer.ok ? "alert" : "status" }, answer ? answer.text : ""));
}

async function sendControl(f, vals) {
  const params = {};
  for (const fd of f.fields) {
    let v = vals[fd.key];
    if (fd.type === "number") {
      v = Number(v);
      if (!Number.isInteger(v)) {
        state.control = { act: f.act, ok: false, text: `✗ Not done: ${fd.label} must be a whole number.` };
        show(state.page);
        return;
      }
    }
    if (fd.type === "text" && !String(v).trim()) {
      state.control = { act: f.act, ok: false, text: `✗ Not done: please write the ${fd.label.toLowerCase()}.` };
      show(state.page);
      return;
    }
    params[fd.key] = v;
  }
  const res = await act({ id: f.act, params }, true);
  if (!res) return;
  if (res.ok) {
    const page = res.data.page;
    const said = page.said || [];
    state.control = { act: f.act, ok: true, text: "✓ Done: " + (said.join(" · ") || f.title) + "." };
    for (const fd of f.fields) if (fd.type === "text") vals[fd.key] = "";
  } else {
    state.control = { act: f.act, ok: false, text: "✗ Not done: " + (res.data.error || "the server refused it.") };
  }
  // The pause form turns into the resume form (and back): its answer follows it.
  if (res.ok && (f.act === "pause" || f.act === "resume")) state.control.act = f.act === "pause" ? "resume" : "pause";
  show(state.page);
}

// -- printable documents -----------------------------------------------------------------------

// The server draws them (GET /api/documents/KIND with this page's code) and decides who may have
// which: a seat its own briefing, the facilitator every briefing, the review for all at the end.
function documentsPanel(p, facilitator) {
  return keep("documents", [p.over, facilitator, state.document], () => documentsBody(p, facilitator));
}

function documentsBody(p, facilitator) {
  const offers = facilitator ?
    [["briefings.zip", "Every role's briefing and the public primer (ZIP of PDFs)"],
      ["briefing.pdf", "The public primer (PDF)"],
      ["review.pdf", "The after-action review so far (PDF)"]] :
    [["briefing.pdf", "My team's confidential briefing (PDF)"],
      ...(p.over ? [["review.pdf", "The after-action review (PDF)"]] : [])];
  const answer = state.document || {};
  return panel("documents", "Print",
    h("p", { class: "note" }, facilitator ? "For handing out and grading; drawn by the server in a few seconds." :
      "Your briefing holds your confidential objectives: for your team only." +
      (p.over ? "" : " The after-action review opens when the game has ended.")),
    h("div", { class: "doc-buttons" }, offers.map(([kind, label]) =>
      h("button", { type: "button", id: `doc-${kind.replace(".", "-")}`, onclick: () => download(kind) }, label))),
    h("p", { class: "answer " + (answer.ok === false ? "bad" : answer.ok ? "good" : ""), id: "doc-answer",
      role: answer.ok === false ? "alert" : "status" }, answer.text || ""));
}

async function download(kind) {
  state.document = { text: "Preparing the document…" };
  show(state.page);
  try {
    const res = await fetch(`/api/documents/${kind}`, { headers: { Authorization: `Bearer ${state.code}` }, cache: "no-store" });
    if (!res.ok) {
      let error = "the server refused it.";
      try { error = (await res.json()).error || error; } catch { /* not JSON */ }
      state.document = { ok: false, text: "✗ Not available: " + error };
    } else {
      const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "")?.[1] || kind;
      const url = URL.createObjectURL(await res.blob());
      const link = h("a", { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      state.document = { ok: true, text: "✓ Downloaded " + name + "." };
    }
  } catch {
    state.document = { ok: false, text: "✗ The server does not answer; try again in a moment." };
  }
  show(state.page);
}

// ---------------------------------------------------------------------------------------------
// Start.

$("#join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const code = $("#code").value.trim();
  if (!code) { $("#join-error").textContent = "Please type the join code you were given."; return; }
  join(code);
});

const fromHash = new URLSearchParams(location.hash.slice(1)).get("code");
if (fromHash) history.replaceState(null, "", location.pathname);
const saved = fromHash || sessionStorage.getItem(KEY);
if (saved) { $("#code").value = saved; join(saved); } else { $("#code").focus(); }
