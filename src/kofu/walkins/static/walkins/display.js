// The hall screen: every few seconds, fetch this page again and swap in the calls and the count.
// The calls sit in an aria-live region, so a screen reader announces a new call.
(function () {
  "use strict";
  var board = document.getElementById("board");
  if (!board) { return; }
  var seconds = Number(board.getAttribute("data-refresh")) || 5;
  function update() {
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("board");
        ["calls", "display-waiting"].forEach(function (id) {
          var now = document.getElementById(id);
          var next = fresh && fresh.querySelector("#" + id);
          if (now && next && now.innerHTML !== next.innerHTML) { now.innerHTML = next.innerHTML; }
        });
      })
      .catch(function () { /* the next round tries again */ });
  }
  window.setInterval(update, seconds * 1000);
})();
