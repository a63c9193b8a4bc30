{% verbatim %}/* Offline self-check: grades a quiz in the browser with the rules of modules/grading.py.
 *
 * The quiz, its answer key and its feedback are embedded in the page (script#quiz-data), because a
 * page opened from file:// may not fetch other local files. Nothing is stored or sent anywhere.
 * gradeQuiz() grades with assets/scoring-rule.js, the rule of grade_question/grade_quiz, so the score
 * a reader sees here is the score the site would give; the tests compare the two.
 * Each check is an attempt: assets/question-pool.js (modules/question_pool.py) draws its questions
 * and option order from a fresh seed when the page opens and again after "Clear my answers"; only
 * the drawn questions are shown and graded.
 */
(function () {
  "use strict";

  // Grading and rounding are assets/scoring-rule.js, the one rule of the site, the SCO and this page.
  var rule = window.ElearnScoring;

  function correctIds(question) {
    return question.answers.filter(function (a) { return a.correct; }).map(function (a) { return a.id; });
  }

  function gradeQuestion(question, selectedIds) {
    var selected = new Set(selectedIds);
    var chosen = question.answers.filter(function (a) { return selected.has(a.id); });
    return {
      id: question.id,
      selected: chosen.map(function (a) { return a.id; }),
      score: rule.questionUnits(question.type, correctIds(question), selectedIds) / 10000,
      max: 1,
      feedback: chosen.filter(function (a) { return a.feedback; }).map(function (a) { return a.feedback; })
    };
  }

  // `submission` maps question id -> list of answer ids; every question must be answered.
  function gradeQuiz(questions, submission) {
    var total = rule.gradeQuiz(questions.map(function (q) { return {type: q.type, correct: correctIds(q)}; }),
                               questions.map(function (q) { return submission[q.id] || []; }));
    var results = questions.map(function (q) { return gradeQuestion(q, submission[q.id] || []); });
    return { questions: results, score: total.score, max: total.max, percent: total.percent };
  }

  function points(x) { return Number.isInteger(x) ? String(x) : x.toFixed(2); }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  // The indexes (into data.questions) of the questions this attempt asks, in page order.
  var asked = [];

  function applyDraw(form, data) {
    var pool = data.questions.map(function (q) { return { id: q.id, type: q.type, answers: q.answers.map(function (a) { return a.id; }) }; });
    var picks = window.ElearnPool.draw(pool, data.ask, window.ElearnPool.newSeed());
    var chosen = {};
    picks.forEach(function (pick) { chosen[pick.index] = pick; });
    asked = [];
    form.querySelectorAll("fieldset.question").forEach(function (fieldset, index) {
      var pick = chosen[index];
      // A question not drawn is hidden and disabled: neither shown, read out, nor graded.
      fieldset.hidden = !pick;
      fieldset.disabled = !pick;
      if (!pick) { return; }
      asked.push(index);
      var before = fieldset.querySelector(".question-result");
      pick.answers.forEach(function (answerId) {
        var input = fieldset.querySelector('input[value="' + answerId + '"]');
        fieldset.insertBefore(input.parentNode, before);
      });
      var number = fieldset.querySelector(".question-number");
      if (number && data.labels.question) { number.textContent = fill(data.labels.question, { n: asked.length }); }
    });
  }

  function readSubmission(form, data) {
    var submission = {};
    var missing = [];
    data.questions.forEach(function (question, index) {
      if (asked.indexOf(index) === -1) { return; }
      var checked = form.querySelectorAll('input[name="q' + index + '"]:checked');
      submission[question.id] = Array.from(checked).map(function (input) { return input.value; });
      if (!checked.length) { missing.push(index); }
    });
    return { submission: submission, missing: missing };
  }

  function showQuestion(fieldset, question, result, labels) {
    var box = fieldset.querySelector(".question-result");
    var state = result.score >= result.max ? "is-correct" : (result.score > 0 ? "is-partly" : "is-wrong");
    box.className = "question-result " + state;
    box.textContent = "";
    var verdict = { "is-correct": "✓ " + labels.correct, "is-partly": "◐ " + labels.partly, "is-wrong": "✗ " + labels.wrong }[state];
    var line = element("p", "verdict", verdict + " ");
    line.appendChild(element("span", "meta", "(" + points(result.score) + " / " + points(result.max) + ")"));
    box.appendChild(line);
    var list = element("ul", "answers");
    question.answers.forEach(function (answer, index) {
      var picked = result.selected.indexOf(answer.id) !== -1;
      var label = fieldset.querySelector('label[for="' + fieldset.querySelector('input[value="' + answer.id + '"]').id + '"]');
      var item = element("li", (picked ? "selected" : "") + (answer.correct ? " correct" : ""));
      if (picked) { item.appendChild(element("span", "tag", labels.your_answer)); }
      if (answer.correct) { item.appendChild(element("span", "tag tag-correct", labels.correct_answer)); }
      item.appendChild(document.createTextNode(" " + label.textContent));
      if (answer.feedback && (picked || answer.correct)) {
        var feedback = element("p", "feedback");
        feedback.innerHTML = answer.feedback;  // cleaned by the inline allow-list when the copy was built
        item.appendChild(feedback);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function clear(form, error, resultBox) {
    error.hidden = true;
    error.textContent = "";
    resultBox.hidden = true;
    form.querySelectorAll("fieldset.question").forEach(function (fieldset) {
      fieldset.classList.remove("has-error");
      fieldset.querySelector(".question-result").textContent = "";
      fieldset.querySelector(".question-result").className = "question-result";
    });
  }

  function init() {
    var dataNode = document.getElementById("quiz-data");
    var form = document.getElementById("selfcheck-form");
    if (!dataNode || !form) { return; }
    var data = JSON.parse(dataNode.textContent);
    var labels = data.labels;
    var error = document.getElementById("selfcheck-error");
    var resultBox = document.getElementById("selfcheck-result");
    var fieldsets = form.querySelectorAll("fieldset.question");

    applyDraw(form, data);
    // Clearing the answers starts a new attempt, with a new draw.
    form.addEventListener("reset", function () { clear(form, error, resultBox); applyDraw(form, data); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clear(form, error, resultBox);
      var read = readSubmission(form, data);
      if (read.missing.length) {
        // Like the site, a partial submission is refused as a whole, never graded in part.
        error.textContent = labels.unanswered;
        error.hidden = false;
        read.missing.forEach(function (index) { fieldsets[index].classList.add("has-error"); });
        fieldsets[read.missing[0]].querySelector("input").focus();
        return;
      }
      var questions = asked.map(function (index) { return data.questions[index]; });
      var result = gradeQuiz(questions, read.submission);
      var passed = result.percent >= data.pass_mark;
      result.questions.forEach(function (r, n) { showQuestion(fieldsets[asked[n]], questions[n], r, labels); });
      var heading = document.getElementById("score-heading");
      heading.textContent = fill(labels.score, { percent: result.percent.toFixed(1) });
      var verdict = document.getElementById("score-verdict");
      verdict.textContent = " " + fill(labels.details, { pass_mark: data.pass_mark, score: points(result.score), max: points(result.max) });
      verdict.insertBefore(element("strong", "", passed ? labels.passed : labels.failed), verdict.firstChild);
      resultBox.className = "panel result " + (passed ? "result-passed" : "result-failed");
      resultBox.hidden = false;
      heading.focus();
    });
  }

  window.ElearnSelfCheck = { gradeQuestion: gradeQuestion, gradeQuiz: gradeQuiz };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
{% endverbatim %}
