// The studio's page: transcript, player clock, sections, suggestions, preview and saving.
// Plain JavaScript modules, no build step. Every judgement (search, status, links, rendering,
// saving) is the server's, which runs the library's code; the page only shows and edits.
import { api, ApiError } from "./api.js";
import { Clock } from "./player.js";

const $ = (id) => document.getElementById(id);
const SUGGEST_DELAY = 120; // ms after the last keystroke
const PREVIEW_DELAY = 150;
const CHECK_DELAY = 800;

const state = {
  file: "", version: "", videoId: "", label: "", linkStyle: "short",
  sections: [], current: null, dirty: false, edits: 0, stale: false,
};
let clock = null;
let lines = []; // {start, end, el}, in time order
let starts = [];
let nowLine = -1;

// ---------------------------------------------------------------- times (display only)

function tc(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}

// A time as editors type it (13:23, 1:26:50, 803, 13m23s); null when it is none.
function parseTime(text) {
  text = text.trim();
  if (!text) return null;
  let m = text.match(/^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/);
  if (m) return (+(m[1] || 0)) * 3600 + (+m[2]) * 60 + (+m[3]);
  m = text.match(/^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+(?:\.\d+)?)s)?$/);
  if (m && (m[1] || m[2] || m[3])) return (+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0));
  if (/^\d+(\.\d+)?$/.test(text)) return +text;
  return undefined;
}

function debounce(fn, ms) {
  let timer = null;
  const run = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  run.now = (...args) => { clearTimeout(timer); return fn(...args); };
  return run;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function showStatus(text) { $("status").textContent = text; }

function showError(err) {
  const box = $("error");
  box.textContent = err ? String(err.message || err) : "";
  box.hidden = !err;
}

// ---------------------------------------------------------------- transcript

const escapeHtml = (text) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

// The whole transcript as one HTML string: thousands of lines are shown at once (a 3.5-hour
// video has 6,000), and one string is several times faster to build than as many elements.
function renderTranscript(paragraphs) {
  const box = $("transcript");
  const html = [];
  const times = [];
  for (const p of paragraphs) {
    html.push(`<p class="${p.turn ? "par turn" : "par"}"><button type="button" class="stamp" tabindex="-1" data-t="${p.start}">${tc(p.start)}</button>`);
    for (const [start, end, text] of p.lines) {
      html.push(`<span class="ln" data-i="${times.length}">${escapeHtml(text)} </span>`);
      times.push([start, end]);
    }
    html.push("</p>");
  }
  box.innerHTML = html.join("");
  const spans = box.querySelectorAll(".ln");
  lines = times.map(([start, end], i) => ({ start, end, el: spans[i] }));
  starts = lines.map((l) => l.start);
}

function lineAt(t) {
  let lo = 0, hi = starts.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (starts[mid] <= t) lo = mid + 1; else hi = mid; }
  return lo - 1;
}

function scrollToLine(i) {
  const box = $("transcript"), line = lines[i];
  if (!line) return;
  const top = line.el.offsetTop - box.clientHeight / 3;
  box.scrollTop = Math.max(0, top);
}

function tick(force = false) {
  const t = clock.time();
  $("time").textContent = tc(t);
  $("play").textContent = clock.playing() ? "❚❚" : "▶";
  const i = lineAt(t);
  if (i !== nowLine || force) {
    if (lines[nowLine]) lines[nowLine].el.classList.remove("now");
    if (lines[i]) lines[i].el.classList.add("now");
    nowLine = i;
    if (clock.playing() || force) scrollToLine(i);
  }
}

function seek(t) {
  clock.seek(t);
  tick(true);
}

function onTranscriptClick(event) {
  if (!window.getSelection().isCollapsed) return; // selecting words, not seeking
  const target = event.target.closest(".ln, .stamp");
  if (!target) return;
  seek(target.classList.contains("stamp") ? +target.dataset.t : lines[+target.dataset.i].start);
}

// Words selected in the transcript: a section with that verbatim quote, start and end.
let proposal = null;

