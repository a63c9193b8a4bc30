/* Starts h5p-standalone in the sandboxed player page and talks to the lesson page around it.
 *
 * Its configuration comes from the JSON data block #h5p-config (no inline script: the player's CSP
 * allows scripts only from files). Every xAPI statement H5P emits is forwarded to the lesson page, and
 * so is the page's height whenever it changes, both by postMessage to the lesson pages' origin: from an
 * opaque origin nothing else can reach the parent. The lesson page (static/h5p/lesson.js) checks that
 * a message comes from one of its H5P iframes before using it. */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('h5p-config').textContent);
  var container = document.getElementById('h5p-container');

  function post(message) {
    window.parent.postMessage(message, config.parentOrigin);
  }

  var lastHeight = 0;
  function reportHeight() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: 'elearn-h5p-resize', height: height });
    }
  }

  if (window.ResizeObserver) {
    new ResizeObserver(reportHeight).observe(document.body);
  }
  window.addEventListener('load', reportHeight);

  new H5PStandalone.H5P(container, config.player).then(function () {
    H5P.externalDispatcher.on('xAPI', function (event) {
      // A JSON round trip: only plain data crosses to the lesson page.
      post({ type: 'elearn-h5p-xapi', statement: JSON.parse(JSON.stringify(event.data.statement)) });
    });
    reportHeight();
  }).catch(function (error) {
    var message = document.createElement('p');
    message.className = 'h5p-player-error';
    message.textContent = 'This activity could not be loaded. Reload the page to try again.';
    container.appendChild(message);
    reportHeight();
    if (window.console) { console.error(error); }
  });
})();
