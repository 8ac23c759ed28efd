// Timeline filter: progressive enhancement only. Without JavaScript every event is shown.
// The choice is kept in the address (?actor=…&status=…), so a filtered view can be shared;
// events that do not match are hidden in the list and dimmed in the picture.
(function () {
  "use strict";
  var form = document.getElementById("timeline-filter");
  if (!form) return;
  var actor = document.getElementById("filter-actor");
  var status = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  var items = Array.prototype.slice.call(document.querySelectorAll("li[data-status]"));
  var years = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("svg.timeline-drawing a"));
  function pick(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) { select.value = value; return; }
    }
  }
  function remember(a, s) {
    var query = new URLSearchParams(location.search);
    if (a) query.set("actor", a); else query.delete("actor");
    if (s) query.set("status", s); else query.delete("status");
    var text = query.toString();
    try {
      history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    } catch (e) { /* some browsers refuse this for pages opened from disk */ }
  }
  function apply() {
    var a = actor.value, s = status.value, shown = 0, visible = {};
    items.forEach(function (li) {
      var actors = (li.getAttribute("data-actors") || "").split(" ");
      var ok = (!a || actors.indexOf(a) !== -1) && (!s || li.getAttribute("data-status") === s);
      li.hidden = !ok;
      if (ok) shown += 1;
      var link = li.querySelector("a[href]");
      if (link) visible[link.getAttribute("href")] = ok;
    });
    years.forEach(function (year) {
      year.hidden = !year.querySelector("li[data-status]:not([hidden])");
    });
    marks.forEach(function (mark) {
      var ok = visible[mark.getAttribute("href")] !== false;
      mark.classList.toggle("dimmed", !ok);
    });
    count.textContent = shown + " of " + items.length + " events shown";
    remember(a, s);
  }
  var query = new URLSearchParams(location.search);
  pick(actor, query.get("actor") || "");
  pick(status, query.get("status") || "");
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
