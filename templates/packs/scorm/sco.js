/* SCO runtime of a SCORM 1.2 module package exported by elearn (modules/packs/scorm.py).
 *
 * Finds the LMS API, grades the quiz in the browser with the same rules as modules/grading.py and
 * reports the result: score.min, score.max, score.raw, lesson_status, LMSCommit, LMSFinish, in that
 * order and nothing after LMSFinish. Without an LMS the page still works and shows the score locally.
 * Written in ES5 on purpose: LMS players embed SCOs in whatever browser their learners use. */
(function () {
  "use strict";

  var MAX_PARENTS = 10; // as in ADL's reference API discovery: bounded, never an endless walk
  var api = null;
  var finished = false; // LMSFinish was called: the API must not be used again
  var submitted = false; // the quiz was graded: a second submit (double click, Enter) does nothing

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var key = readJSON("quiz-key");
  var text = readJSON("sco-messages") || {};

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
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

  function finish() {
    if (!api || finished) { return; }
    lms("LMSFinish", "");
    finished = true;
  }

  function start() {
    var status = document.getElementById("lms-status");
    api = findAPI();
    if (api && lms("LMSInitialize", "") !== "true") { api = null; }
    if (!api) {
      if (status) { status.textContent = text.no_lms || ""; }
      return;
    }
    var current = lms("LMSGetValue", "cmi.core.lesson_status");
    if (!key) {
      // No quiz: reading the module is the whole activity.
      lms("LMSSetValue", "cmi.core.lesson_status", "completed");
    } else if (current === "not attempted" || current === "" || current === "false") {
      // Only a first launch becomes "incomplete": a learner who passed earlier keeps "passed".
      lms("LMSSetValue", "cmi.core.lesson_status", "incomplete");
    }
    // Leaving the page without submitting still closes the session, so the LMS stores it.
    window.addEventListener("pagehide", finish);
    window.addEventListener("beforeunload", finish);
  }

  // --- Grading: modules/grading.py, line for line. ---
  function round(value, places) {
    var factor = Math.pow(10, places);
    return Math.round(value * factor) / factor;
  }

  function gradeQuestion(question, selected) {
    var hits = 0, misses = 0;
    for (var i = 0; i < selected.length; i++) {
      if (question.correct.indexOf(selected[i]) >= 0) { hits++; } else { misses++; }
    }
    var score;
    if (question.type === "multiple") {
      // +1/k per right option, -1/k per wrong one, floored at 0 (k = number of right options).
      score = question.correct.length ? Math.max(0, (hits - misses) / question.correct.length) : 0;
    } else {
      // single and true_false: exactly the right answer, nothing else.
      score = (misses === 0 && hits === question.correct.length) ? 1 : 0;
    }
    return round(score, 4);
  }

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
    var raw = String(Math.min(100, Math.max(0, Math.round(percent))));
    var ok = true;
    var calls = [["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"], ["cmi.core.score.raw", raw],
                 ["cmi.core.lesson_status", passed ? "passed" : "failed"]];
    for (var i = 0; i < calls.length; i++) {
      if (lms("LMSSetValue", calls[i][0], calls[i][1]) !== "true") { ok = false; }
    }
    if (lms("LMSCommit", "") !== "true") { ok = false; }
    var problem = ok ? "" : lastError();
    finish();
    return ok ? text.sent : say(text.not_sent || "", {error: problem});
  }

  function onSubmit(event) {
    event.preventDefault();
    if (submitted) { return; }
    var form = event.target;
    var error = document.getElementById("quiz-error");
    var answers = [];
    for (var i = 0; i < key.questions.length; i++) {
      var fieldset = document.getElementById("question-" + key.questions[i].id);
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
    var total = 0;
    for (var j = 0; j < answers.length; j++) {
      var score = gradeQuestion(key.questions[j], answers[j].selected);
      total += score;
      showFeedback(answers[j].fieldset, key.questions[j], answers[j].selected, score);
      answers[j].fieldset.disabled = true;
    }
    var percent = round(100 * round(total, 4) / key.questions.length, 1);
    var passed = percent >= key.pass_mark;
    document.getElementById("result-score").textContent =
      say(passed ? text.passed : text.failed, {percent: percent, pass_mark: key.pass_mark});
    document.getElementById("result-lms").textContent = api ? report(percent, passed) : (text.local_only || "");
    var result = document.getElementById("quiz-result");
    result.hidden = false;
    result.focus();
  }

  start();
  var form = document.getElementById("quiz-form");
  if (form && key) { form.addEventListener("submit", onSubmit); }
}());