function onSelection() {
  const sel = window.getSelection();
  const bar = $("selection-bar");
  const box = $("transcript");
  if (sel.isCollapsed || !box.contains(sel.anchorNode) || !box.contains(sel.focusNode)) {
    proposal = null;
    bar.hidden = true;
    return;
  }
  const lineOf = (node) => (node.nodeType === 1 ? node : node.parentElement).closest(".ln");
  const a = lineOf(sel.anchorNode), b = lineOf(sel.focusNode);
  const text = sel.toString().replace(/\s+/g, " ").trim();
  if (!a || !b || !text) { bar.hidden = true; return; }
  const first = Math.min(+a.dataset.i, +b.dataset.i), last = Math.max(+a.dataset.i, +b.dataset.i);
  proposal = { start: Math.floor(lines[first].start), end: Math.ceil(lines[last].end), quote: text };
  const shown = text.length > 80 ? text.slice(0, 77) + "…" : text;
  $("selection-text").textContent = `${tc(proposal.start)}–${tc(proposal.end)} “${shown}”`;
  bar.hidden = false;
}

function addFromSelection() {
  if (!proposal) return;
  const words = proposal.quote.split(" ");
  const title = words.slice(0, 6).join(" ") + (words.length > 6 ? "…" : "");
  addSection({ title, start: proposal.start, end: proposal.end, quote: proposal.quote });
  window.getSelection().removeAllRanges();
  proposal = null;
  $("selection-bar").hidden = true;
}

// ---------------------------------------------------------------- sections

function newSection(fields) {
  return {
    key: null, title: "New section", start: null, end: null, summary: "", quote: null, notes: null,
    blank_lines_before: 0, check: null, link: null, autoQuote: false, ...fields,
  };
}

function addSection(fields) {
  state.sections.push(newSection(fields));
  changed();
  select(state.sections.length - 1, false);
}

function payload() {
  return {
    label: state.label,
    link_style: state.linkStyle,
    sections: state.sections.map((s) => ({
      key: s.key, title: s.title, start: s.start, end: s.end, summary: s.summary,
      quote: s.quote || null, notes: s.notes || null, blank_lines_before: s.blank_lines_before,
    })),
  };
}

function renderSections() {
  const list = $("sections");
  list.replaceChildren(...state.sections.map((s, i) => {
    const span = s.start === null ? "no start" : tc(s.start) + (s.end !== null ? `–${tc(s.end)}` : "");
    const check = s.check;
    const badge = el("span", { className: "badge " + (check ? check.status.replace(" ", "-") : "none"),
      textContent: check ? check.status : "…" });
    const conf = el("span", { className: "conf",
      textContent: check && check.confidence !== null ? check.confidence.toFixed(2) : "" });
    const card = el("li", { className: "card" + (i === state.current ? " current" : "") + (state.stale ? " stale" : "") },
      el("span", { className: "num", textContent: i + 1 }),
      el("span", { className: "title", textContent: s.title || "(no title)" }),
      el("span", { className: "span", textContent: span }), badge, conf);
    const gist = s.summary || s.quote || "";
    card.append(el("span", { className: "gist", textContent: gist.length > 140 ? gist.slice(0, 137) + "…" : gist }));
    if (check && check.proposed !== null && check.status !== "kept" && Math.floor(check.proposed) !== s.start) {
      const use = el("button", { type: "button", className: "use", textContent: `use ${check.timecode}` });
      use.dataset.action = "use";
      card.append(use);
    }
    for (const [action, label, title] of [["up", "↑", "Move up"], ["down", "↓", "Move down"], ["delete", "✕", "Delete"]]) {
      const b = el("button", { type: "button", className: "tool", textContent: label, title });
      b.dataset.action = action;
      card.append(b);
    }
    card.dataset.i = i;
    return card;
  }));
}

