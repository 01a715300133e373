// Charts: each <div class="chart" data-chart="ID"> draws the JSON in <script id="ID">.
// Plotly is loaded only on pages with charts; tables beside each chart carry the same data.
function drawCharts(root) {
  if (!window.Plotly) return;
  root.querySelectorAll("div.chart[data-chart]").forEach(function (el) {
    if (el.dataset.drawn) return;
    var source = document.getElementById(el.dataset.chart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    el.dataset.drawn = "1";
    // No mode bar: its buttons are English, one offers to share the chart online, and buttons
    // inside a role="img" chart are nested interactive controls (WCAG). The table has the data.
    window.Plotly.newPlot(el, spec.data, spec.layout || {}, {displayModeBar: false, responsive: true, locale: "sv"});
  });
}
document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
document.addEventListener("htmx:afterSwap", function (e) { drawCharts(e.target); });
// Progress of background imports: reload the progress fragment until the import is done.
