// Charts: each <div class="chart" data-chart="ID"> draws the JSON in <script id="ID">.
// The class "js" reserves the charts' space (samverkan.css): without JavaScript no empty area.
document.documentElement.classList.add("js");
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
// Searchable pickers: a long <select data-searchable> (e.g. 290 municipalities) gets a search
// field above it that narrows its options as one types. Without JavaScript the select is still
// usable: own organisations first, then grouped by kind in alphabetical order.
function enhancePickers(root) {
  root.querySelectorAll("select[data-searchable]").forEach(function (select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "1";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "form-control form-control-sm mb-1";
    input.autocomplete = "off";
    input.placeholder = select.dataset.searchLabel || "";
    input.setAttribute("aria-label", select.dataset.searchLabel || "");
    if (select.id) {
      input.id = select.id + "-search";
      input.setAttribute("aria-controls", select.id);
    }
    var status = document.createElement("div");
    status.className = "form-text";
    status.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(input, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    input.addEventListener("input", function () {
      var query = input.value.trim().toLocaleLowerCase("sv");
      var matches = [];
      select.querySelectorAll("option").forEach(function (option) {
        if (!option.value) return;
        var match = !query || option.textContent.toLocaleLowerCase("sv").indexOf(query) !== -1;
        option.hidden = !match;
        if (match) matches.push(option);
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      if (query && matches.length === 1 && !select.multiple) {
        select.value = matches[0].value;
        select.dispatchEvent(new Event("change", {bubbles: true}));
      }
      status.textContent = !query ? "" : matches.length
        ? (select.dataset.searchCount || "{n}").replace("{n}", matches.length)
        : (select.dataset.searchNone || "");
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // searching does not submit the form
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { enhancePickers(document); });
document.addEventListener("htmx:afterSwap", function (e) { enhancePickers(e.target); });
