// Dendro's web plot (ADR 0022): finds streams, plots them from /plot/v1/ at about one window per
// pixel with uPlot, and fetches again on every zoom and pan. No build step, no other library.
"use strict";
(function () {
  const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];
  const LABEL_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac"];
  const LANE = 14; // CSS pixels per label strip

  // Everything the page knows; tests read it as window.dendroPlot.
  const state = {
    streams: new Map(),   // id -> stream object of /plot/v1/streams
    plotted: [],          // [{id, version, compare}] in the order ticked
    view: null,           // [start, end) in ns (numbers) of what is shown
    u: null,              // the uPlot instance
    seq: 0,               // the latest fetch; older answers are dropped
    fetches: 0,           // answers drawn
    last: [],             // per plotted stream, what its last answer was: {pointwidth, rows, raw, pixels, version}
    lanes: [],            // label strips: {name, segments: [[startSec, endSec, label]]}
    changes: [],          // shaded ranges [startSec, endSec]
    perf: {firstDraw: null, zooms: []},
    pending: null,        // {t0, kind} of a fetch in flight, for the timings
  };
  window.dendroPlot = state;

  const $ = (id) => document.getElementById(id);
  const status = (text) => { $("status").textContent = text; };

  // ---- requests ---------------------------------------------------------------------------------

  async function api(path) {
    const headers = {};
    const key = sessionStorage.getItem("dendro-api-key");
    if (key) headers.Authorization = "Bearer " + key;
    const res = await fetch(path, {headers});
    if (res.status === 401) {
      const given = prompt("This server needs an API key:");
      if (given) {
        sessionStorage.setItem("dendro-api-key", given);
        return api(path);
      }
    }
    const body = await res.json();
    if (!res.ok) throw new Error(body.error + (body.parameter ? " (" + body.parameter + ")" : ""));
    return body;
  }

  const nsParam = (ns) => String(Math.round(ns));

  // ---- the stream list --------------------------------------------------------------------------

  function streamName(s) {
    const n = s.tags && (s.tags.name || s.tags.title);
    return (typeof n === "string" && n) ? n : s.id.slice(0, 8);
  }

  async function search(ev) {
    if (ev) ev.preventDefault();
    const q = new URLSearchParams();
    const c = $("collection").value.trim();
    if (c) q.append("collection__startswith", c);
    for (const term of $("tags").value.trim().split(/\s+/)) {
      const eq = term.indexOf("=");
      if (eq > 0) q.append("tags__" + term.slice(0, eq), term.slice(eq + 1));
    }
    try {
      const body = await api("/plot/v1/streams?" + q);
      body.streams.forEach((s) => state.streams.set(s.id, s));
      renderList(body.streams, body.total);
    } catch (e) {
      status("find: " + e.message);
    }
  }

  // Sources first, each followed by the streams derived from it (indented), as a tree.
  function ordered(list) {
    const ids = new Set(list.map((s) => s.id));
    const children = new Map();
    const roots = [];
    for (const s of list) {
      const src = s.derived_from && s.derived_from.sources.find((x) => ids.has(x.id));
      if (src) {
        if (!children.has(src.id)) children.set(src.id, []);
        children.get(src.id).push(s);
      } else {
        roots.push(s);
      }
    }
    const out = [];
    const visit = (s, depth) => {
      out.push([s, depth]);
      (children.get(s.id) || []).forEach((c) => visit(c, depth + 1));
    };
    roots.forEach((s) => visit(s, 0));
    return out;
  }

  function renderList(list, total) {
    const ul = $("streams");
    ul.textContent = "";
    for (const [s, depth] of ordered(list)) {
      const li = document.createElement("li");
      li.id = "stream-" + s.id;
      if (depth > 0) li.className = "derived";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = "plot-" + s.id;
      box.checked = state.plotted.some((p) => p.id === s.id);
      box.addEventListener("change", () => toggle(s.id, box.checked));
      const label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = " " + streamName(s);
      const meta = document.createElement("div");
      meta.className = "meta";
      let text = s.collection + " · " + s.kind + " · version " + s.version;
      if (s.derived_from) {
        text += " · derived by " + s.derived_from.op + " from "
          + s.derived_from.sources.map((x) => {
            const known = state.streams.get(x.id);
            return known ? streamName(known) : x.id.slice(0, 8);
          }).join(", ");
      }
      meta.textContent = text;
      li.append(box, label, meta, versionControls(s));
      ul.append(li);
    }
    status(list.length + " of " + total + " streams");
  }

  function options(select, s, first) {
    select.append(new Option(first, "0"));
    for (let v = s.version; v >= s.first_version && v > s.version - 500; v--) {
      select.append(new Option("version " + v, String(v)));
    }
  }

  function versionControls(s) {
    const div = document.createElement("div");
    div.className = "versions";
    const version = document.createElement("select");
    version.id = "version-" + s.id;
    options(version, s, "latest");
    const compare = document.createElement("select");
    compare.id = "compare-" + s.id;
    options(compare, s, "none");
    const update = () => {
      const p = state.plotted.find((x) => x.id === s.id);
      if (p) {
        p.version = Number(version.value);
        p.compare = Number(compare.value);
        rebuild("version"); // the series change with the versions; the view stays
      }
    };
    version.addEventListener("change", update);
    compare.addEventListener("change", update);
    div.append("show ", version, " compare with ", compare);
    return div;
  }

  function toggle(id, on) {
    state.plotted = state.plotted.filter((p) => p.id !== id);
    if (on) {
      state.plotted.push({
        id,
        version: Number(($("version-" + id) || {}).value || 0),
        compare: Number(($("compare-" + id) || {}).value || 0),
      });
    }
    state.view = null;
    rebuild();
  }

  // ---- the chart --------------------------------------------------------------------------------

  function wholeRange() {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of state.plotted) {
      const s = state.streams.get(p.id);
      if (s && s.earliest != null) {
        lo = Math.min(lo, s.earliest);
        hi = Math.max(hi, s.latest);
      }
    }
    if (!isFinite(lo)) return null;
    // JSON numbers of nanoseconds are read as doubles (256 ns apart today): pad so that no edge point is lost
    return [lo - 1024, hi + 1024];
  }

  function seriesOf() {
    const series = [{}];
    const bands = [];
    state.plotted.forEach((p, i) => {
      const s = state.streams.get(p.id);
      const colour = COLOURS[i % COLOURS.length];
      const name = streamName(s);
      if (s.kind === "nominal") {
        series.push({label: name + " (labels)", stroke: "transparent", points: {show: false}});
        return;
      }
      const v = p.version ? " v" + p.version : "";
      series.push({label: name + v + " max", stroke: colour, width: 0, points: {show: false}});
      series.push({label: name + v, stroke: colour, width: 1.5});
      series.push({label: name + v + " min", stroke: colour, width: 0, points: {show: false}});
      bands.push({series: [series.length - 3, series.length - 1], fill: colour + "38"});
      if (p.compare) {
        series.push({label: name + " v" + p.compare, stroke: colour, width: 1.2, dash: [6, 4]});
      }
    });
    return {series, bands};
  }

  function rebuild(kind) {
    if (state.u) {
      state.u.destroy();
      state.u = null;
    }
    $("chart").textContent = "";
    $("labels").textContent = "";
    if (state.plotted.length === 0) return;
    const {series, bands} = seriesOf();
    const width = Math.max(300, $("chart").clientWidth - 2);
    const opts = {
      width,
      height: 420,
      series,
      bands,
      scales: {x: {time: true}},
      cursor: {drag: {x: true, y: false}},
      legend: {live: false},
      hooks: {
        drawClear: [drawChanges],
        draw: [drawLanes, drawn],
        setScale: [(u, key) => { if (key === "x" && userScale(u)) refetch("zoom"); }],
      },
    };
    const empty = series.map(() => []);
    state.u = new uPlot(opts, empty, $("chart"));
    state.u.over.addEventListener("wheel", wheel, {passive: false});
    refetch(kind || "load");
  }

  // Whether the x scale now differs from the view drawn: uPlot reports its own scale changes
  // (after setData, a microtask later) through the same hook as a user's zoom.
  function userScale(u) {
    const {min, max} = u.scales.x;
    if (min == null || !state.view) return false;
    const tol = (state.view[1] - state.view[0]) * 1e-6 + 1e3;
    return Math.abs(min * 1e9 - state.view[0]) > tol || Math.abs(max * 1e9 - state.view[1]) > tol;
  }

  function pixels() {
    return Math.max(1, Math.round(state.u.bbox.width / uPlot.pxRatio));
  }

  let timer = null;
  function refetch(kind) {
    if (!state.u) return;
    clearTimeout(timer);
    // a drag or a wheel turn fires several scale changes: fetch once they stop
    timer = setTimeout(() => load(kind), kind === "zoom" ? 30 : 0);
  }

  async function load(kind) {
    const u = state.u;
    if (kind === "zoom" && u.scales.x.min != null) {
      state.view = [u.scales.x.min * 1e9, u.scales.x.max * 1e9];
    }
    if (!state.view) state.view = wholeRange();
    if (!state.view) {
      status("nothing to plot: the streams have no points");
      return;
    }
    const seq = ++state.seq;
    // timed from here: the wait for a drag or wheel to stop (30 ms) is not counted
    state.pending = {t0: performance.now(), kind};
    const [start, end] = state.view;
    const px = pixels();
    const q = (v) => "start=" + nsParam(start) + "&end=" + nsParam(end) + "&pixels=" + px + "&version=" + v;
    status("loading…");
    try {
      const answers = await Promise.all(state.plotted.map(async (p) => {
        const base = "/plot/v1/streams/" + p.id;
        const data = await api(base + "/data?" + q(p.version));
        let other = null;
        let changes = null;
        if (p.compare) {
          other = await api(base + "/data?" + q(p.compare));
          const a = Math.min(p.compare, data.version);
          const b = Math.max(p.compare, data.version);
          changes = await api(base + "/changes?from=" + a + "&to=" + b);
        }
        return {p, data, other, changes};
      }));
      if (seq !== state.seq || u !== state.u) return; // a newer view was asked for meanwhile
      draw(answers, start, end);
    } catch (e) {
      status("error: " + e.message);
    }
  }

  // Columns [x, max, mean, min] of an answer (x in seconds); a missing window breaks the line.
  function numericTable(data) {
    const xs = [];
    const hi = [];
    const mid = [];
    const lo = [];
    const width = data.raw ? 0 : Math.pow(2, data.pointwidth);
    let prev = null;
    for (const r of data.rows) {
      if (width && prev !== null && r[0] - prev > width * 1.5) {
        xs.push((prev + width) / 1e9); hi.push(null); mid.push(null); lo.push(null);
      }
      xs.push(r[0] / 1e9);
      if (data.raw) {
        hi.push(r[1]); mid.push(r[1]); lo.push(r[1]);
      } else {
        hi.push(r[3]); mid.push(r[2]); lo.push(r[1]);
      }
      prev = r[0];
    }
    return [xs, hi, mid, lo];
  }

  function labelSegments(data) {
    const width = data.raw ? 0 : Math.pow(2, data.pointwidth);
    const rows = data.rows;
    const out = [];
    for (let i = 0; i < rows.length; i++) {
      const t = rows[i][0];
      const next = width ? t + width : (i + 1 < rows.length ? rows[i + 1][0] : data.end);
      out.push([t / 1e9, next / 1e9, rows[i][1] === null ? "null" : JSON.stringify(rows[i][1])]);
    }
    return out;
  }

  function draw(answers, start, end) {
    const u = state.u;
    const tables = [];
    state.lanes = [];
    state.changes = [];
    state.last = [];
    for (const {p, data, other, changes} of answers) {
      state.last.push({id: p.id, pointwidth: data.pointwidth, rows: data.rows.length, raw: data.raw,
        pixels: data.pixels, version: data.version});
      if (data.kind === "nominal") {
        state.lanes.push({name: streamName(state.streams.get(p.id)), segments: labelSegments(data)});
        const xs = data.rows.map((r) => r[0] / 1e9);
        tables.push([xs, xs.map(() => null)]);
        continue;
      }
      tables.push(numericTable(data));
      if (other) {
        const t = numericTable(other);
        tables.push([t[0], t[2]]);
      }
      if (changes) {
        for (const r of changes.ranges) state.changes.push([r[0] / 1e9, r[1] / 1e9]);
      }
    }
    const joined = tables.length === 1 ? tables[0] : uPlot.join(tables);
    let ymin = Infinity;
    let ymax = -Infinity;
    for (let i = 1; i < joined.length; i++) {
      for (const v of joined[i]) {
        if (v != null) {
          if (v < ymin) ymin = v;
          if (v > ymax) ymax = v;
        }
      }
    }
    if (!isFinite(ymin)) { ymin = 0; ymax = 1; }
    const pad = (ymax - ymin) * 0.05 || Math.abs(ymax) * 0.05 || 1;
    state.fetches++; // before the draw hook, which times this answer
    u.batch(() => {
      u.setData(joined, false);
      u.setScale("x", {min: start / 1e9, max: end / 1e9});
      // room at the bottom for the label strips
      const lanes = state.lanes.length * LANE / Math.max(1, u.bbox.height / uPlot.pxRatio);
      const span = ymax - ymin + 2 * pad;
      u.setScale("y", {min: ymin - pad - span * lanes / Math.max(0.1, 1 - lanes), max: ymax + pad});
    });
    legendOfLabels();
    const range = new Date(start / 1e6).toISOString() + " – " + new Date(end / 1e6).toISOString();
    $("range").textContent = range;
    const desc = state.last.map((l) => (l.raw ? "raw points" : "2^" + l.pointwidth + " ns windows") + ", "
      + l.rows + " rows").join("; ");
    status(desc);
  }

  // Called after every draw: the timings of the first picture and of each zoom.
  function drawn() {
    if (!state.pending || state.fetches === 0) return;
    const ms = performance.now() - state.pending.t0;
    if (state.pending.kind === "load" && state.perf.firstDraw === null) {
      // from the start of navigation: page, script, list, data and drawing together
      state.perf.firstDraw = performance.now();
    } else if (state.pending.kind !== "load") {
      state.perf.zooms.push({kind: state.pending.kind, ms, pointwidth: state.last.map((l) => l.pointwidth)});
    }
    state.pending = null;
  }

  // Each label keeps the colour it was first given, so that a strip reads the same after a zoom.
  const labelColours = new Map();
  function colourOf(label) {
    if (!labelColours.has(label)) {
      labelColours.set(label, LABEL_COLOURS[labelColours.size % LABEL_COLOURS.length]);
    }
    return labelColours.get(label);
  }

  function drawLanes(u) {
    const ctx = u.ctx;
    const r = uPlot.pxRatio;
    state.lanes.forEach((lane, i) => {
      const y = u.bbox.top + u.bbox.height - (i + 1) * LANE * r;
      ctx.save();
      ctx.beginPath();
      ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
      ctx.clip();
      for (const [a, b, label] of lane.segments) {
        const x0 = u.valToPos(a, "x", true);
        const x1 = u.valToPos(b, "x", true);
        ctx.fillStyle = colourOf(label);
        // whole pixels, so that neighbouring segments leave no seam between them
        ctx.fillRect(Math.floor(x0), y, Math.max(1, Math.ceil(x1) - Math.floor(x0)), (LANE - 2) * r);
      }
      ctx.restore();
    });
  }

  function drawChanges(u) {
    if (state.changes.length === 0) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = "rgba(255, 196, 0, 0.25)";
    for (const [a, b] of state.changes) {
      const x0 = Math.max(u.bbox.left, u.valToPos(a, "x", true));
      const x1 = Math.min(u.bbox.left + u.bbox.width, u.valToPos(b, "x", true));
      if (x1 >= x0) ctx.fillRect(x0, u.bbox.top, Math.max(2, x1 - x0), u.bbox.height);
    }
    ctx.restore();
  }

  function legendOfLabels() {
    const div = $("labels");
    div.textContent = "";
    for (const lane of state.lanes) {
      const seen = new Set(lane.segments.map((s) => s[2]));
      const head = document.createElement("strong");
      head.textContent = lane.name + ": ";
      div.append(head);
      [...seen].slice(0, 30).forEach((label) => {
        const span = document.createElement("span");
        const sw = document.createElement("i");
        sw.style.background = colourOf(label);
        span.append(sw, label);
        div.append(span);
      });
    }
  }

  // ---- zoom and pan -----------------------------------------------------------------------------

  function setView(min, max) {
    state.u.setScale("x", {min, max}); // the setScale hook fetches again
  }

  function wheel(e) {
    e.preventDefault();
    const u = state.u;
    const {min, max} = u.scales.x;
    const at = u.posToVal(e.offsetX, "x");
    const f = e.deltaY < 0 ? 0.75 : 1 / 0.75;
    setView(at - (at - min) * f, at + (max - at) * f);
  }

  function shift(fraction) {
    if (!state.u) return;
    const {min, max} = state.u.scales.x;
    const d = (max - min) * fraction;
    setView(min + d, max + d);
  }

  $("zoom-out").addEventListener("click", () => {
    if (!state.u) return;
    const {min, max} = state.u.scales.x;
    const d = (max - min) / 2;
    setView(min - d, max + d);
  });
  $("pan-left").addEventListener("click", () => shift(-0.5));
  $("pan-right").addEventListener("click", () => shift(0.5));
  $("whole").addEventListener("click", () => {
    const w = wholeRange();
    if (w) setView(w[0] / 1e9, w[1] / 1e9);
  });
  $("search").addEventListener("submit", search);
  window.addEventListener("resize", () => { if (state.plotted.length) rebuild(); });

  // ---- start: /?streams=ID,ID&collection=C plots those streams at once --------------------------

  async function start() {
    const params = new URLSearchParams(location.search);
    if (params.get("collection")) $("collection").value = params.get("collection");
    const ids = (params.get("streams") || "").split(",").filter((x) => x);
    const listed = search(); // the list and the streams asked for, at the same time
    if (ids.length) {
      const body = await api("/plot/v1/streams?id=" + ids.join(","));
      body.streams.forEach((s) => state.streams.set(s.id, s));
      for (const id of ids) {
        if (!state.streams.has(id)) continue;
        state.plotted.push({id, version: 0, compare: 0});
        const box = $("plot-" + id);
        if (box) box.checked = true;
      }
      rebuild();
    }
    await listed;
  }
  start().catch((e) => status("error: " + e.message));
})();
