// KECI in the browser: join with a code, then show the board the server sends for that code.
//
// The server decides everything a page shows (game/web/present.py); this module only lays it
// out. Every text from the server goes through textContent (the h() helper below), never
// innerHTML, so a player's name such as <script> is shown as the letters it is.

const $ = (sel) => document.querySelector(sel);
const KEY = "keci-code";

const state = {
  code: null,
  page: null,
  ws: null,
  retry: 0,
  stopped: false,
  forms: {},          // chosen values of the composer and other forms, kept across pushes
  open: {},           // which counter forms are open
  busy: false,
  renders: [],        // {seq, t} for the speed test: when each board was shown
  sentAt: null,
  firstBoardAt: null,  // ms from navigation start to the first board shown
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
    state.code = code;
    sessionStorage.setItem(KEY, code);
    state.stopped = false;
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
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    if (msg.type === "page") { state.recvAt = performance.timeOrigin + performance.now(); show(msg.page); }
    else if (msg.type === "error") {
      state.stopped = true;
      notice(msg.message);
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

function notice(text) {
  const n = $("#notice");
  n.textContent = text;
  n.hidden = !text;
}

async function act(move) {
  if (state.busy || !state.page) return;
  state.busy = true;
  notice("");
  state.sentAt = performance.timeOrigin + performance.now();
  try {
    const body = { code: state.code, move: { id: move.id, params: move.params || {} }, seq: state.page.seq };
    const { ok, data } = await post("/web/api/act", body);
    if (!ok) notice(data.error || "The move was refused.");
    else show(data.page);
  } catch {
    notice("The move could not be sent: the server does not answer. It will be retried when you press again.");
  } finally {
    state.busy = false;
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering.

function show(page) {
  if (state.page && page.seq < state.page.seq) return; // an older board never replaces a newer one
  const focused = document.activeElement && document.activeElement.id;
  state.page = page;
  $("#join").hidden = true;
  document.body.className = page.kind;
  document.title = page.kind === "seat" ? `KECI — ${page.role_name}` :
    page.kind === "spectator" ? "KECI — projector" : "KECI — facilitator";
  renderTop(page);
  const board = $("#board");
  const next = page.kind === "seat" ? seatBoard(page) : page.kind === "spectator" ? projector(page) : console_(page);
  board.replaceChildren(...next);
  board.hidden = false;
  board.dataset.seq = page.seq;
  applyMap(page);
  if (focused) {
    const el = document.getElementById(focused);
    if (el) el.focus({ preventScroll: true });
  }
  const now = performance.now();
  if (state.firstBoardAt === null) state.firstBoardAt = now;
  state.renders.push({ seq: page.seq, t: performance.timeOrigin + now, recv: state.recvAt });
}

function renderTop(p) {
  const top = $("#top");
  const waiting = p.over ? "The game is over" :
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
  );
  top.hidden = false;
}

function tracksPanel(p, title) {
  return panel("tracks", title || "Tracks",
    h("p", { class: "note" }, "Change this turn: ▲/▼ with ✓ better or ✗ worse for stability."),
    h("table", { class: "tracks" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Track"), h("th", { scope: "col" }, "Level"),
        h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "This turn"))),
      h("tbody", {}, p.tracks.map((t) => h("tr", {},
        h("th", { scope: "row", title: `${t.explanation} — Source: ${t.source}` }, t.name),
        h("td", {}, h("span", { class: "bar", role: "img", "aria-label": `${t.shown}` },
          h("span", { class: "fill " + (t.good_side ? "good" : "bad"), style: null,
            "data-w": Math.round(t.fraction * 100) }))),
        h("td", { class: "num" }, t.shown),
        h("td", { class: "delta " + (t.better === null ? "" : t.better ? "good" : "bad") }, t.mark))))));
}

function rolesPanel(p) {
  return panel("roles", "The four governments",
    h("table", { class: "roles" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Seat"),
        p.roles[0].tracks.map((t) => h("th", { scope: "col" }, t.name)),
        h("th", { scope: "col" }, "Orders"), h("th", { scope: "col" }, "Score"))),
      h("tbody", {}, p.roles.map((r) => h("tr", { class: r.you ? "you" : "" },
        h("th", { scope: "row" }, r.name + (r.you ? " (you)" : "")),
        r.tracks.map((t) => h("td", { class: "num" }, `${t.value}/${t.max} ${t.mark === "–" ? "" : t.mark}`)),
        h("td", {}, r.orders_given ? "✓ given" : "–"),
        h("td", { class: "num" }, String(r.score)))))));
}

