// The areas page: a click, or Enter or Space on a focused area, shows its small profile in the
// side panel; every name is set as text. The drawing itself is the page's inline SVG.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("areas-data").textContent);
  var ring = document.getElementById("focus-ring");
  var title = document.getElementById("panel-title");
  var body = document.getElementById("panel-body");

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function listed(label, found) {
    var part = el("div");
    part.appendChild(el("h3", label + ": " + found.count));
    if (found.names.length) {
      var list = el("ul");
      found.names.forEach(function (name) { list.appendChild(el("li", name)); });
      if (found.more) list.appendChild(el("li", "and " + found.more + " more"));
      part.appendChild(list);
    }
    return part;
  }

  function show(path) {
    var area = data.areas[path.getAttribute("data-code")];
    if (!area) return;
    ring.setAttribute("d", path.getAttribute("d"));
    ring.setAttribute("class", "on");
    title.textContent = area.title;
    body.replaceChildren();
    body.appendChild(el("p", "Code " + area.code + "; " + area.deprivation + "."));
    if (data.theme) body.appendChild(el("p", data.theme + ": " + area.status + " (" + area.status_words + ")."));
    body.appendChild(listed("Providers inside", area.inside));
    if (data.theme) body.appendChild(listed("Serving it only from a wider area", area.serving));
    var gaps = el("div");
    gaps.appendChild(el("h3", area.gaps.length ? "Gap" : "No gap flagged"));
    var list = el("ul");
    area.gaps.forEach(function (why) { list.appendChild(el("li", why)); });
    if (area.more_gaps) list.appendChild(el("li", "and " + area.more_gaps + " more"));
    gaps.appendChild(list);
    body.appendChild(gaps);
    body.setAttribute("data-code", area.code);
  }

  var areas = document.getElementById("areas");
  areas.addEventListener("click", function (event) {
    if (event.target.classList.contains("area")) show(event.target);
  });
  areas.addEventListener("keydown", function (event) {
    if ((event.key === "Enter" || event.key === " ") && event.target.classList.contains("area")) {
      event.preventDefault();
      show(event.target);
    }
  });
  areas.addEventListener("focusin", function (event) {
    if (event.target.classList.contains("area")) {
      ring.setAttribute("d", event.target.getAttribute("d"));
      ring.setAttribute("class", "");
    }
  });
  window.assetgraphMap = { settled: true, show: show };
})();