function onSectionsClick(event) {
  const card = event.target.closest(".card");
  if (!card) return;
  const i = +card.dataset.i, s = state.sections[i];
  const action = event.target.dataset.action;
  if (action === "up" || action === "down") {
    const j = action === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= state.sections.length) return;
    [state.sections[i], state.sections[j]] = [state.sections[j], state.sections[i]];
    if (state.current === i) state.current = j; else if (state.current === j) state.current = i;
    changed();
  } else if (action === "delete") {
    state.sections.splice(i, 1);
    if (state.current === i) state.current = null;
    else if (state.current > i) state.current -= 1;
    changed();
    fillEditor();
  } else if (action === "use") {
    s.start = Math.floor(s.check.proposed);
    select(i, true);
    changed(true);
  } else {
    select(i, true);
  }
}

function select(i, jump) {
  state.current = i;
  renderSections();
  fillEditor();
  const s = state.sections[i];
  if (jump && s && s.start !== null) seek(s.start);
}

function current() { return state.current === null ? null : state.sections[state.current]; }

function fillEditor() {
  const s = current();
  $("editor").hidden = !s;
  if (!s) return;
  $("f-title").value = s.title;
  $("f-start").value = s.start === null ? "" : tc(s.start);
  $("f-end").value = s.end === null ? "" : tc(s.end);
  $("f-summary").value = s.summary;
  $("f-quote").value = s.quote || "";
  $("f-notes").value = s.notes || "";
  for (const id of ["f-start", "f-end"]) $(id).classList.remove("bad");
  showLink(s);
  $("suggestions").replaceChildren();
  $("suggest-note").textContent = "";
}

function showLink(s) {
  const a = $("f-link");
  a.textContent = s.link ? `[${s.link.label}](${s.link.url})` : s.start === null ? "no start: no link" : "";
  a.href = s.link ? s.link.url : "#";
}

// Something in the sections changed: the file needs saving and the preview redoing. The
// statuses (the whole page judged again: a second or more on a long video) are redone after
// an action (a time set, a section added, moved or deleted); while text is typed they are
// shown as stale until then (or until Check).
function changed(now = false, recheck = true) {
  state.dirty = true;
  state.edits += 1;
  showStatus("unsaved changes");
  if (recheck) check(); else state.stale = true;
  renderSections();
  if (now) preview.now(); else preview();
}

function onField(event) {
  const s = current();
  if (!s) return;
  const id = event.target.id;
  const value = event.target.value;
  if (id === "f-title") s.title = value;
  else if (id === "f-summary") { s.summary = value; suggest(); }
  else if (id === "f-quote") { s.quote = value || null; s.autoQuote = false; }
  else if (id === "f-notes") s.notes = value || null;
  else return;
  changed(false, false);
}

function onTimeField(event) {
  const s = current();
  if (!s) return;
  const key = event.target.id === "f-start" ? "start" : "end";
  const t = parseTime(event.target.value);
  event.target.classList.toggle("bad", t === undefined);
  if (t === undefined) return;
  s[key] = t;
  changed(true);
  fillQuote(s);
}

// A marked range gets the words said in it (as `quotes mark` quotes them), unless the
// editor wrote their own quote.
async function fillQuote(s) {
  if (s.start === null || s.end === null || s.end <= s.start || (s.quote && !s.autoQuote)) return;
  try {
    const { text } = await api("/api/quote", { start: s.start, end: s.end });
    if (s.quote && !s.autoQuote) return;
    s.quote = text || null;
    s.autoQuote = true;
    if (s === current()) $("f-quote").value = text;
    changed();
  } catch (err) {
    showStatus(err.message);
  }
}

function mark(key) {
  let s = current();
  const t = key === "start" ? Math.floor(clock.time()) : Math.ceil(clock.time());
  if (!s) { addSection({ title: `Section at ${tc(t)}` }); s = current(); }
  s[key] = t;
  if (s.end !== null && s.start !== null && s.end <= s.start) s[key === "start" ? "end" : "start"] = null;
  fillEditor();
  changed(true);
  fillQuote(s);
}

// ---------------------------------------------------------------- engine: search, suggestions, check

function renderMatches(list, matches, onUse, useLabel) {
  list.replaceChildren(...matches.map((m, n) => {
    const button = el("button", { type: "button", className: "jump", textContent: useLabel ? `${useLabel} ${m.timecode}` : m.timecode });
    button.addEventListener("click", () => onUse(m));
    const text = m.text.length > 180 ? m.text.slice(0, 177) + "…" : m.text;
    return el("li", { className: m.confident ? "confident" : "" },
      button,
      el("span", { className: "conf", textContent: `${m.confidence.toFixed(2)}${m.confident ? " ✓" : ""}` }),
      el("span", { className: "said", textContent: text }));
  }));
}

