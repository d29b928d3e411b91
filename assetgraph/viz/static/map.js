// assetgraph map: reads the graph from a JSON block and draws it with vis-network.
// Every string from the data reaches the page through textContent or a canvas label, never
// through innerHTML, so names and quotes from any source stay text.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("assetgraph-data").textContent);
  // fields left out of the data are at their default; the label defaults to the name
  data.nodes = data.nodes.map((n) => Object.assign({}, data.node_defaults, { label: n.name }, n));

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  // a ticked box in its label, calling onChange when ticked or unticked
  function checkbox(value, onChange) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    if (value !== null) box.value = value;
    box.addEventListener("change", onChange);
    label.appendChild(box);
    return [label, box];
  }
  function safeLink(value) {
    // only http(s) links become clickable; anything else (javascript:, data:) stays text
    try {
      const url = new URL(String(value));
      if (url.protocol === "http:" || url.protocol === "https:") {
        const a = el("a", value);
        a.href = url.href;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        return a;
      }
    } catch (e) { /* not a URL: shown as text */ }
    return el("span", value);
  }
  function evidenceList(items) {
    const list = el("ul", null, "evidence");
    for (const p of items) {
      const li = el("li");
      li.appendChild(el("span", p.source + (p.locator ? ", " + p.locator : "") + (p.inferred ? " (inferred)" : ""), "source"));
      if (p.snippet) li.appendChild(el("q", p.snippet));
      list.appendChild(li);
    }
    return list;
  }
  function tooltip(lines) {
    const box = el("div", null, "tip");
    for (const line of lines) box.appendChild(el("div", line));
    return box;
  }

  document.getElementById("title").textContent = data.title;
  document.title = data.title;
  document.getElementById("summary").textContent = data.summary;
  const notes = document.getElementById("notes");
  for (const note of data.notes) notes.appendChild(el("p", note, "note"));
  if (data.sources.length) notes.appendChild(el("p", "Sources: " + data.sources.join("; "), "sources"));

  const kindStyle = new Map(data.legend.kinds.map((k) => [k.kind, k]));
  const relationStyle = new Map(data.legend.relations.map((r) => [r.relation, r]));
  const evidenceOf = (refs) => refs.map((i) => data.evidence[i]);
  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const ROUTE = data.legend.route;
  // a map of what changed: added outlined green, changed outlined orange (dashed), removed faded
  const CHANGE = { added: "#2f855a", changed: "#dd6b20", removed: "#a0aec0" };
  // the graph is laid out without its overlays (a route's start, the marks), which are drawn
  // once it has settled: the same graph gets the same positions whatever is asked of it
  const overlaid = (n) => n.kind === "start";
  function nodeView(n, marked) {
    const style = kindStyle.get(n.kind);
    const marks = marked ? n.marks : [];
    const mark = marks.includes("route") ? ROUTE : marks.includes("gap") ? "#c53030" : marks.includes("connector") ? "#d69e2e"
      : marks.includes("added") ? CHANGE.added : marks.includes("changed") ? CHANGE.changed : style.color;
    const view = {
      id: n.id,
      label: (marks.includes("connector") ? "\u2605 " : "") + n.label,
      shape: style.shape,
      value: n.size + (marked ? n.emphasis : 0),
      color: { background: style.color, border: mark, highlight: { background: style.color, border: "#1a202c" } },
      borderWidth: marks.length ? 4 : 1,
      shapeProperties: { borderDashes: marks.includes("gap") && !marks.includes("route") ? [6, 4] : false },
      title: tooltip([n.name + " (" + n.kind + ")"].concat(marks.map((m) => "marked: " + m))),
    };
    if (marks.includes("removed")) {
      // what the newer map no longer holds: drawn faded
      view.opacity = 0.3;
      view.shapeProperties = { borderDashes: [4, 4] };
    }
    if (marks.includes("changed")) view.shapeProperties = { borderDashes: [6, 3] };
    if (n.x !== undefined) {
      // laid out before the page opened; by geography, held at its grid reference
      Object.assign(view, { x: n.x, y: n.y, fixed: data.layout === "geo" });
    }
    if (n.kind === "start") {
      view.font = { color: "#1a202c", size: 30 };
      view.value = 40;
      view.borderWidth = 3;
      view.color = { background: "#ffffff", border: ROUTE };
    }
    return view;
  }
  const nodes = new vis.DataSet(data.nodes.filter((n) => !overlaid(n)).map((n) => nodeView(n, false)));
  const overlayEdge = (e) => byId.get(e.from).kind === "start" || !relationStyle.has(e.relation) || e.route;
  function edgeView(e) {
    return {
    id: e.id,
    from: e.from,
    to: e.to,
    relation: e.relation,
    arrows: (relationStyle.get(e.relation) || { arrows: "to" }).arrows,
    dashes: e.dashes,
    color: { color: (relationStyle.get(e.relation) || { color: ROUTE }).color, highlight: "#1a202c" },
    width: Math.min(1 + Math.log2(e.count), 6),
    title: tooltip([e.relation + (e.count > 1 ? " (x" + e.count + ")" : "")].concat(
      e.attrs.map((a) => a[0] + ": " + a[1]),
      evidenceOf(e.evidence).map((p) => p.source + (p.inferred ? " (inferred)" : "") + (p.snippet ? ': "' + p.snippet + '"' : "")))),
    };
  }
  const edges = new vis.DataSet(data.edges.filter((e) => !overlayEdge(e)).map(edgeView));

  const container = document.getElementById("network");
  const big = data.nodes.length > 400;
  // a large map comes laid out (as does a map by geography): drawn at once, no physics to wait for
  const positioned = data.nodes.every((n) => n.x !== undefined || overlaid(n));
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    layout: { randomSeed: 7, improvedLayout: !big },
    // node sizes by how connected a node is; label sizes are set per node once laid out
    nodes: {
      font: { size: 16, strokeWidth: 4, strokeColor: "#ffffff", color: "#1a202c" },
      scaling: { min: 10, max: 40, label: { enabled: false } },
    },
    edges: { smooth: big ? false : { type: "continuous" }, font: { size: 10 } },
    // arrow keys move the drawing and = and - zoom it while it has the keyboard's focus
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big, keyboard: { enabled: true, bindToWindow: false, autoFocus: false, speed: { x: 20, y: 20, zoom: 0.05 } } },
    physics: {
      enabled: !positioned,
      solver: "barnesHut",
      barnesHut: {
        gravitationalConstant: big ? -5000 : -3500, centralGravity: 0.5, springLength: big ? 90 : 110, damping: 0.35, avoidOverlap: 0.6,
      },
      // fewer iterations as the graph grows, so a map of thousands of nodes settles in seconds
      stabilization: { enabled: true, iterations: Math.round(Math.max(40, Math.min(600, 200000 / Math.max(1, data.nodes.length)))), updateInterval: 50, fit: true },
    },
  });
  const state = {
    network: network, nodes: nodes, edges: edges, settled: false, data: data, labelled: new Map(), fontSizes: new Map(),
  };
  window.assetgraphMap = state;
  // when the page first drew the network, and when it had settled (ms since navigation), for benchmarks
  state.timing = {};
  network.once("afterDrawing", () => { state.timing.drawn = performance.now(); });
  network.on("stabilizationIterationsDone", settle);
  if (positioned) network.once("afterDrawing", settle);
  function settle() {
    // vis may say so again while physics is being switched off: the first time counts
    if (state.settled || state.settling) return;
    state.settling = true;
    state.timing.stabilized = performance.now();
    network.setOptions({ physics: false });
    drawOverlays();
    showWhole();
    applyFilters();
    relabel(() => {
      state.settled = true;
      state.timing.settled = performance.now();
      document.body.setAttribute("data-settled", "yes");
    });
  }
  network.on("dragEnd", () => { if (state.settled) declutter(); });
  // labels keep their size on screen (10 to 17 px, by how connected a node is) at any zoom, so
  // zooming in spreads the nodes under them and makes room for more; a label is drawn only
  // where it clears the labels of more important nodes (marked ones, then the most connected)
  function relabel(then) {
    state.labelling = true;
    sizeLabels();
    thickenRoute();
    // label sizes are measured as they are drawn: declutter once a drawing shows the new sizes
    let rounds = 0;
    const pass = () => setTimeout(() => {
      network.once("afterDrawing", () => {
        if (!declutter() && ++rounds < 5) return pass();
        state.labelling = false;
        state.relabelled = (state.relabelled || 0) + 1;
        if (then) then();
      });
      network.redraw();
    }, 0);
    pass();
  }
  function fontOf(id, shown) {
    const n = byId.get(id);
    return {
      size: state.fontSizes.get(id),
      color: shown ? "#1a202c" : "rgba(0,0,0,0)",
      strokeColor: shown ? "#ffffff" : "rgba(0,0,0,0)",
      strokeWidth: 4,
      vadjust: n.kind === "start" ? 0 : 2,
    };
  }
  // the route is drawn 6 px wide on screen at any zoom (a map of one council is drawn small)
  function thickenRoute() {
    if (data.route && state.settling) {
      edges.update(data.route.edges.map((id) => ({ id: id, width: Math.max(6, 6 / network.getScale()) })));
    }
  }
  function sizeLabels() {
    const scale = network.getScale();
    const ids = nodes.getIds();
    const values = ids.map((id) => Math.sqrt(nodes.get(id).value || 0));
    const low = Math.min(...values), high = Math.max(...values);
    state.fontSizes = new Map(ids.map((id, i) => [
      id,
      (byId.get(id).kind === "start" ? 18 : 10 + (high > low ? (7 * (values[i] - low)) / (high - low) : 0)) / scale,
    ]));
    nodes.update(ids.map((id) => ({ id: id, font: fontOf(id, state.labelled.get(id) !== false) })));
  }
  // true once the drawn label sizes match the sizes asked for, having chosen which to show
  // an overview labels its most connected nodes at every zoom: theirs are placed before the rest
  const alwaysLabelled = new Set(data.labelled || []);
  function declutter() {
    const scale = network.getScale();
    const importance = (id) => (id === state.focused ? 1e9 : 0) + (byId.get(id).marks.length ? 1e6 : 0)
      + (alwaysLabelled.has(id) ? 1e5 : 0) + (nodes.get(id).value || 0);
    // only the nodes in view: vis measures a label when it draws it, and draws what is in view
    const view = container.getBoundingClientRect();
    const inView = (id) => {
      const at = network.canvasToDOM(network.body.nodes[id]);
      return at.x >= 0 && at.y >= 0 && at.x <= view.width && at.y <= view.height;
    };
    const drawn = nodes.getIds().filter((id) => !nodes.get(id).hidden && network.body.nodes[id] && inView(id));
    const stale = drawn.some((id) => Math.abs(network.body.nodes[id].labelModule.size.height - state.fontSizes.get(id)) > state.fontSizes.get(id) * 0.5);
    if (stale) return false;
    drawn.sort((a, b) => importance(b) - importance(a) || (a < b ? -1 : 1));
    const kept = [];
    const updates = [];
    for (const id of drawn) {
      const n = network.body.nodes[id];
      const size = n.labelModule.size;
      const corner = network.canvasToDOM({ x: n.x - size.width / 2, y: size.top });
      const box = { x: corner.x, y: corner.y, w: size.width * scale, h: size.height * scale };
      const clear = !kept.some((k) => box.x < k.x + k.w && k.x < box.x + box.w && box.y < k.y + k.h && k.y < box.y + box.h);
      if (clear) kept.push(box);
      const shown = clear || byId.get(id).kind === "start" || id === state.focused;
      if (state.labelled.get(id) !== shown) {
        state.labelled.set(id, shown);
        updates.push({ id: id, font: fontOf(id, shown) });
      }
    }
    nodes.update(updates);
    state.labels = kept.length;
    return true;
  }
  let declutterTimer = null;
  network.on("zoom", () => {
    clearTimeout(declutterTimer);
    declutterTimer = setTimeout(() => relabel(), 120);
  });

  function drawOverlays() {
    nodes.update(data.nodes.filter((n) => !overlaid(n) && n.marks.length).map((n) => nodeView(n, true)));
    const placed = network.getPositions();
    for (const n of data.nodes.filter(overlaid)) {
      const first = data.edges.find((e) => e.from === n.id);
      const at = first && placed[first.to] ? placed[first.to] : { x: 0, y: 0 };
      nodes.add(Object.assign(nodeView(n, true), { x: at.x, y: at.y + 160 }));
    }
    edges.add(data.edges.filter(overlayEdge).map(edgeView));
    edges.update(data.edges.filter((e) => e.mark).map((e) => ({
      id: e.id,
      width: e.mark === "removed" ? 1 : 4,
      dashes: e.mark === "removed" ? [3, 5] : e.dashes,
      color: { color: CHANGE[e.mark], opacity: e.mark === "removed" ? 0.4 : 1 },
    })));
    if (data.route) edges.update(data.route.edges.map((id) => ({ id: id, color: { color: ROUTE } })));
    thickenRoute();
  }

  // the legend: each kind and relation drawn with how many, what was folded or left out (in
  // words), and every mark; a relation's box hides or shows its ties
  const legend = document.getElementById("legend");
  const shownKinds = data.legend.kinds.filter((k) => k.kind !== "start" && k.drawn);
  for (const k of shownKinds) {
    const item = el("li");
    const swatch = el("span", null, "swatch shape-" + k.shape);
    swatch.style.background = k.color;
    item.appendChild(swatch);
    item.appendChild(el("span", k.kind, "name"));
    item.appendChild(el("span", k.drawn.toLocaleString("en-GB") + " drawn", "count"));
    legend.appendChild(item);
  }
  const legendEdges = document.getElementById("legend-edges");
  for (const r of data.legend.relations.filter((r) => r.drawn)) {
    const item = el("li");
    const [label] = checkbox(r.relation, applyFilters);
    const line = el("span", null, "line");
    line.style.background = r.color;
    label.appendChild(line);
    label.appendChild(el("span", r.relation));
    label.appendChild(el("span", r.drawn.toLocaleString("en-GB") + (r.drawn === 1 ? " tie" : " ties"), "count"));
    item.appendChild(label);
    legendEdges.appendChild(item);
  }
  legendEdges.appendChild(el("li", "dashed: inferred only; a thicker line: several claims of one tie", "hint"));
  const legendMarks = document.getElementById("legend-marks");
  for (const m of data.legend.marks) {
    const item = el("li");
    const swatch = el("span", null, "swatch mark-" + m.mark);
    swatch.style.borderColor = m.mark === "route" ? ROUTE : CHANGE[m.mark] || (m.mark === "gap" ? "#c53030" : "#d69e2e");
    item.appendChild(swatch);
    item.appendChild(el("span", m.meaning));
    legendMarks.appendChild(item);
  }
  const explained = document.getElementById("legend-notes");
  for (const line of data.legend.explained) explained.appendChild(el("p", line, "hint"));

  // the side panel
  const panel = document.getElementById("panel");
  function show(id) {
    const n = byId.get(id);
    panel.replaceChildren();
    if (!n) return;
    // the heading takes the focus when the panel is opened from the keyboard
    panel.appendChild(el("h2", n.name)).tabIndex = -1;
    panel.appendChild(el("p", n.kind + (n.folded ? " (stands for " + n.folded + " more)" : ""), "kind"));
    if (n.aliases.length) panel.appendChild(el("p", "Also: " + n.aliases.join("; ")));
    if (n.members.length) {
      panel.appendChild(el("h3", "Folded into it (" + n.members.length + ")"));
      const list = el("ul", null, "members");
      list.tabIndex = 0; // it scrolls: the keyboard can too
      for (const [name, kind] of n.members) list.appendChild(el("li", name + " (" + kind + ")"));
      panel.appendChild(list);
    }
    const table = el("table");
    for (const [k, v] of n.attrs) {
      const row = el("tr");
      row.appendChild(el("th", k));
      const cell = el("td");
      cell.appendChild(k === "url" ? safeLink(v) : el("span", v));
      row.appendChild(cell);
      table.appendChild(row);
    }
    panel.appendChild(table);
    if (n.evidence.length) {
      panel.appendChild(el("h3", "Evidence"));
      panel.appendChild(evidenceList(evidenceOf(n.evidence)));
    }
    const rels = data.edges.filter((e) => e.from === id || e.to === id);
    if (rels.length) {
      panel.appendChild(el("h3", "Relations"));
      const list = el("ul", null, "relations");
      for (const e of rels) {
        const other = byId.get(e.from === id ? e.to : e.from);
        const li = el("li");
        const button = el("button", (e.from === id ? "\u2192 " : "\u2190 ") + e.relation + " " + (other ? other.name : ""), "link");
        button.addEventListener("click", () => focusNode(other.id, true));
        li.appendChild(button);
        if (e.evidence.length) li.appendChild(evidenceList(evidenceOf(e.evidence)));
        list.appendChild(li);
      }
      panel.appendChild(list);
    }
  }
  // focusing changes the zoom without a zoom event: the labels are sized and chosen again for
  // the new view, the focused node's first; chosen from a button, the keyboard's focus moves to
  // the panel (the button may be gone with the panel it stood in)
  function focusNode(id, moveFocus) {
    state.focused = id;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    show(id);
    if (moveFocus) panel.querySelector("h2").focus();
    if (state.settled) relabel();
  }
  network.on("click", (params) => { if (params.nodes.length) show(params.nodes[0]); });

  // search by name or alias
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  }
  const searchBox = document.getElementById("search");
  const searchInfo = document.getElementById("search-info");
  const namesOf = (n) => [n.name].concat(n.aliases).map(fold);
  function search() {
    const q = fold(searchBox.value);
    if (!q) return;
    const candidates = data.nodes.filter((n) => !nodes.get(n.id).hidden);
    const hit = candidates.find((n) => namesOf(n).includes(q)) || candidates.find((n) => namesOf(n).some((x) => x.includes(q)));
    if (hit) {
      focusNode(hit.id);
      searchInfo.textContent = "";
    } else {
      searchInfo.textContent = "No match";
    }
  }
  document.getElementById("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search(); });

  // filters
  function options(select, values) {
    for (const [value, label] of values) {
      const opt = el("option", label);
      opt.value = value;
      select.appendChild(opt);
    }
  }
  const kindBox = document.getElementById("kinds");
  for (const k of shownKinds) {
    const [label] = checkbox(k.kind, applyFilters);
    label.appendChild(el("span", k.kind));
    kindBox.appendChild(label);
  }
  const sector = document.getElementById("sector");
  const place = document.getElementById("place");
  const theme = document.getElementById("theme");
  options(sector, data.filters.sectors.map((s) => [s, s]));
  options(place, data.filters.places);
  options(theme, data.filters.themes);
  for (const select of [sector, place, theme]) select.addEventListener("change", applyFilters);
  const filterable = new Set(data.legend.relations.filter((r) => r.drawn).map((r) => r.relation));
  // what each filter hides, by id: only the nodes and ties whose state changes are updated, as
  // vis redraws each one updated (all 5,000 nodes and 16,000 ties of a large map took 5 s)
  const hiddenNow = new Map();
  const relationOf = new Map(data.edges.map((e) => [e.id, e.relation]));
  function changed(ids, hiddenOf) {
    const updates = [];
    for (const id of ids) {
      const hidden = hiddenOf(id);
      if ((hiddenNow.get(id) || false) !== hidden) updates.push({ id: id, hidden: hidden });
      hiddenNow.set(id, hidden);
    }
    return updates;
  }
  function applyFilters() {
    const kinds = new Set(Array.from(kindBox.querySelectorAll("input:checked")).map((b) => b.value));
    // only the nodes drawn so far: a route's start joins once the map has settled
    const ids = nodes.getIds();
    nodes.update(changed(ids, (id) => {
      const n = byId.get(id);
      return !(
        (n.kind === "start" || kinds.has(n.kind)) &&
        (!sector.value || n.kind !== "organisation" || n.sector === sector.value) &&
        (!place.value || n.places.includes(place.value) || n.kind === "theme" || n.kind === "start") &&
        (!theme.value || n.themes.includes(theme.value) || n.kind === "place" || n.kind === "start")
      );
    }));
    const relations = new Set(Array.from(legendEdges.querySelectorAll("input:checked")).map((b) => b.value));
    edges.update(changed(edges.getIds(), (id) => filterable.has(relationOf.get(id)) && !relations.has(relationOf.get(id))));
    const shown = ids.filter((id) => !hiddenNow.get(id)).length;
    document.getElementById("shown").textContent = shown + " of " + ids.length + " nodes shown";
  }
  applyFilters();

  // the layout: by the ties (as laid out at first), or in one cluster per group (an
  // organisation's sector, else its kind), the most connected at each cluster's centre
  const layoutBox = document.getElementById("layout");
  const groupOf = (n) => n.sector || n.kind;
  let byTies = null;
  // each cluster's name and size above it, at a constant size on screen
  state.groupTitles = [];
  network.on("afterDrawing", (ctx) => {
    if (state.layout !== "group") return;
    const size = 16 / network.getScale();
    ctx.save();
    ctx.font = "600 " + size + "px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.lineWidth = size / 3;
    ctx.strokeStyle = "#ffffff";
    ctx.fillStyle = "#1a202c";
    for (const t of state.groupTitles) {
      ctx.strokeText(t.title, t.x, t.y);
      ctx.fillText(t.title, t.x, t.y);
    }
    ctx.restore();
  });
  function layOut() {
    if (!state.settled) return;
    byTies = byTies || network.getPositions();
    const ids = nodes.getIds().filter((id) => byId.get(id).kind !== "start");
    if (layoutBox.value === "group") {
      const groups = new Map();
      for (const id of ids) {
        const g = groupOf(byId.get(id));
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(id);
      }
      const names = Array.from(groups.keys()).sort();
      const columns = Math.ceil(Math.sqrt(names.length));
      const spacing = 60;
      const cell = 2.4 * spacing * Math.sqrt(Math.max(...names.map((g) => groups.get(g).length)));
      state.groupTitles = names.map((g, i) => ({
        group: g,
        title: g + " (" + groups.get(g).length.toLocaleString("en-GB") + ")",
        x: (i % columns) * cell,
        y: Math.floor(i / columns) * cell - spacing * (Math.sqrt(groups.get(g).length) + 0.6),
      }));
      names.forEach((g, i) => {
        const members = groups.get(g).sort((a, b) => (nodes.get(b).value || 0) - (nodes.get(a).value || 0));
        const cx = (i % columns) * cell, cy = Math.floor(i / columns) * cell;
        // a sunflower spiral: evenly spread, the first at the centre
        members.forEach((id, k) => network.moveNode(id, cx + spacing * Math.sqrt(k) * Math.cos(k * 2.39996),
          cy + spacing * Math.sqrt(k) * Math.sin(k * 2.39996)));
      });
    } else if (layoutBox.value === "geo") {
      for (const id of ids) network.moveNode(id, data.geo.positions[id][0], data.geo.positions[id][1]);
    } else {
      for (const id of ids) network.moveNode(id, byTies[id].x, byTies[id].y);
    }
    state.layout = layoutBox.value;
    showUnderlay(state.layout === "geo");
    showWhole();
    relabel();
  }
  layoutBox.addEventListener("change", layOut);
  // a map laid out by geography keeps its places where they are; one laid out by its ties
  // may switch to geography where its nodes have grid references
  state.layout = data.layout === "geo" ? "geo" : "ties";
  if (data.layout === "geo") layoutBox.disabled = true;
  else if (data.geo) {
    const option = el("option", "by geography: " + data.geo.placed.toLocaleString("en-GB") + " at their postcode, over the outlines");
    option.value = "geo";
    layoutBox.appendChild(option);
  }

  // a map laid out by geography: the outlines as an inline SVG under the drawing (vis draws on
  // a transparent canvas), moved with it before every drawing, so they pan and zoom together.
  // The canvas takes the pointer: the area under it is found by elementsFromPoint and named
  // from its path's title, which screen readers read as they are
  if (data.geo) {
    drawUnderlay(data.geo);
    showUnderlay(state.layout === "geo");
  }
  // the outlines, their attribution and the wards' box, shown only while laid out by geography
  function showUnderlay(shown) {
    for (const part of state.underlay || []) part.style.display = shown ? "" : "none";
  }
  function drawUnderlay(geo) {
    const NS = "http://www.w3.org/2000/svg";
    function svgEl(tag, attrs, text) {
      const node = document.createElementNS(NS, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text !== undefined) node.textContent = String(text);
      return node;
    }
    function layer(paths, cls) {
      const g = svgEl("g", { class: cls });
      for (const p of paths) {
        const path = svgEl("path", { d: p.d, class: "area " + p.kind, "data-code": p.code });
        path.appendChild(svgEl("title", {}, p.title + " (" + p.code + ")"));
        g.appendChild(path);
      }
      return g;
    }
    const svg = svgEl("svg", { id: "underlay", role: "group", "aria-label": "Outlines of " + geo.areas.length + " areas" });
    const moved = svgEl("g", {});
    moved.appendChild(layer(geo.areas, "areas"));
    const wards = layer(geo.wards, "wards");
    moved.appendChild(wards);
    if (geo.side) {
      const s = geo.side;
      moved.appendChild(svgEl("rect", { class: "side", x: s.x, y: s.y, width: s.width, height: s.height }));
      const lines = ["Set apart:"];
      if (s.no_reference) lines.push(s.no_reference.toLocaleString("en-GB") + " with no postcode placed");
      if (s.outside) lines.push(s.outside.toLocaleString("en-GB") + " outside the area drawn");
      lines.forEach((line, i) => moved.appendChild(svgEl("text", { class: "side", x: s.x, y: s.y - 12 - 40 * (lines.length - 1 - i) }, line)));
    }
    svg.appendChild(moved);
    container.insertBefore(svg, container.firstChild);
    let shown = "";
    network.on("beforeDrawing", () => {
      const origin = network.canvasToDOM({ x: 0, y: 0 });
      const transform = "translate(" + origin.x + " " + origin.y + ") scale(" + network.getScale() + ")";
      if (transform !== shown) moved.setAttribute("transform", (shown = transform));
    });
    const tip = el("p", null, "area-tip");
    tip.setAttribute("role", "status");
    container.appendChild(tip);
    let hovered = null, pending = false;
    container.addEventListener("mousemove", (ev) => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        const hit = document.elementsFromPoint(ev.clientX, ev.clientY).find((n) => n.classList && n.classList.contains("area"));
        if (hit === hovered) return;
        if (hovered) hovered.classList.remove("hover");
        hovered = hit || null;
        if (hovered) hovered.classList.add("hover");
        tip.textContent = hovered ? hovered.querySelector("title").textContent : "";
      });
    });
    const attribution = el("p", geo.attribution, "attribution");
    container.appendChild(attribution);
    state.underlay = [svg, tip, attribution];
    if (geo.wards.length) {
      const [label, box] = checkbox(null, () => { wards.style.display = box.checked ? "" : "none"; });
      label.className = "wards-toggle";
      label.appendChild(el("span", "Wards (" + geo.wards.length.toLocaleString("en-GB") + ", dashed lines)"));
      document.getElementById("legend-notes").appendChild(label);
      state.underlay.push(label);
    }
  }

  // the whole drawing in view with a margin, nothing cut at the edges
  function showWhole() {
    if (state.layout === "geo") return showOutlines();
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.9, animation: false });
  }
  // a map by geography shows its outlines whole, and every node
  function showOutlines() {
    const xs = [0, data.geo.extent[0]], ys = [0, data.geo.extent[1]];
    const side = data.geo.side;
    if (side) { xs.push(side.x + Math.max(side.width, 420)); ys.push(side.y - 120, side.y + side.height); }
    for (const at of Object.values(network.getPositions())) { xs.push(at.x); ys.push(at.y); }
    const [left, right, top, bottom] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const view = container.getBoundingClientRect();
    const scale = 0.92 * Math.min(view.width / Math.max(1, right - left), view.height / Math.max(1, bottom - top));
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: scale, animation: false });
  }

  // the map in words: every node drawn with its kind, marks and ties, to read, filter and choose
  // by keyboard or screen reader; choosing one focuses it on the map and opens its panel
  const frame = container.querySelector(".vis-network");
  frame.setAttribute("role", "img");
  frame.setAttribute("aria-label", "The map: a drawing of " + nodes.length.toLocaleString("en-GB")
    + " nodes and their ties (arrow keys move it, = and - zoom). The list 'Nodes on the map' gives them in words.");
  document.getElementById("skip").addEventListener("click", () => document.getElementById("node-list-box").focus());
  document.getElementById("fit").addEventListener("click", () => {
    state.focused = null;
    network.unselectAll();
    showWhole();
    if (state.settled) relabel();
  });
  const nodeList = document.getElementById("node-list");
  const nodeFilter = document.getElementById("node-filter");
  const nodeCount = document.getElementById("node-count");
  const ties = new Map();
  for (const e of data.edges) for (const end of [e.from, e.to]) ties.set(end, (ties.get(end) || 0) + 1);
  const entries = new Map();
  for (const n of data.nodes.slice().sort((a, b) => a.name.localeCompare(b.name, "en-GB"))) {
    const tied = ties.get(n.id) || 0;
    const about = [n.kind === "start" ? "where the route starts" : n.kind + (n.sector ? ", " + n.sector : ""),
      tied.toLocaleString("en-GB") + (tied === 1 ? " tie" : " ties")];
    if (n.folded) about.push("stands for " + n.folded.toLocaleString("en-GB") + " more");
    if (n.marks.length) about.push("marked: " + n.marks.join(", "));
    const button = el("button", null, "link");
    button.type = "button";
    button.appendChild(el("span", n.name, "name"));
    button.appendChild(el("span", about.join("; "), "about"));
    button.addEventListener("click", () => focusNode(n.id, true));
    const item = el("li");
    item.appendChild(button);
    nodeList.appendChild(item);
    entries.set(n.id, { item: item, names: namesOf(n) });
  }
  // an entry is listed while its node is drawn and not hidden by a filter, and matches the text
  function listNodes() {
    const q = fold(nodeFilter.value);
    let listed = 0;
    for (const [id, entry] of entries) {
      const drawn = nodes.get(id);
      entry.item.hidden = !(drawn && !drawn.hidden && (!q || entry.names.some((x) => x.includes(q))));
      if (!entry.item.hidden) listed += 1;
    }
    nodeCount.textContent = listed.toLocaleString("en-GB") + " of " + nodes.length.toLocaleString("en-GB") + " nodes listed";
  }
  nodeFilter.addEventListener("input", listNodes);
  nodes.on("add", listNodes);
  nodes.on("update", (event, props) => { if (props.data.some((d) => "hidden" in d)) listNodes(); });
  listNodes();

  // overlays
  const overlay = document.getElementById("overlay");
  if (data.route) {
    overlay.appendChild(el("h3", "Route"));
    overlay.appendChild(el("p", data.route.explanation));
    const steps = el("ol");
    for (const [name, relation] of data.route.steps) steps.appendChild(el("li", relation + " \u2192 " + name));
    overlay.appendChild(steps);
  }
  if (data.changes && data.changes.rows.length) {
    // every change the comparison found, counted, then listed by change; a drawn one focuses its node
    overlay.appendChild(el("h3", "What changed (" + data.changes.rows.length.toLocaleString("en-GB") + ")"));
    const table = el("table", null, "change-counts");
    const head = el("tr");
    for (const h of ["change", "nodes", "ties", "answers"]) head.appendChild(el("th", h));
    table.appendChild(head);
    for (const c of data.changes.counts) {
      const row = el("tr");
      for (const v of [c.change, c.nodes, c.ties, c.answers]) row.appendChild(el("td", v.toLocaleString("en-GB")));
      table.appendChild(row);
    }
    overlay.appendChild(table);
    for (const c of data.changes.counts) {
      const rows = data.changes.rows.filter((r) => r.change === c.change);
      const group = el("details", null, "changes");
      group.open = rows.length <= 50;
      group.appendChild(el("summary", c.change + " (" + rows.length.toLocaleString("en-GB") + ")"));
      const list = el("ul", null, "changes");
      list.tabIndex = 0; // it scrolls: the keyboard can too
      for (const r of rows) {
        const li = el("li");
        const text = r.name + " (" + r.kind + (r.fields ? ": " + r.fields : "") + ")";
        if (r.id && byId.has(r.id)) {
          const button = el("button", text, "link");
          button.addEventListener("click", () => focusNode(r.id, true));
          li.appendChild(button);
        } else {
          li.appendChild(el("span", text));
        }
        list.appendChild(li);
      }
      group.appendChild(list);
      overlay.appendChild(group);
    }
  }
  if (data.connectors.length) {
    overlay.appendChild(el("h3", "Top connectors"));
    const list = el("ol");
    for (const c of data.connectors) list.appendChild(el("li", c.explanation));
    overlay.appendChild(list);
  }
  if (data.gaps.length) {
    overlay.appendChild(el("h3", "Gaps (" + data.gaps.length + ")"));
    const list = el("ul");
    for (const g of data.gaps.slice(0, 50)) list.appendChild(el("li", g.kind + ": " + g.why));
    overlay.appendChild(list);
  }
})();
