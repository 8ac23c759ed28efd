// Site search, loaded by the small script in partials/search_box.html when a reader first
// uses the box (without JavaScript the box stays hidden). It loads the results' styles
// (static/search.css) and the site's own index (search/, written by `build`; see
// explainer/search_index.py for its files): the list of shards first, then, for each
// word typed, the one shard that holds the words starting with its first two characters,
// and the metadata of the results shown. Every query word must match a word of a result
// (as a prefix: "kata" finds "Kataib"); results are ranked by score, ties in the site's
// order, and the top 20 shown grouped by kind, as plain text and links.
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
  var SHOWN = 20;
  var loading = null, timer = null, asked = 0, files = {};

  function get(path) {  // one file of the index, fetched once
    if (!files[path]) {
      files[path] = fetch(root + "search/" + path).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + path);
        return response.json();
      });
      files[path].catch(function () { delete files[path]; });
    }
    return files[path];
  }
  function load() {  // the index's manifest: its shards and the hash its files are named by
    if (!loading) {
      loading = fetch(root + "search/index.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(r.status + " search/index.json");
        return r.json();
      });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  function normalize(text) {  // as explainer/search_index.py: NFKD, no marks, case folded
    var strip = function (s) { return s.normalize("NFKD").replace(/\p{M}/gu, ""); };
    return strip(strip(text).toLowerCase().replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3"));
  }
  function shardKey(word) {
    return Array.from(word).slice(0, 2).map(function (c) {
      return c.codePointAt(0).toString(16);
    }).join("-");
  }
  function matches(index, word) {  // doc -> score: an exact word counts twice a prefix
    var key = shardKey(word);
    if (index.shards.indexOf(key) < 0) return Promise.resolve({});
    return get("w/" + key + ".json?v=" + index.hash).then(function (shard) {
      var found = {};
      Object.keys(shard).forEach(function (term) {
        if (term.lastIndexOf(word, 0) !== 0) return;
        var bytes = atob(shard[term]), half = term !== word;
        for (var i = 0; i < bytes.length; i += 4) {  // little-endian doc << 12 | score
          var n = (bytes.charCodeAt(i) | bytes.charCodeAt(i + 1) << 8 |
            bytes.charCodeAt(i + 2) << 16 | bytes.charCodeAt(i + 3) << 24) >>> 0;
          var doc = n >>> 12, score = half ? (n & 4095) / 2 : n & 4095;
          if (!(found[doc] >= score)) found[doc] = score;
        }
      });
      return found;
    });
  }
  function rank(each) {  // documents every word matched, best first, ties in site order
    var total = each[0];
    each.slice(1).forEach(function (found) {
      var kept = {};
      Object.keys(total).forEach(function (doc) {
        if (doc in found) kept[doc] = total[doc] + found[doc];
      });
      total = kept;
    });
    return Object.keys(total).map(Number).sort(function (a, b) {
      return total[b] - total[a] || a - b;
    });
  }
  function details(index, docs) {  // [kind, title, url, excerpt] of each document
    return Promise.all(docs.map(function (doc) {
      return get("d/" + Math.floor(doc / index.chunk) + ".json?v=" + index.hash)
        .then(function (chunk) { return chunk[doc % index.chunk]; });
    }));
  }
  function search(query) {
    var words = normalize(query).match(/[\p{L}\p{N}]+/gu) || [];
    words = words.filter(function (w, i) { return words.indexOf(w) === i; });
    return load().then(function (index) {
      if (!words.length) return [];
      return Promise.all(words.map(function (w) { return matches(index, w); }))
        .then(function (each) {
          var docs = rank(each).slice(0, SHOWN);
          return details(index, docs).then(function (found) {
            return found.map(function (d) { return { kind: index.kinds[d[0]], title: d[1], url: d[2], excerpt: d[3] }; });
          });
        });
    });
  }
  function link(result) {  // text only: nothing from the index is read as HTML
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = root + result.url;
    a.textContent = result.title;
    li.appendChild(a);
    if (result.excerpt) {
      var p = document.createElement("p");
      p.textContent = result.excerpt;
      li.appendChild(p);
    }
    return li;
  }
  function show(found, query) {
    out.textContent = "";
    var groups = {}, total = 0, words = [];
    found.forEach(function (result) {
      (groups[result.kind] = groups[result.kind] || []).push(link(result));
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
    search(query).then(function (found) {
      if (mine === asked) show(found, query);
    }, function () {
      if (mine === asked) fail();
    });
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
