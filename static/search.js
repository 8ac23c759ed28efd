// Site search, loaded by the small script in partials/search_box.html when a reader first
// uses the box (without JavaScript the box stays hidden). It loads the results' styles
// (static/search.css) and the Pagefind index (pagefind/, written by `build`) and shows the
// results grouped by kind, as plain links.
(function () {
  "use strict";
  var box = document.getElementById("site-search");
  if (!box) return;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = box.getAttribute("data-script").replace(/\.js$/, ".css");
  document.head.appendChild(css);
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var out = document.getElementById("search-results");
  var root = box.getAttribute("data-root") || "";
  var KINDS = [["actor", "Actors", "actor"], ["event", "Events", "event"],
    ["quote", "Quotes", "quote"], ["section", "Sections", "section"],
    ["source", "Sources", "source"]];
  var loading = null, timer = null, asked = 0;
  box.hidden = false;

  function load() {
    if (!loading) {
      var url = new URL(root + "pagefind/pagefind.js", document.baseURI).href;
      loading = import(url).then(function (pagefind) {
        return pagefind.options({ baseUrl: "/", excerptLength: 18 }).then(function () {
          return pagefind;
        });
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  function plain(html) {  // an excerpt as text: parsed inert, never inserted as HTML
    var t = document.createElement("template");
    t.innerHTML = html || "";
    return t.content.textContent;
  }
  function link(url, title, excerpt) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = root + url.replace(/^\//, "");
    a.textContent = title;
    li.appendChild(a);
    if (excerpt) {
      var p = document.createElement("p");
      p.textContent = plain(excerpt);
      li.appendChild(p);
    }
    return li;
  }
  function entries(data) {  // the sources page gives one entry per source heading
    if ((data.meta.kind || "") !== "source") return [["", data.url, data.meta.title, data.excerpt]];
    return (data.sub_results || []).filter(function (s) { return s.url.indexOf("#") > 0; })
      .map(function (s) { return ["source", s.url, s.title, s.excerpt]; });
  }
  function show(found, query) {
    out.textContent = "";
    var groups = {}, total = 0, words = [];
    found.forEach(function (data) {
      entries(data).forEach(function (e) {
        var kind = e[0] || data.meta.kind || "page";
        (groups[kind] = groups[kind] || []).push(link(e[1], e[2], e[3]));
      });
    });
    KINDS.forEach(function (k) {
      var items = groups[k[0]];
      if (!items) return;
      var section = document.createElement("section"), h = document.createElement("h2");
      var ul = document.createElement("ul");
      h.textContent = k[1] + " (" + items.length + ")";
      items.forEach(function (li) { ul.appendChild(li); });
      section.appendChild(h);
      section.appendChild(ul);
      out.appendChild(section);
      total += items.length;
      words.push(items.length + " " + k[2] + (items.length === 1 ? "" : "s"));
    });
    status.textContent = total ? total + " result" + (total === 1 ? "" : "s") + " for \u201c" + query + "\u201d: " + words.join(", ")
      : "No results for \u201c" + query + "\u201d";
  }
  function fail() {
    status.textContent = "Search is not available here: it needs the site built with its index " +
      "and served over http. Browse the actors, timeline and quotes instead.";
  }
  function run() {
    var query = input.value.trim(), mine = ++asked;
    if (!query) { out.textContent = ""; status.textContent = ""; return; }
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (found) {
      if (mine === asked) show(found, query);
    }, fail);
  }
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  box.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
  box.setAttribute("data-ready", "");
  box.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { input.value = ""; run(); input.focus(); }
    if (e.key === "ArrowDown" && document.activeElement === input) {
      var first = out.querySelector("a");
      if (first) { e.preventDefault(); first.focus(); }
    }
  });
  if (input.value.trim()) run(); else load().catch(function () {});
})();
