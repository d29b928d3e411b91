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
  const nodes = new vis.DataSet(data.nodes.map((n) => {
    const style = kindStyle.get(n.kind);
    const mark = n.marks.includes("route") ? "#e53e3e" : n.marks.includes("gap") ? "#c53030" : n.marks.includes("connector") ? "#d69e2e" : style.color;
    return {
    id: n.id,
    label: (n.marks.includes("connector") ? "\u2605 " : "") + n.label,
    shape: style.shape,
    size: n.size,
    color: { background: style.color, border: mark, highlight: { background: style.color, border: "#1a202c" } },
    borderWidth: n.marks.length ? 4 : 1,
    shapeProperties: { borderDashes: n.marks.includes("gap") && !n.marks.includes("route") ? [6, 4] : false },
    title: tooltip([n.name + " (" + n.kind + ")"].concat(n.marks.map((m) => "marked: " + m))),
    };
  }));
  const edges = new vis.DataSet(data.edges.map((e) => ({
    id: e.id,
    from: e.from,
    to: e.to,
    arrows: relationStyle.get(e.relation).arrows,
    dashes: e.dashes,
    color: { color: relationStyle.get(e.relation).color, highlight: "#1a202c" },
    width: Math.min(1 + Math.log2(e.count), 6),
    title: tooltip([e.relation + (e.count > 1 ? " (x" + e.count + ")" : "")].concat(
      e.attrs.map((a) => a[0] + ": " + a[1]),
      evidenceOf(e.evidence).map((p) => p.source + (p.inferred ? " (inferred)" : "") + (p.snippet ? ': "' + p.snippet + '"' : "")))),
  })));

  const container = document.getElementById("network");
  const big = data.nodes.length > 400;
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    layout: { randomSeed: 7, improvedLayout: !big },
    nodes: { font: { size: 14, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { smooth: big ? false : { type: "continuous" }, font: { size: 10 } },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: big },
    physics: {
      solver: "barnesHut",
      barnesHut: { gravitationalConstant: big ? -6000 : -4000, springLength: big ? 90 : 140, damping: 0.35, avoidOverlap: 0.2 },
      // fewer iterations as the graph grows, so a map of thousands of nodes settles in seconds
      stabilization: { enabled: true, iterations: Math.round(Math.max(40, Math.min(600, 200000 / Math.max(1, data.nodes.length)))), updateInterval: 50, fit: true },
    },
  });
  const state = { network: network, nodes: nodes, edges: edges, settled: false, data: data };
  window.assetgraphMap = state;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    state.settled = true;
    document.body.setAttribute("data-settled", "yes");
  });

  // the legend
  const legend = document.getElementById("legend");
  for (const k of data.legend.kinds.filter((k) => k.kind !== "start")) {
    const item = el("li");
    const swatch = el("span", null, "swatch shape-" + k.shape);
    swatch.style.background = k.color;
    item.appendChild(swatch);
    item.appendChild(el("span", k.kind));
    legend.appendChild(item);
  }
  const legendEdges = document.getElementById("legend-edges");
  for (const r of data.legend.relations) {
    const item = el("li");
    const line = el("span", null, "line");
    line.style.background = r.color;
    item.appendChild(line);
    item.appendChild(el("span", r.relation));
    legendEdges.appendChild(item);
  }
  legendEdges.appendChild(el("li", "dashed: inferred only", "hint"));

  // the side panel
  const panel = document.getElementById("panel");
  function show(id) {
    const n = byId.get(id);
    panel.replaceChildren();
    if (!n) return;
    panel.appendChild(el("h2", n.name));
    panel.appendChild(el("p", n.kind + (n.folded ? " (stands for " + n.folded + " more)" : ""), "kind"));
    if (n.aliases.length) panel.appendChild(el("p", "Also: " + n.aliases.join("; ")));
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
        button.addEventListener("click", () => focusNode(other.id));
        li.appendChild(button);
        if (e.evidence.length) li.appendChild(evidenceList(evidenceOf(e.evidence)));
        list.appendChild(li);
      }
      panel.appendChild(list);
    }
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    show(id);
    state.focused = id;
  }
  network.on("click", (params) => { if (params.nodes.length) show(params.nodes[0]); });

  // search by name or alias
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  }
  const searchBox = document.getElementById("search");
  const searchInfo = document.getElementById("search-info");
  function search() {
    const q = fold(searchBox.value);
    if (!q) return;
    const candidates = data.nodes.filter((n) => !nodes.get(n.id).hidden);
    const names = (n) => [n.name].concat(n.aliases).map(fold);
    const hit = candidates.find((n) => names(n).includes(q)) || candidates.find((n) => names(n).some((x) => x.includes(q)));
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
  for (const k of data.legend.kinds.filter((k) => k.kind !== "start")) {
    const label = el("label");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = k.kind;
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
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
  function applyFilters() {
    const kinds = new Set(Array.from(kindBox.querySelectorAll("input:checked")).map((b) => b.value));
    const updates = data.nodes.map((n) => ({
      id: n.id,
      hidden: !(
        (n.kind === "start" || kinds.has(n.kind)) &&
        (!sector.value || n.kind !== "organisation" || n.sector === sector.value) &&
        (!place.value || n.places.includes(place.value) || n.kind === "theme" || n.kind === "start") &&
        (!theme.value || n.themes.includes(theme.value) || n.kind === "place" || n.kind === "start")
      ),
    }));
    nodes.update(updates);
    const shown = updates.filter((u) => !u.hidden).length;
    document.getElementById("shown").textContent = shown + " of " + updates.length + " nodes shown";
  }
  applyFilters();

  // overlays
  const overlay = document.getElementById("overlay");
  if (data.route) {
    overlay.appendChild(el("h3", "Route"));
    overlay.appendChild(el("p", data.route.explanation));
    const steps = el("ol");
    for (const [name, relation] of data.route.steps) steps.appendChild(el("li", relation + " \u2192 " + name));
    overlay.appendChild(steps);
    edges.update(data.route.edges.map((id) => ({ id: id, width: 5, color: { color: "#e53e3e" } })));
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
