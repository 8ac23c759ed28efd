// Timeline filter: progressive enhancement only. Without JavaScript every event is shown.
(function () {
  "use strict";
  var form = document.getElementById("timeline-filter");
  if (!form) return;
  var actor = document.getElementById("filter-actor");
  var status = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-status]"));
  var years = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  function apply() {
    var a = actor.value, s = status.value, shown = 0;
    items.forEach(function (li) {
      var actors = (li.getAttribute("data-actors") || "").split(" ");
      var ok = (!a || actors.indexOf(a) !== -1) && (!s || li.getAttribute("data-status") === s);
      li.hidden = !ok;
      if (ok) shown += 1;
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector("li[data-status]:not([hidden])");
    });
    count.textContent = shown + " of " + items.length + " events shown";
  }
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
