/* The lesson page's side of the sandboxed H5P players (templates/modules/blocks/h5p.html).
 *
 * Players post two kinds of messages (static/h5p/player.js): their height, and every xAPI statement
 * H5P emits. A player's origin is opaque, so the origin of a message says nothing: a message counts
 * only when its source is the window of one of this page's H5P iframes, and only when it has the
 * expected shape. Accepted statements are posted, with the learner's session and CSRF token, to the
 * iframe's data-xapi-url, where the server checks and re-scores them. Each post carries the
 * iframe's data-xapi-token: the player token issued to this learner for this activity, without which
 * the server records nothing.
 *
 * QuestionSet and other compound content types emit an "answered" statement per question (a child:
 * it names its parent activity, or its object id carries subContentId=) before their own. The server
 * needs those to re-score, so children that carry a result are kept per iframe (the latest per
 * question) and sent along with the next top-level statement that carries a result. When the player
 * attaches the children built from the activity's current answers (H5P's getXAPIData, see player.js),
 * those are sent instead: questions answered without "Check", or changed after "Retry", emit no
 * statement of their own, so the kept ones can be missing or stale. */
(function () {
  'use strict';

  var MIN_HEIGHT = 120;
  var MAX_HEIGHT = 20000;
  var MAX_CHILDREN = 200;
  var MAX_STATEMENT_CHARS = 64 * 1024;
  var pendingChildren = new WeakMap();  // iframe -> Map(child object id -> statement)

  function playerFor(source) {
    var frames = document.querySelectorAll('iframe[data-h5p-player]');
    for (var i = 0; i < frames.length; i++) {
      if (source !== null && frames[i].contentWindow === source) { return frames[i]; }
    }
    return null;
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function validScore(score) {
    if (score === undefined) { return true; }
    if (!isObject(score)) { return false; }
    return ['raw', 'min', 'max', 'scaled'].every(function (name) {
      return score[name] === undefined || (typeof score[name] === 'number' && isFinite(score[name]));
    });
  }

  function validStatement(statement) {
    if (!isObject(statement) || !isObject(statement.verb) || !isObject(statement.object)) { return false; }
    if (typeof statement.verb.id !== 'string' || typeof statement.object.id !== 'string') { return false; }
    if (statement.result !== undefined && (!isObject(statement.result) || !validScore(statement.result.score))) { return false; }
    try {
      return JSON.stringify(statement).length <= MAX_STATEMENT_CHARS;
    } catch (error) {
      return false;
    }
  }

  function isChild(statement) {
    var context = isObject(statement.context) ? statement.context : {};
    var activities = isObject(context.contextActivities) ? context.contextActivities : {};
    var parent = activities.parent;
    var hasParent = Array.isArray(parent) ? parent.length > 0 : isObject(parent);
    return hasParent || statement.object.id.indexOf('subContentId=') !== -1;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : '';
  }

  function validChildren(children) {
    return Array.isArray(children) && children.length <= MAX_CHILDREN && children.every(function (child) {
      return validStatement(child) && isChild(child);
    });
  }

  function send(frame, statement, current) {
    var url = frame.getAttribute('data-xapi-url');
    if (!url) { return; }  // not logged in: the activity plays, nothing is recorded
    var children = [];
    if (statement.result !== undefined) {
      // Only an outcome closes a round of child answers; "attempted" and the like leave them waiting.
      var kept = pendingChildren.get(frame);
      children = current && current.length ? current : (kept ? Array.from(kept.values()) : []);
      pendingChildren.delete(frame);
    }
    if (!statement.result || !statement.result.score) { return; }  // only scored outcomes count on the server
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': csrfToken() },
      body: JSON.stringify({ token: frame.getAttribute('data-xapi-token') || '', statement: statement, children: children })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (result) {
      if (result) { announce(result); }
    }).catch(function () { /* offline: the activity goes on, the result is simply not recorded */ });
  }

  // Tell the learner, in a live region, that the score was recorded, and finish the lesson in place.
  function announce(result) {
    var pending = document.querySelector('.lesson-footer .status-pending');
    if (!pending) { return; }
    var key = pending.getAttribute('data-lesson-key');
    if (key && (result.lessons_completed || []).indexOf(key) !== -1) {
      pending.textContent = pending.getAttribute('data-done-text');
      pending.className = 'status-done';
    } else if (result.activity_passed) {
      pending.textContent = pending.getAttribute('data-passed-text');
    }
  }

  function keepChild(frame, statement) {
    var kept = pendingChildren.get(frame) || new Map();
    kept.delete(statement.object.id);  // re-insert: a repeated answer replaces the earlier one and moves last
    kept.set(statement.object.id, statement);
    while (kept.size > MAX_CHILDREN) { kept.delete(kept.keys().next().value); }
    pendingChildren.set(frame, kept);
  }

  window.addEventListener('message', function (event) {
    var frame = playerFor(event.source);
    var data = event.data;
    if (!frame || !isObject(data)) { return; }
    if (data.type === 'elearn-h5p-resize') {
      if (typeof data.height === 'number' && isFinite(data.height)) {
        frame.style.height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, data.height))) + 'px';
      }
    } else if (data.type === 'elearn-h5p-xapi' && validStatement(data.statement)) {
      if (isChild(data.statement)) {
        if (data.statement.result !== undefined) { keepChild(frame, data.statement); }
      } else {
        send(frame, data.statement, validChildren(data.children) ? data.children : null);
      }
    }
  });
})();
