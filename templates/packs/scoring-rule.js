/* The one grading and rounding rule of elearn quizzes in the browser, shipped unchanged in every
 * SCORM package (scoring-rule.js) and offline copy (assets/scoring-rule.js). It is modules/grading.py
 * with modules/scoring_rule.py: a question scores 1 for exactly the right answer (single, true/false)
 * or +1/k per right and -1/k per wrong option, floored at 0 (multiple, k right options), rounded half
 * up to 4 decimals; the quiz percent is rounded half up to 1 decimal. Everything is counted in whole
 * ten-thousandths of a point, so no binary fraction ever decides a rounding tie.
 * tests/modules/packs/test_scoring_rule.py runs this file with node against the Python rule.
 * ES5 on purpose: LMS players embed SCOs in whatever browser their learners use. */
(function (root) {
  "use strict";

  var UNITS = 10000; // one point, in ten-thousandths

  function floorDiv(a, b) { return (a - a % b) / b; } // a >= 0, b > 0: exact for integers

  // The score of one question, in ten-thousandths of a point.
  function questionUnits(type, correctIds, selectedIds) {
    var hits = 0, misses = 0, seen = {};
    for (var i = 0; i < selectedIds.length; i++) {
      if (seen[selectedIds[i]]) { continue; }
      seen[selectedIds[i]] = true;
      if (correctIds.indexOf(selectedIds[i]) >= 0) { hits++; } else { misses++; }
    }
    if (type === "multiple") {
      var k = correctIds.length;
      var net = Math.max(0, hits - misses);
      return k ? floorDiv(2 * UNITS * net + k, 2 * k) : 0; // UNITS * net / k, half up
    }
    return (misses === 0 && hits === correctIds.length) ? UNITS : 0;
  }

  // The quiz percent, rounded half up to one decimal, from the summed units of `questions` questions.
  function percent(totalUnits, questions) {
    if (!questions) { return 0; }
    // percent in tenths = 1000 * (totalUnits / UNITS) / questions = totalUnits / (10 * questions)
    return floorDiv(2 * totalUnits + 10 * questions, 20 * questions) / 10;
  }

  // `questions`: [{type, correct: [answer ids]}]; `selections`: per question, the chosen answer ids.
  function gradeQuiz(questions, selections) {
    var scores = [], total = 0;
    for (var i = 0; i < questions.length; i++) {
      var units = questionUnits(questions[i].type, questions[i].correct, selections[i] || []);
      scores.push(units / UNITS);
      total += units;
    }
    return {scores: scores, score: total / UNITS, max: questions.length, percent: percent(total, questions.length)};
  }

  root.ElearnScoring = {questionUnits: questionUnits, percent: percent, gradeQuiz: gradeQuiz};
}(typeof window !== "undefined" ? window : globalThis));