let searchSeq = 0;
const search = debounce(async () => {
  const text = $("search").value;
  const seq = ++searchSeq;
  if (!text.trim()) { $("search-results").replaceChildren(); return; }
  try {
    const { matches, note } = await api("/api/search", { text });
    if (seq !== searchSeq) return;
    renderMatches($("search-results"), matches, (m) => seek(m.start));
    if (note) $("search-results").append(el("li", { className: "note", textContent: note }));
  } catch (err) { showStatus(err.message); }
}, 200);

let suggestSeq = 0;
const suggest = debounce(async () => {
  const s = current();
  if (!s) return;
  const seq = ++suggestSeq;
  const text = s.summary;
  if (!text.trim()) { $("suggestions").replaceChildren(); $("suggest-note").textContent = ""; return; }
  try {
    const { matches, note } = await api("/api/search", { text, title: s.title });
    if (seq !== suggestSeq || s !== current()) return;
    $("suggest-note").textContent = note || "Said at:";
    renderMatches($("suggestions"), matches, (m) => {
      s.start = Math.floor(m.start);
      if (s.end !== null && s.end <= s.start) s.end = null;
      $("f-start").value = tc(s.start);
      changed(true);
    }, "use");
    $("suggestions").dataset.ready = String(seq);
  } catch (err) { showStatus(err.message); }
}, SUGGEST_DELAY);

let checkSeq = 0;
const check = debounce(async () => {
  const seq = ++checkSeq, edits = state.edits;
  try {
    const { results } = await api("/api/check", payload());
    if (seq !== checkSeq || edits !== state.edits) return;
    results.forEach((r, i) => { state.sections[i].check = r; });
    state.stale = false;
    renderSections();
  } catch (err) { if (err.status !== 400) showStatus(err.message); }
}, CHECK_DELAY);

// ---------------------------------------------------------------- preview

let previewSeq = 0;
const preview = debounce(async () => {
  const seq = ++previewSeq, edits = state.edits;
  try {
    const { markdown, links, problems } = await api("/api/preview", { ...payload(), template: $("template").value });
    if (seq !== previewSeq) return;
    $("preview").textContent = markdown;
    $("preview-problems").replaceChildren(...problems.map((p) => el("li", { textContent: p })));
    $("preview").classList.remove("bad");
    if (edits === state.edits) links.forEach((link, i) => { state.sections[i].link = link; });
    if (current()) showLink(current());
  } catch (err) {
    if (seq !== previewSeq) return;
    $("preview").textContent = err.message;
    $("preview").classList.add("bad");
    $("preview-problems").replaceChildren();
  }
}, PREVIEW_DELAY);

async function copyPreview() {
  const text = $("preview").textContent;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const range = document.createRange();
    range.selectNodeContents($("preview"));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    document.execCommand("copy");
    sel.removeAllRanges();
  }
  showStatus("copied the preview");
}

// ---------------------------------------------------------------- load and save

function takeFile(data) {
  state.file = data.file;
  state.version = data.version;
  state.videoId = data.video_id;
  state.label = data.label;
  state.linkStyle = data.link_style;
  state.sections = data.sections.map((s) => newSection(s));
  state.current = null;
  state.dirty = false;
  state.edits += 1;
  $("file").textContent = `${data.file.split(/[\\/]/).pop()} · ${data.video_id}`;
  $("file").title = data.file;
  $("label").value = data.label;
  renderSections();
  fillEditor();
  preview.now();
  check.now();
}

async function reload() {
  $("conflict").hidden = true;
  showError(null);
  takeFile(await api("/api/state"));
  showStatus("reloaded from disk");
}

