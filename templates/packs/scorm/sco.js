/* SCO runtime of a SCORM 1.2 module package exported by elearn (modules/packs/scorm.py).
 *
 * Finds the LMS API, grades the quiz in the browser with scoring-rule.js (the rule of
 * modules/grading.py) and reports to the LMS. On submit: score.min, score.max, score.raw,
 * lesson_status, suspend_data, lesson_location, exit, session_time, LMSCommit, LMSFinish, in that
 * order and nothing after LMSFinish. Leaving the page before submitting suspends the session
 * (suspend_data, lesson_location, exit "suspend", session_time, LMSCommit, LMSFinish); a relaunch
 * with cmi.core.entry "resume" restores the lessons read, the answers in progress and the place.
 * A pass is never downgraded: a later failed retake keeps "passed" and the better score.
 * Each attempt draws its questions and option order with question-pool.js (modules/question_pool.py)
 * from a fresh seed; the seed is kept in suspend_data with the answers in progress, so a resumed
 * attempt shows the same questions, and only the drawn questions are graded.
 * Without an LMS the page still works and shows the score locally.
 * Written in ES5 on purpose: LMS players embed SCOs in whatever browser their learners use. */
(function () {
  "use strict";

  var MAX_PARENTS = 10; // as in ADL's reference API discovery: bounded, never an endless walk
  var SUSPEND_LIMIT = 4096; // cmi.suspend_data is a CMIString4096 in SCORM 1.2
  var SHORT_ID = 8; // ids in suspend_data are cut to their first 8 characters to stay far below the limit
  var api = null;
  var finished = false; // LMSFinish was called: the API must not be used again
  var submitted = false; // the quiz was graded: a second submit (double click, Enter) does nothing
  var startedAt = 0;
  var earlier = {status: "", raw: NaN}; // what the LMS held when this session started
  var progress = {read: [], location: ""};
  var seed = null; // this attempt's draw (question-pool.js); restored on resume
  var asked = []; // the questions of the answer key this attempt asks, in page order

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var key = readJSON("quiz-key");
  var text = readJSON("sco-messages") || {};

  function say(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function setStatus(message) {
    var status = document.getElementById("lms-status");
    if (status) { status.textContent = message || ""; }
  }

  // --- Finding the API: window.parent chain first, then window.opener and its parents. ---
  function searchFrames(win) {
    for (var depth = 0; win && depth <= MAX_PARENTS; depth++) {
      try {
        if (win.API) { return win.API; }
        if (!win.parent || win.parent === win) { return null; }
        win = win.parent;
      } catch (error) {
        return null; // a cross-origin frame: nothing further up is reachable
      }
    }
    return null;
  }

  function findAPI() {
    var found = searchFrames(window);
    if (!found) {
      try { found = window.opener ? searchFrames(window.opener) : null; } catch (error) { found = null; }
    }
    return found;
  }

  function lms(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (!api || finished) { return "false"; }
    try { return String(api[method].apply(api, args)); } catch (error) { return "false"; }
  }

  function lastError() {
    var code = lms("LMSGetLastError");
    return code + " " + lms("LMSGetErrorString", code);
  }

  // --- Session time, as a SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours at least two digits). ---
  function pad(number, width) {
    var digits = String(number);
    while (digits.length < width) { digits = "0" + digits; }
    return digits;
  }

  function timespan(milliseconds) {
    var centis = Math.min(Math.max(0, Math.round(milliseconds / 10)), 9999 * 360000 + 359999);
    return pad(Math.floor(centis / 360000), 2) + ":" + pad(Math.floor(centis / 6000) % 60, 2) + ":" +
      pad(Math.floor(centis / 100) % 60, 2) + "." + pad(centis % 100, 2);
  }

  // --- Resume: lessons read and answers in progress in cmi.suspend_data, the place in lesson_location. ---
  function short(id) { return String(id).slice(0, SHORT_ID); }

  function lessons() { return document.querySelectorAll("section.lesson"); }

  function currentAnswers() {
    var answers = {};
    var inputs = document.querySelectorAll("#quiz-form input");
    for (var i = 0; i < inputs.length; i++) {
      if (!inputs[i].checked) { continue; }
      var question = short(inputs[i].name.replace(/^q-/, ""));
      (answers[question] = answers[question] || []).push(short(inputs[i].value));
    }
    return answers;
  }

  function suspendData(withAnswers) {
    var data = {v: 1, read: progress.read};
    if (withAnswers) { data.answers = currentAnswers(); }
    if (withAnswers && seed !== null) { data.seed = seed; }
    var json = JSON.stringify(data);
    // Answers are the first thing to give up when a very long quiz would not fit.
    return json.length <= SUSPEND_LIMIT || !withAnswers ? json.slice(0, SUSPEND_LIMIT) : suspendData(false);
  }

  function saveProgress() {
    if (!api || finished) { return; }
    lms("LMSSetValue", "cmi.suspend_data", suspendData(!submitted));
    lms("LMSSetValue", "cmi.core.lesson_location", progress.location);
  }

  function markRead(section) {
    var id = short(section.id.replace(/^lesson-/, ""));
    if (progress.read.indexOf(id) >= 0) { return false; }
    progress.read.push(id);
    var link = document.querySelector('.contents a[href="#' + section.id + '"]');
    if (link && !link.querySelector(".read-mark")) {
      var mark = document.createElement("span");
      mark.className = "read-mark";
      mark.textContent = " (" + (text.read || "read") + ")";
      link.appendChild(mark);
    }
    return true;
  }

  function restore(data, location) {
    var saved;
    try { saved = JSON.parse(data || "{}"); } catch (error) { saved = {}; }
    var read = saved && saved.read instanceof Array ? saved.read : [];
    var sections = lessons();
    for (var i = 0; i < sections.length; i++) {
      if (read.indexOf(short(sections[i].id.replace(/^lesson-/, ""))) >= 0) { markRead(sections[i]); }
    }
    if (saved && typeof saved.seed === "number") { seed = saved.seed >>> 0; }
    var answers = saved && saved.answers ? saved.answers : {};
    var inputs = document.querySelectorAll("#quiz-form input");
    for (var j = 0; j < inputs.length; j++) {
      var chosen = answers[short(inputs[j].name.replace(/^q-/, ""))];
      // Ids that no longer exist (a newer release replaced the package) are simply not found.
      if (chosen instanceof Array && chosen.indexOf(short(inputs[j].value)) >= 0) { inputs[j].checked = true; }
    }
    var target = location && /^(lesson-[\w-]+|quiz)$/.test(location) ? document.getElementById(location) : null;
    if (target) {
      progress.location = location;
      target.scrollIntoView();
    }
  }

  function trackReading() {
    if (!("IntersectionObserver" in window)) { return; }
    // A lesson counts as read once its end has been on screen; the place is the last section entered.
    var ends = new IntersectionObserver(function (entries) {
      var changed = false;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].isIntersecting) { changed = markRead(entries[i].target.parentNode) || changed; }
      }
      if (changed) { saveProgress(); }
    });
    // The place is the section that crosses the top third of the screen: a jump into the middle of a
    // long lesson (a link, the browser's find) counts, not only a heading scrolled past.
    var places = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        var section = entries[i].target;
        if (entries[i].isIntersecting && section.id !== progress.location) {
          progress.location = section.id;
          saveProgress();
        }
      }
    }, {rootMargin: "0px 0px -66% 0px"});
    var sections = lessons();
    for (var i = 0; i < sections.length; i++) {
      ends.observe(sections[i].lastElementChild);
      places.observe(sections[i]);
    }
    var quiz = document.getElementById("quiz");
    if (quiz) { places.observe(quiz); }
  }

  function leave() {
    // Leaving before submitting: suspend, so that the next launch resumes here.
    if (!api || finished) { return; }
    saveProgress();
    lms("LMSSetValue", "cmi.core.exit", submitted ? "" : "suspend");
    lms("LMSSetValue", "cmi.core.session_time", timespan(new Date().getTime() - startedAt));
    lms("LMSCommit", "");
    lms("LMSFinish", "");
    finished = true;
  }

  function start() {
    api = findAPI();
    if (api && lms("LMSInitialize", "") !== "true") {
      // Typically the page was reloaded (Back after a link, a refresh) after LMSFinish: SCORM 1.2
      // allows one session per launch, so say so instead of claiming there is no platform.
      var problem = lastError();
      api = null;
      text.local_only = text.not_recorded_ended;
      setStatus(say(text.session_ended, {error: problem}));
      return;
    }
    if (!api) {
      setStatus(text.no_lms);
      return;
    }
    startedAt = new Date().getTime();
    earlier.status = lms("LMSGetValue", "cmi.core.lesson_status");
    earlier.raw = parseFloat(lms("LMSGetValue", "cmi.core.score.raw"));
    var entry = lms("LMSGetValue", "cmi.core.entry");
    if (!key) {
      // No quiz: reading the module is the whole activity.
      lms("LMSSetValue", "cmi.core.lesson_status", "completed");
    } else if (earlier.status === "not attempted" || earlier.status === "" || earlier.status === "false") {
      // Only a first launch becomes "incomplete": a learner who passed earlier keeps "passed".
      lms("LMSSetValue", "cmi.core.lesson_status", "incomplete");
    }
    if (entry === "resume") {
      restore(lms("LMSGetValue", "cmi.suspend_data"), lms("LMSGetValue", "cmi.core.lesson_location"));
      setStatus(text.resumed);
    }
    if (key && earlier.status === "passed") { setStatus(text.passed_before); }
    // Leaving the page without submitting still closes the session, so the LMS stores it.
    window.addEventListener("pagehide", leave);
    window.addEventListener("beforeunload", leave);
  }

  // --- The draw: which questions this attempt asks and in which order their options come. ---
  function applyDraw() {
    if (seed === null) { seed = window.ElearnPool.newSeed(); }
    var picks = window.ElearnPool.draw(key.questions, key.ask, seed);
    var chosen = {};
    for (var i = 0; i < picks.length; i++) { chosen[picks[i].id] = picks[i]; }
    asked = [];
    for (var j = 0; j < key.questions.length; j++) {
      var question = key.questions[j];
      var fieldset = document.getElementById("question-" + question.id);
      var pick = chosen[question.id];
      // A question not drawn is hidden and disabled: it is neither shown, read out, nor graded.
      fieldset.hidden = !pick;
      fieldset.disabled = !pick;
      if (!pick) { continue; }
      asked.push(question);
      var before = document.getElementById("verdict-" + question.id);
      for (var k = 0; k < pick.answers.length; k++) {
        var choice = document.getElementById("a-" + pick.answers[k]).parentNode;
        fieldset.insertBefore(choice, before);
      }
      var number = fieldset.querySelector(".question-number");
      if (number && text.question) { number.textContent = say(text.question, {n: asked.length}); }
    }
  }

  // --- Grading: scoring-rule.js, the rule of modules/grading.py. ---
  function selectedIds(fieldset) {
    var ids = [];
    var inputs = fieldset.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) { if (inputs[i].checked) { ids.push(inputs[i].value); } }
    return ids;
  }

  function showFeedback(fieldset, question, selected, score) {
    var verdict = document.getElementById("verdict-" + question.id);
    var state = score >= 1 ? "correct" : (score > 0 ? "partly" : "wrong");
    verdict.textContent = text[state] || state;
    verdict.className = "verdict verdict-" + state;
    verdict.hidden = false;
    fieldset.className += " is-" + state;
    for (var i = 0; i < selected.length; i++) {
      var feedback = document.getElementById("feedback-" + selected[i]);
      if (feedback) {
        feedback.hidden = false;
        document.getElementById("a-" + selected[i]).setAttribute("aria-describedby", feedback.id);
      }
    }
  }

  function report(percent, passed) {
    // score.raw is the percent with the one decimal the page shows: CMIDecimal allows it, and
    // rounding it again to a whole number would be a second rounding rule.
    var raw = Math.min(100, Math.max(0, percent));
    var status = passed ? "passed" : "failed";
    var keptPass = earlier.status === "passed" && !passed;
    if (earlier.status === "passed") {
      status = "passed"; // a retake never downgrades a pass, nor its score
      if (!isNaN(earlier.raw) && earlier.raw > raw) { raw = earlier.raw; }
    }
    var ok = true;
    var calls = [["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"], ["cmi.core.score.raw", String(raw)],
                 ["cmi.core.lesson_status", status], ["cmi.suspend_data", suspendData(false)],
                 ["cmi.core.lesson_location", progress.location], ["cmi.core.exit", ""],
                 ["cmi.core.session_time", timespan(new Date().getTime() - startedAt)]];
    for (var i = 0; i < calls.length; i++) {
      if (lms("LMSSetValue", calls[i][0], calls[i][1]) !== "true" && i < 4) { ok = false; }
    }
    if (lms("LMSCommit", "") !== "true") { ok = false; }
    var problem = ok ? "" : lastError();
    lms("LMSFinish", "");
    finished = true;
    if (!ok) { return say(text.not_sent, {error: problem}); }
    return keptPass ? text.kept_pass : text.sent;
  }

  function onSubmit(event) {
    event.preventDefault();
    if (submitted) { return; }
    var form = event.target;
    var error = document.getElementById("quiz-error");
    var answers = [];
    for (var i = 0; i < asked.length; i++) {
      var fieldset = document.getElementById("question-" + asked[i].id);
      var selected = selectedIds(fieldset);
      if (!selected.length) {
        // Like modules/grading.validate_submission: every question answered, or nothing is graded.
        error.textContent = text.answer_all || "";
        error.hidden = false;
        fieldset.querySelector("input").focus();
        return;
      }
      answers.push({fieldset: fieldset, selected: selected});
    }
    submitted = true;
    error.hidden = true;
    form.querySelector("button[type=submit]").disabled = true;
    var result = window.ElearnScoring.gradeQuiz(asked, answers.map(function (a) { return a.selected; }));
    for (var j = 0; j < answers.length; j++) {
      showFeedback(answers[j].fieldset, asked[j], answers[j].selected, result.scores[j]);
      answers[j].fieldset.disabled = true;
    }
    var passed = result.percent >= key.pass_mark;
    document.getElementById("result-score").textContent =
      say(passed ? text.passed : text.failed, {percent: result.percent, pass_mark: key.pass_mark});
    document.getElementById("result-lms").textContent = api ? report(result.percent, passed) : (text.local_only || "");
    var box = document.getElementById("quiz-result");
    box.hidden = false;
    box.focus();
  }

  start();
  if (key) { applyDraw(); }
  trackReading();
  var form = document.getElementById("quiz-form");
  if (form && key) {
    form.addEventListener("submit", onSubmit);
    form.addEventListener("change", saveProgress);
  }
}());
