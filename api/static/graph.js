// Draws a directive's neighbourhood with Cytoscape.js (bundled: /static/vendor/cytoscape.min.js).
// The page works without it: every node drawn here is also a link in the lists below.
(function () {
  var box = document.getElementById("graph");
  var data = document.getElementById("graph-data");
  if (!box || !data || typeof cytoscape === "undefined") return;
  var g = JSON.parse(data.textContent);
  var colours = { Directive: "#2f6fb0", Body: "#b8860b", Task: "#2e8b57", Document: "#7a5195" };
  var elements = g.nodes.map(function (n) {
    return { data: { id: n.id, caption: n.caption, label: n.label, href: n.href, colour: colours[n.label] || "#888" } };
  }).concat(g.edges.map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, type: e.type } };
  }));
  var cy = cytoscape({
    container: box,
    elements: elements,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(caption)", "font-size": 10,
        "text-wrap": "ellipsis", "text-max-width": 110, color: "#1d2733", "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22 } },
      { selector: "node[label = 'Directive']", style: { shape: "round-rectangle", width: 28 } },
      { selector: "edge", style: { width: 1.5, "line-color": "#9aa6b2", "target-arrow-color": "#9aa6b2", "target-arrow-shape": "triangle",
        "curve-style": "bezier", label: "data(type)", "font-size": 7, color: "#5b6675", "text-rotation": "autorotate" } }
    ],
    layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90, randomize: false },
    wheelSensitivity: 0.3
  });
  cy.on("tap", "node", function (evt) {
    var href = evt.target.data("href");
    if (href && evt.target.id() !== g.nodes[0].id) window.location.href = href;
  });
  box.setAttribute("data-nodes", String(cy.nodes().length));
  window.directiveGraph = cy;
})();
