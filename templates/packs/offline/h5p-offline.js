{% verbatim %}/* Plays the H5P activities of an offline lesson page with h5p-standalone, from file://, no server.
 *
 * h5p-standalone reads h5p.json, content.json and each library.json with fetch(), and browsers
 * refuse fetch() for file:// URLs. The page therefore carries those files in its data block
 * (script#h5p-offline-data, keyed by their paths relative to the page), and this script, loaded
 * before the player, answers the player's fetch() calls for exactly those URLs from it. Everything
 * else the player loads (library scripts and styles) uses script and link tags, which do work from
 * file://. Any other fetch() goes to the browser untouched. Nothing is stored or sent anywhere.
 */
(function () {
  "use strict";

  var node = document.getElementById("h5p-offline-data");
  if (!node) { return; }
  var data = JSON.parse(node.textContent);

  function absolute(url) {
    try { return new URL(url, document.baseURI).href; } catch (error) { return null; }
  }

  // h5p-standalone builds "file:///…/module/../h5p/…" URLs; new URL() normalises both sides alike.
  var answers = {};
  Object.keys(data.files).forEach(function (path) {
    answers[absolute(path)] = JSON.stringify(data.files[path]);
  });
  var browserFetch = window.fetch;
  window.fetch = function (input, init) {
    var url = absolute(typeof input === "string" ? input : (input && input.url) || String(input));
    if (url && Object.prototype.hasOwnProperty.call(answers, url)) {
      return Promise.resolve(new Response(answers[url], { status: 200, headers: { "Content-Type": "application/json" } }));
    }
    return browserFetch.apply(this, arguments);
  };

  function notes(player) { return document.getElementById(player.note); }

  function failed(player, error) {
    var note = notes(player);
    if (note) {
      note.textContent = data.labels.failed;
      note.hidden = false;
    }
    if (window.console && error) { window.console.error("H5P activity " + player.options.id + ":", error); }
  }

  // JavaScript runs, so the "JavaScript is switched off" notes are wrong: hide them at once.
  data.players.forEach(function (player) {
    var note = notes(player);
    if (note) { note.hidden = true; }
  });

  function start() {
    if (!window.H5PStandalone) {
      data.players.forEach(function (player) { failed(player, "the player script did not load"); });
      return;
    }
    // Kept now: frame.bundle.js, which the first player loads into this page, replaces the global.
    var Player = window.H5PStandalone.H5P;
    // One player after the other: each one merges itself into the page's shared H5PIntegration.
    data.players.reduce(function (previous, player) {
      return previous.then(function () {
        return new Player(document.getElementById(player.element), player.options);
      }).catch(function (error) { failed(player, error); });
    }, Promise.resolve());
  }

  // The player (main.bundle.js) is the next script tag of the page: wait until it has run.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
{% endverbatim %}
