// Keeps a region of an admin screen current while background work runs, without reloading the page.
// A reload every few seconds would take keyboard focus and the reading position back to the top and
// restart a screen reader (WCAG 2.2.2): instead the region marked data-refresh-region is fetched again
// and swapped for the server's newer copy when it changed. The swap waits while focus is inside the
// region (nothing is pulled from under the reader), and stops when the server's copy no longer asks
// for refreshing (the job is done). Without scripts, the page reloads itself (a <noscript> meta).
(function () {
  "use strict";
  var region = document.querySelector("[data-refresh-region][data-refresh-seconds]");
  if (!region || !window.fetch || !window.DOMParser) return;
  var delay = Math.max(1, parseInt(region.getAttribute("data-refresh-seconds"), 10) || 2) * 1000;

  function later() { window.setTimeout(update, delay); }

  function update() {
    if (region.contains(document.activeElement)) { later(); return; }
    fetch(window.location.href, {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-refresh-region]");
        if (!fresh) { later(); return; }
        if (fresh.innerHTML !== region.innerHTML) region.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-refresh-seconds")) later();
        else region.removeAttribute("data-refresh-seconds");
      })
      .catch(later);  // a failed request (the server restarting, the network gone): try again later
  }

  later();
})();