async function save() {
  try {
    const data = await api("/api/save", { ...payload(), version: state.version });
    state.version = data.version;
    data.sections.forEach((s, i) => { state.sections[i].key = s.key; });
    state.dirty = false;
    showError(null);
    showStatus(`saved ${new Date().toLocaleTimeString()}`);
    check.now();
  } catch (err) {
    if (err instanceof ApiError && err.status === 409) {
      $("conflict-text").textContent = err.message + ".";
      $("conflict").hidden = false;
      showStatus("not saved");
    } else {
      showError(err);
      showStatus("not saved");
    }
  }
}

// ---------------------------------------------------------------- keys

function onKey(event) {
  const inField = event.target.closest && event.target.closest("input, textarea, select");
  if ((event.ctrlKey || event.metaKey) && event.key === "s") { event.preventDefault(); save(); return; }
  if (event.key === "Escape") {
    if (inField) event.target.blur();
    return;
  }
  if (inField || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === "Enter" && event.target.closest("button, a")) return; // the button's own Enter
  if ($("help").open) return;
  const step = { j: -10, l: 10, ArrowLeft: -5, ArrowRight: 5 }[event.key];
  const s = current();
  if (step !== undefined) seek(clock.time() + step);
  else if (event.key === " ") { clock.toggle(); tick(true); }
  else if (event.key === "[") mark("start");
  else if (event.key === "]") mark("end");
  else if (event.key === "n") addSection({ title: `Section at ${tc(clock.time())}`, start: Math.floor(clock.time()) });
  else if (event.key === "/") $("search").focus();
  else if (event.key === "?") $("help").showModal();
  else if ((event.key === "e" || event.key === "Enter") && s) { $("f-title").focus(); $("f-title").select(); }
  else if (event.key === "ArrowUp" && state.sections.length) select(Math.max(0, (state.current ?? 1) - 1), true);
  else if (event.key === "ArrowDown" && state.sections.length) select(Math.min(state.sections.length - 1, (state.current ?? -1) + 1), true);
  else return;
  event.preventDefault();
}

// ---------------------------------------------------------------- start

async function start() {
  let data;
  try {
    data = await api("/api/state");
  } catch (err) {
    showError(err);
    return;
  }
  clock = new Clock(data.transcript.length);
  renderTranscript(data.transcript.paragraphs);
  $("template").replaceChildren(...data.templates.map((t) => el("option", { value: t, textContent: t })));
  takeFile(data);
  const offline = new URLSearchParams(location.search).has("offline");
  if (offline) { $("no-player").hidden = false; $("player").hidden = true; }
  else clock.loadYouTube($("player"), data.video_id, () => { $("no-player").hidden = false; $("player").hidden = true; });

  $("transcript").addEventListener("click", onTranscriptClick);
  document.addEventListener("selectionchange", debounce(onSelection, 100));
  $("selection-add").addEventListener("click", addFromSelection);
  $("sections").addEventListener("click", onSectionsClick);
  $("editor").addEventListener("input", onField);
  $("editor").addEventListener("submit", (e) => e.preventDefault());
  $("f-start").addEventListener("change", onTimeField);
  $("f-end").addEventListener("change", onTimeField);
  $("label").addEventListener("input", () => { state.label = $("label").value; changed(false, false); });
  $("search").addEventListener("input", () => search());
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); search.now(); });
  $("template").addEventListener("change", () => preview.now());
  $("copy").addEventListener("click", copyPreview);
  $("save").addEventListener("click", save);
  $("reload").addEventListener("click", reload);
  $("conflict-close").addEventListener("click", () => { $("conflict").hidden = true; });
  $("new-section").addEventListener("click", () => addSection({ title: `Section at ${tc(clock.time())}`, start: Math.floor(clock.time()) }));
  $("check").addEventListener("click", () => check.now());
  $("play").addEventListener("click", () => { clock.toggle(); tick(true); });
  $("help-button").addEventListener("click", () => $("help").showModal());
  document.addEventListener("keydown", onKey);
  window.addEventListener("beforeunload", (e) => { if (state.dirty) e.preventDefault(); });
  setInterval(() => tick(), 200);
  tick(true);
  document.body.dataset.ready = "true";
  window.studio = { state, clock: () => clock, seek };
}

start();
