/* In-memory stand-ins for localStorage and sessionStorage in the sandboxed H5P player.
 *
 * The player's origin is opaque (iframe sandbox without allow-same-origin), so reading
 * window.localStorage throws a SecurityError, and h5p-standalone's frame bundle reads it (user UUID,
 * clipboard, offline request queue). Loaded before everything else; what H5P stores here lives only as
 * long as the page, and nothing ever reaches the site's real storage. */
(function () {
  'use strict';

  function MemoryStorage() {
    var items = new Map();
    Object.defineProperties(this, {
      length: { get: function () { return items.size; } },
      key: { value: function (index) { var keys = Array.from(items.keys()); return index in keys ? keys[index] : null; } },
      getItem: { value: function (name) { name = String(name); return items.has(name) ? items.get(name) : null; } },
      setItem: { value: function (name, value) { items.set(String(name), String(value)); } },
      removeItem: { value: function (name) { items.delete(String(name)); } },
      clear: { value: function () { items.clear(); } }
    });
  }

  ['localStorage', 'sessionStorage'].forEach(function (name) {
    // Always replaced, even where the real one works: untrusted H5P code never gets the real one.
    Object.defineProperty(window, name, { value: new MemoryStorage(), configurable: true, enumerable: true, writable: false });
  });
})();
