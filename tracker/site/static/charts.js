// Draws every chart of the page with the site's own copy of plotly.js, from the figure
// JSON written beside it at publish time.
(function () {
  "use strict";
  if (typeof Plotly === "undefined") { return; }
  document.querySelectorAll("script.chart-data").forEach(function (script) {
    var name = script.getAttribute("data-for");
    var target = document.querySelector('.plot[data-chart="' + name + '"]');
    if (!target) { return; }
    var fig = JSON.parse(script.textContent);
    Plotly.newPlot(target, fig.data, fig.layout, { displaylogo: false, responsive: true });
  });
}());
