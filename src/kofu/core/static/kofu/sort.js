/* kofu: sort a table in place when its header link is chosen.
   Without JavaScript the same links ask the server for the sorted page (?sort=…&dir=…). */
(function () {
  "use strict";

  var FIRST = { rank: "asc", name: "asc", population: "desc", issued: "desc", rate: "desc" };

  function value(row, index) {
    var cell = row.children[index];
    var raw = cell ? cell.getAttribute("data-sort") || cell.textContent.trim() : "";
    var number = Number(raw);
    return raw !== "" && !isNaN(number) ? number : raw;
  }

  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  }

  function hrefWith(link, direction) {
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("dir", direction);
    return url.pathname + url.search + url.hash;
  }

  function sortBy(table, header, direction) {
    var index = Array.prototype.indexOf.call(header.parentNode.children, header);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: value(row, index), position: position };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key);
      if (direction === "desc") order = -order;
      return order || a.position - b.position;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });

    table.querySelectorAll("thead th").forEach(function (th) {
      var link = th.querySelector("a.sort-link");
      if (!link) return;
      var key = link.getAttribute("data-sort-key");
      var indicator = link.querySelector(".sort-indicator");
      if (th === header) {
        th.setAttribute("aria-sort", direction === "asc" ? "ascending" : "descending");
        if (indicator) indicator.textContent = direction === "asc" ? "▲" : "▼";
        link.setAttribute("href", hrefWith(link, direction === "asc" ? "desc" : "asc"));
      } else {
        th.removeAttribute("aria-sort");
        if (indicator) indicator.textContent = "";
        link.setAttribute("href", hrefWith(link, FIRST[key] || "asc"));
      }
    });
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    table.querySelectorAll("thead a.sort-link").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        var header = link.closest("th");
        var current = header.getAttribute("aria-sort");
        var key = link.getAttribute("data-sort-key");
        var direction = current === "ascending" ? "desc" : current === "descending" ? "asc" : FIRST[key] || "asc";
        var target = hrefWith(link, direction);
        sortBy(table, header, direction);
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", target);
        }
      });
    });
  });
})();
