// Timeline filter (see docs/building.md); without JavaScript it is hidden and all events show.
(function () {
  var form = document.getElementById("timeline-filter"), names = {}, items = [];
  if (!form) return;
  var actor = form.elements.actor, status = form.elements.status, query;
  function all(selector, root) { return (root || document).querySelectorAll(selector); }
  all("ol.events>li").forEach(function (li) {
    var item = { li: li, actors: [], status: (/status-(\S+)/.exec(li.className) || [])[1],
                 href: li.querySelector("h3 a").getAttribute("href") };
    all(".event-actors a", li).forEach(function (a) {
      var id = (/actors\/([^/]+)\//.exec(a.getAttribute("href")) || [])[1];
      names[id] = a.textContent;
      item.actors.push(id);
    });
    items.push(item);
  });
  Object.keys(names).sort(function (a, b) { return names[a].localeCompare(names[b]); })
    .forEach(function (id) { actor.add(new Option(names[id], id)); });
  function apply(keep) {
    var a = actor.value, s = status.value, shown = 0, off = {};
    items.forEach(function (item) {
      var ok = (!a || item.actors.indexOf(a) >= 0) && (!s || item.status == s);
      item.li.hidden = !ok;
      ok ? shown++ : off[item.href] = 1;
    });
    all("section.year").forEach(function (y) { y.hidden = !y.querySelector("li:not([hidden])"); });
    all("svg a").forEach(function (m) { m.classList.toggle("dimmed", !!off[m.getAttribute("href")]); });
    document.getElementById("filter-count").textContent = shown + " of " + items.length + " events shown";
    if (keep) return;
    query = new URLSearchParams(location.search);
    a ? query.set("actor", a) : query.delete("actor");
    s ? query.set("status", s) : query.delete("status");
    try { // some browsers refuse it for a page opened from disk
      history.replaceState(null, "", location.pathname + (query + "" ? "?" + query : "") + location.hash);
    } catch (e) {}
  }
  query = new URLSearchParams(location.search);
  [actor, status].forEach(function (select) {
    select.value = query.get(select.name) || "";
    if (select.selectedIndex < 0) select.value = ""; // an unknown choice: all
  });
  if (actor.value || status.value) apply(true); // the address already says it
  form.onchange = function () { apply(); };
  form.onsubmit = function () { return false; };
})();
