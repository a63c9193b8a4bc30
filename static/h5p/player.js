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

  function isPart(statement) {
    var context = statement.context || {};
    var activities = context.contextActivities || {};
    return !!activities.parent || String((statement.object || {}).id).indexOf('subContentId=') !== -1;
  }

  // A compound activity (H5P.QuestionSet) reports its outcome ("completed") without its questions'
  // answers. Its questions emit "answered" only when the learner presses their "Check" button, so
  // answers given without it, or changed after "Retry" without checking again, would reach the server
  // missing or stale, and the server's re-scoring would disagree with the player. H5P's getXAPIData
  // contract (the one H5P's own reports use) builds one statement per question from the current
  // answers: a top-level scored statement carries those, read from the instance it is about.
  function currentChildren(statement) {
    if (!statement.result || !statement.result.score || isPart(statement)) { return null; }
    var instances = (window.H5P && H5P.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (typeof instances[i].getXAPIData !== 'function') { continue; }
      try {
        var data = instances[i].getXAPIData();
        if (data && data.statement && data.statement.object && data.statement.object.id === statement.object.id &&
            Array.isArray(data.children)) {
          return data.children.map(function (child) { return child && child.statement; }).filter(Boolean);
        }
      } catch (error) { /* a content type with a broken contract: the lesson page keeps what it has */ }
    }
    return null;
  }

  new H5PStandalone.H5P(container, config.player).then(function () {
    H5P.externalDispatcher.on('xAPI', function (event) {
      var statement = event.data.statement;
      var message = { type: 'elearn-h5p-xapi', statement: statement };
      var children = currentChildren(statement);
      if (children) { message.children = children; }
      // A JSON round trip: only plain data crosses to the lesson page.
      post(JSON.parse(JSON.stringify(message)));
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
