/* cmi5 runtime of an elearn AU (modules/interop/cmi5.py). The AU page is the module's SCO page
 * (its lessons, its quiz, its grading script sco.js, unchanged); this file, loaded before sco.js,
 * offers sco.js the SCORM 1.2 API it looks for and turns what sco.js reports into cmi5 statements.
 *
 * cmi5 launch (cmi5 spec §8–§10): the launch URL gives endpoint, fetch, actor, registration and
 * activityId; the auth token is fetched once per session (kept in sessionStorage, the fetch URL
 * may be used only once); the LMS.LaunchData state document gives the context template, the launch
 * mode, moveOn and the mastery score. Statements: initialized first, then completed, passed or
 * failed (with score and duration, never in Browse or Review mode, completed and passed once per
 * registration, no failed after passed), terminated last and nothing after it.
 *
 * Offline first: each statement gets its id and timestamp when it happens and is queued in
 * localStorage; the queue is sent in order whenever the LRS can be reached (on each new statement,
 * when the browser comes back online, every few seconds, on a later launch) and a statement leaves
 * the queue only once the LRS has stored it. A resent statement has the same id and content, so the
 * LRS keeps one copy. Written in ES5 like sco.js. */
(function () {
  "use strict";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var VERBS = {
    initialized: "http://adlnet.gov/expapi/verbs/initialized",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed",
    terminated: "http://adlnet.gov/expapi/verbs/terminated"
  };
  var RETRY_MS = 5000;

  var params = {};
  location.search.replace(/^\?/, "").split("&").forEach(function (pair) {
    if (!pair) { return; }
    var i = pair.indexOf("=");
    var name = decodeURIComponent((i < 0 ? pair : pair.slice(0, i)).replace(/\+/g, " "));
    params[name] = i < 0 ? "" : decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " "));
  });
  var actor = null;
  try { actor = JSON.parse(params.actor || "null"); } catch (e) { actor = null; }
  if (!params.endpoint || !params.fetch || !actor || !params.registration || !params.activityId) {
    return; // Not launched by a cmi5 LMS: no API, so sco.js grades in the page and says so.
  }
  var endpoint = params.endpoint.replace(/\/?$/, "/");
  var prefix = "cmi5:" + params.registration + ":" + params.activityId + ":";
  var queueKey = prefix + "queue";
  var stateKey = prefix + "state";       // what happened in this registration (completed, passed …)
  var cmiKey = prefix + "cmi";           // sco.js's data model (suspend_data, location …) for resume
  var session = null;                    // {token, launchData}: once per launch, in sessionStorage
  var sessionKey = "cmi5-session:" + params.fetch;
  var startedAt = new Date().getTime();
  var terminated = false;
  var sending = false;

  function load(key, fallback) {
    try { var value = JSON.parse(localStorage.getItem(key)); return value === null ? fallback : value; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* full or blocked: kept in memory only */ }
  }
  var memoryQueue = load(queueKey, []);
  function queue() { return load(queueKey, memoryQueue); }
  function setQueue(items) { memoryQueue = items; save(queueKey, items); }
  var state = load(stateKey, {completed: false, passed: false});
  var cmi = load(cmiKey, {});

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function duration() {
    // ISO 8601 duration with centiseconds, as xAPI recommends.
    return "PT" + (Math.round((new Date().getTime() - startedAt) / 10) / 100) + "S";
  }

  // An event is what happened, with its id and time; the statement is built from it when sent,
  // with the launch data (so events recorded before the launch data arrived are complete too).
  var lastTime = 0;
  function record(verb, result) {
    var items = queue();
    // Strictly increasing times, so the LRS (and anyone reading it) sees the order they happened in.
    lastTime = Math.max(new Date().getTime(), lastTime + 1);
    items.push({id: uuid(), verb: verb, timestamp: new Date(lastTime).toISOString(), result: result || null});
    setQueue(items);
    flush();
  }

  function statement(event, launchData) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
    context.registration = params.registration;
    context.contextActivities = context.contextActivities || {};
    var category = context.contextActivities.category || [];
    category.push({id: CMI5, objectType: "Activity"});
    if (event.verb === "completed" || event.verb === "passed" || event.verb === "failed") {
      category.push({id: MOVEON, objectType: "Activity"});
    }
    context.contextActivities.category = category;
    if ((event.verb === "passed" || event.verb === "failed") && typeof launchData.masteryScore === "number") {
      context.extensions = context.extensions || {};
      context.extensions[MASTERY] = launchData.masteryScore;
    }
    var built = {
      id: event.id, timestamp: event.timestamp, actor: actor,
      verb: {id: VERBS[event.verb], display: {"en-US": event.verb}},
      object: {id: params.activityId, objectType: "Activity"},
      context: context
    };
    if (event.result) { built.result = event.result; }
    return built;
  }

  function request(method, url, body, headers) {
    var options = {method: method, headers: headers || {}, keepalive: method === "POST" && !!body && body.length < 60000};
    if (body) { options.body = body; }
    return fetch(url, options);
  }

  function xapiHeaders() {
    return {"Authorization": "Basic " + session.token, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"};
  }

  function ensureSession() {
    if (session) { return Promise.resolve(session); }
    var stored = null;
    try { stored = JSON.parse(sessionStorage.getItem(sessionKey)); } catch (e) { stored = null; }
    if (stored && stored.token && stored.launchData) { session = stored; return Promise.resolve(session); }
    var token = stored && stored.token;
    var gotToken = token ? Promise.resolve(token) : request("POST", params.fetch).then(function (response) {
      if (!response.ok) { throw new Error("fetch " + response.status); }
      return response.json();
    }).then(function (body) {
      if (!body["auth-token"]) { throw new Error(body["error-text"] || "no auth-token"); }
      try { sessionStorage.setItem(sessionKey, JSON.stringify({token: body["auth-token"]})); } catch (e) { /* memory only */ }
      return body["auth-token"];
    });
    return gotToken.then(function (value) {
      session = {token: value, launchData: null};
      var url = endpoint + "activities/state?stateId=LMS.LaunchData&activityId=" + encodeURIComponent(params.activityId) +
        "&agent=" + encodeURIComponent(JSON.stringify(actor)) + "&registration=" + encodeURIComponent(params.registration);
      return request("GET", url, null, xapiHeaders());
    }).then(function (response) {
      if (!response.ok) { throw new Error("LMS.LaunchData " + response.status); }
      return response.json();
    }).then(function (launchData) {
      session.launchData = launchData;
      try { sessionStorage.setItem(sessionKey, JSON.stringify(session)); } catch (e) { /* memory only */ }
      return session;
    }, function (error) {
      if (session && !session.launchData) { session = null; }
      throw error;
    });
  }

  function judged(launchData) {
    // Browse and Review launches record nothing that counts toward moveOn (cmi5 §10.2.1).
    return (launchData.launchMode || "Normal") === "Normal";
  }

  function flush() {
    if (sending) { return; }
    var items = queue();
    if (!items.length) { return; }
    sending = true;
    ensureSession().then(function (current) {
      var launchData = current.launchData;
      var body = items.filter(function (event) {
        return judged(launchData) || ["completed", "passed", "failed"].indexOf(event.verb) < 0;
      }).map(function (event) { return statement(event, launchData); });
      if (!body.length) { return true; }
      return request("POST", endpoint + "statements", JSON.stringify(body), xapiHeaders()).then(function (response) {
        if (!response.ok && response.status !== 409) { throw new Error("statements " + response.status); }
        return true;
      });
    }).then(function () {
      // Drop what was sent; events recorded meanwhile stay queued, in order.
      var sent = {};
      items.forEach(function (event) { sent[event.id] = true; });
      setQueue(queue().filter(function (event) { return !sent[event.id]; }));
      sending = false;
      if (queue().length) { flush(); }
    }, function () {
      sending = false;
    });
  }

  window.addEventListener("online", flush);
  window.setInterval(function () { if (queue().length) { flush(); } }, RETRY_MS);

  // --- What sco.js reports, as cmi5 statements. ---
  function reportResult() {
    var status = cmi["cmi.core.lesson_status"];
    if (status === "completed" || status === "passed" || status === "failed") {
      if (!state.completed) { state.completed = true; record("completed", {completion: true, duration: duration()}); }
    }
    var raw = parseFloat(cmi["cmi.core.score.raw"]);
    if ((status === "passed" || status === "failed") && !isNaN(raw) && !state.passed && !state.reported) {
      var scaled = Math.round(raw) / 100;
      var launchData = session && session.launchData;
      var passed = launchData && typeof launchData.masteryScore === "number" ? scaled >= launchData.masteryScore : status === "passed";
      state.reported = true; // one passed or failed per session
      if (passed) { state.passed = true; }
      record(passed ? "passed" : "failed", {
        score: {scaled: scaled, raw: Math.round(raw), min: 0, max: 100}, success: passed, completion: true, duration: duration()
      });
    }
    save(stateKey, {completed: state.completed, passed: state.passed});
  }

  var lastError = "0";
  window.API = {
    LMSInitialize: function () {
      state.reported = false;
      record("initialized");
      return "true";
    },
    LMSGetValue: function (name) {
      if (name === "cmi.core.lesson_status") { return cmi[name] || (state.passed ? "passed" : "not attempted"); }
      if (name === "cmi.core.entry") { return cmi["cmi.suspend_data"] ? "resume" : "ab-initio"; }
      if (name === "cmi.core.student_name") { return actor.name || ""; }
      return cmi[name] || "";
    },
    LMSSetValue: function (name, value) {
      if (terminated) { lastError = "101"; return "false"; }
      // A pass is never downgraded within a registration.
      if (name === "cmi.core.lesson_status" && state.passed && value !== "passed") { return "true"; }
      cmi[name] = String(value);
      return "true";
    },
    LMSCommit: function () {
      if (terminated) { lastError = "101"; return "false"; }
      save(cmiKey, cmi);
      reportResult();
      return "true";
    },
    LMSFinish: function () {
      if (terminated) { return "true"; }
      save(cmiKey, cmi);
      reportResult();
      terminated = true;
      record("terminated", {duration: duration()});
      return "true";
    },
    LMSGetLastError: function () { return lastError; },
    LMSGetErrorString: function (code) { return code === "101" ? "General exception" : ""; },
    LMSGetDiagnostic: function () { return ""; }
  };
}());