function keciPanel(p) {
  const k = p.keci;
  const nxt = k.next;
  return panel("keci", "KECI ladder" + (k.suspended ? " — ⏸ SUSPENDED" : ""),
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
  const c = p.council;
  return panel("council", "North Atlantic Council",
    h("p", { class: "note" }, "Allies that do not recognize Kosovo, on the next KECI motion:"),
    list(c.allies, (a) => [h("strong", {}, a.name), " ", h("span", { class: a.state }, a.stance)]),
    h("h3", {}, "Special Representative for the Western Balkans"),
    h("p", { class: c.special_rep.appointed ? "good" : "" }, (c.special_rep.appointed ? "✓ " : "") + c.special_rep.text),
    c.special_rep.explanation ? h("p", { class: "note" }, c.special_rep.explanation) : null);
}

function crisisPanel(p) {
  const c = p.crisis;
  if (!c) return panel("crisis", "Crisis card", h("p", { class: "muted" }, "No crisis this half-year."));
  return panel("crisis", "⚠ Crisis: " + c.name,
    h("p", {}, c.explanation),
    c.answered.length ? h("p", {}, "Answered: " + c.answered.map((x) => x + " ✓").join(", ")) : null,
    c.waiting.length ? h("p", {}, "Waiting for: " + c.waiting.join(", ")) : null,
    h("p", { class: "source" }, "Source: " + c.source));
}

function dealsPanel(p) {
  return panel("deals", "Deals and normalization",
    p.deals.length ? h("table", { class: "deals" },
      h("thead", {}, h("tr", {}, ["Deal", "Owes", "To", "What", "Due", "Status"].map((x) => h("th", { scope: "col" }, x)))),
      h("tbody", {}, p.deals.map((d) => h("tr", {}, h("td", {}, "#" + d.number), h("td", {}, d.giver),
        h("td", {}, d.receiver), h("td", {}, d.item), h("td", {}, d.due), h("td", {}, d.status))))) :
      h("p", { class: "muted" }, "No deals yet."),
    h("h3", {}, "Normalization commitments (2023 Agreement and Ohrid annex)"),
    list(p.normalization, (n) => [h("strong", {}, n.name), `: ${n.level_name} (${n.level}/${n.max})`]));
}

function logPanel(p, title) {
  const lines = p.log.slice(-200);
  return panel("log", title || "Log",
    h("ol", { class: "log", "aria-label": "History, newest last" },
      lines.map((l) => h("li", { class: "k-" + l.kind },
        l.kind === "turn" ? h("strong", {}, l.text) : `T${l.turn} · ${l.text}`,
        l.reason ? h("div", { class: "reason" }, "↳ why: " + l.reason) : null))));
}

function summaryPanel(p) {
  if (!p.summary) return null;
  return panel("summary", p.summary.title, list(p.summary.lines, (x) => x, "summary-lines"));
}

function debriefPanel(p) {
  const d = p.debrief;
  if (!d) return null;
  return panel("debrief", "Debrief — " + d.ending,
    h("p", {}, d.explanation),
    h("table", { class: "scores" }, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Seat"), h("th", { scope: "col" }, "Score"))),
      h("tbody", {}, d.scores.map((s) => h("tr", {}, h("th", { scope: "row" }, s.name), h("td", { class: "num" }, String(s.score)))))),
    p.objectives ? h("div", {}, h("h3", {}, "Your objectives"),
      list(p.objectives, (o) => `${o.met ? "✓ met" : "✗ not met"} · ${o.secret ? "(confidential) " : ""}${o.text} (${o.points} points)`)) : null,
    d.source ? h("p", { class: "source" }, "Source: " + d.source) : null);
}

function mapPanel() {
  return panel("map", "The north",
    h("div", { class: "mapbox", id: "mapbox" }),
    h("p", { class: "map-caption", id: "map-caption" }));
}

let mapSvg = null;   // parsed once; the same node moves into each new board
let mapLoading = null;
function loadMap() {
  if (!mapLoading) {
    mapLoading = fetch("/web/map.svg").then((res) => res.text()).then((text) => {
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
  const paint = (svg) => {
    if (!box.isConnected) return;
    const t = p.map.tension, max = p.map.tension_max;
    const level = t >= 8 ? "high" : t >= 5 ? "medium" : "low";
    svg.querySelector("#north-zone")?.setAttribute("class", "tension-" + level);
    const label = svg.querySelector("#north-label");
    if (label) label.textContent = `Tension ${t}/${max}`;
    for (const mark of svg.querySelectorAll(".crisis-mark")) {
      if (mark.dataset.card === p.map.crisis) mark.removeAttribute("hidden");
      else mark.setAttribute("hidden", "");
    }
    box.replaceChildren(svg);
    const cap = document.getElementById("map-caption");
    if (cap) cap.textContent = `Tension in the north: ${t} of ${max} (${level}) · KFOR posture ${p.map.kfor}/10` +
      (p.crisis ? ` · ⚠ ${p.crisis.name}` : "");
  };
  if (mapSvg) paint(mapSvg);
  else loadMap().then(paint).catch(() => {});
}

// -- the seat's page ---------------------------------------------------------------------------

function seatBoard(p) {
  // Offers waiting for an answer come first: the seat cannot finish the phase before answering.
  const answering = p.proposals.some((pr) => pr.answers);
  const main = answering ? [proposalsPanel(p), playPanel(p)] : [debriefPanel(p), playPanel(p), proposalsPanel(p)];
  return [
    h("div", { class: "col col-main" }, ...main, objectivesPanel(p), answering ? debriefPanel(p) : null),
    h("div", { class: "col col-side" }, tracksPanel(p), rolesPanel(p), keciPanel(p), councilPanel(p), crisisPanel(p)),
    h("div", { class: "col col-wide" }, dealsPanel(p), logPanel(p, "Your log")),
  ];
}

function objectivesPanel(p) {
  return panel("objectives", "Your objectives",
    list(p.objectives, (o) => [h("span", { class: o.met ? "good" : "bad" }, o.met ? "✓ met" : "✗ not yet"), " · ",
      o.secret ? h("strong", {}, "Confidential: ") : null, o.text, ` (${o.points} points)`]),
    h("h3", {}, "The others' public objectives"),
    p.roles.filter((r) => !r.you).map((r) => h("div", { class: "others" }, h("strong", {}, r.name),
      list(r.public_objectives, (o) => `${o.met ? "✓" : "·"} ${o.text} (${o.points})`))));
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

function playPanel(p) {
  const play = p.play;
  const body = [];
  if (play.hint) body.push(h("p", { class: "hint" }, play.hint));
  body.push(h("p", { class: "capital" }, `◆ Political capital: ${play.capital}`));
  if (play.orders.length) body.push(h("p", {}, "Your orders this turn (secret until all are in): " + play.orders.join("; ")));
  if (!p.your_move && !p.over) body.push(h("p", { class: "muted" },
    p.waiting_for.length ? "Nothing to do now — waiting for " + p.waiting_for.join(", ") + "." : "Nothing to do now."));
  if (play.cards.length) {
    body.push(h("div", { class: "cards" }, play.cards.map((c, i) => card(c, i))));
  }
  if (play.composer.length) body.push(composer(play.composer));
  if (play.finish) {
    body.push(h("button", { type: "button", id: "finish", class: "finish", onclick: () => act(play.finish) }, play.finish.label));
  }
  const title = p.over ? "The game is over" : p.phase === "crisis" ? "Respond to the crisis" :
    p.phase === "negotiation" ? "Negotiate" : p.phase === "actions" ? "Your orders" : "Your move";
  return panel("play", title, ...body);
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
  return [
    h("div", { class: "pcol pcol-map" }, debriefPanel(p), mapPanel(), waitingPanel(p), p.debrief ? null : summaryPanel(p)),
    h("div", { class: "pcol pcol-tracks" }, tracksPanel(p)),
    h("div", { class: "pcol pcol-right" }, keciPanel(p), councilPanel(p), crisisPanel(p)),
  ];
}

function waitingPanel(p) {
  return panel("waitpanel", "Now",
    h("p", { class: "big" }, p.over ? "The game is over." :
      `${p.phases.find((x) => x.now)?.name || ""}: ` + (p.waiting_for.length ? "waiting for " + p.waiting_for.join(", ") : "resolving")));
}

// -- the facilitator ---------------------------------------------------------------------------

function console_(p) {
  return [
    h("div", { class: "col col-main" },
      panel("status", "Table status",
        h("p", {}, h("strong", {}, p.table)),
        h("p", {}, `Turn ${p.turn} of ${p.last_turn} (${p.date}) · phase: ${p.phases.find((x) => x.now)?.name || ""}`),
        h("p", { class: "big" }, p.over ? "The game is over." :
          p.waiting_for.length ? "Waiting for: " + p.waiting_for.join(", ") : "Nobody to wait for")),
      rolesPanel(p), debriefPanel(p), summaryPanel(p)),
    h("div", { class: "col col-side" }, tracksPanel(p), keciPanel(p), councilPanel(p), crisisPanel(p)),
    h("div", { class: "col col-wide" }, logPanel(p, "Full log (facilitator: every move, secret orders included)")),
  ];
}

// ---------------------------------------------------------------------------------------------
// Start.

$("#join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const code = $("#code").value.trim();
  if (!code) { $("#join-error").textContent = "Please type the join code you were given."; return; }
  join(code);
});

// Track bars: widths from data attributes (the style-src policy forbids inline style attributes).
new MutationObserver(() => {
  for (const el of document.querySelectorAll(".fill[data-w]")) {
    el.style.width = el.dataset.w + "%";
    el.removeAttribute("data-w");
  }
}).observe(document.getElementById("board"), { childList: true, subtree: true });

const fromHash = new URLSearchParams(location.hash.slice(1)).get("code");
if (fromHash) history.replaceState(null, "", location.pathname);
const saved = fromHash || sessionStorage.getItem(KEY);
if (saved) { $("#code").value = saved; join(saved); } else { $("#code").focus(); }
