(function () {
  "use strict";
  var box = document.getElementById("mirror-search");
  var messages = JSON.parse(document.getElementById("mirror-search-messages").textContent);
  if (location.protocol === "file:") {
    // Browsers refuse to load the index (scripts and fetch) from file:// pages.
    document.getElementById("mirror-search-offline").hidden = false;
    return;
  }
  box.hidden = false;
  var root = new URL(box.dataset.root || "./", location.href);
  var input = document.getElementById("mirror-search-q");
  var status = document.getElementById("mirror-search-status");
  var list = document.getElementById("mirror-search-results");
  var engine = null;
  function load() {
    engine = engine || import(new URL("pagefind/pagefind.js", root).href);
    return engine;
  }
  async function run(query) {
    list.textContent = "";
    if (!query) { status.textContent = ""; return; }
    status.textContent = messages.searching;
    try {
      var pagefind = await load();
      var search = await pagefind.search(query);
      var results = await Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
      results.forEach(function (data) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = new URL(data.url, location.href).href;  // Pagefind prefixes the path it was loaded from
        link.textContent = (data.meta && data.meta.title) || data.url;
        var excerpt = document.createElement("p");
        excerpt.innerHTML = data.excerpt;
        item.append(link, excerpt);
        list.append(item);
      });
      status.textContent = results.length ? messages.found.replace("%(count)s", results.length) : messages.none;
    } catch (error) {
      status.textContent = messages.failed;
    }
  }
  var query = new URLSearchParams(location.search).get("q") || "";
  input.value = query;
  document.getElementById("mirror-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value.trim());
  });
  run(query.trim());
})();
