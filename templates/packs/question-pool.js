/* The question-pool draw of modules/question_pool.py in the browser, shipped unchanged in every SCORM
 * package (question-pool.js) and offline copy (assets/question-pool.js): from one 32-bit seed,
 * mulberry32 feeds Fisher-Yates shuffles that pick the questions an attempt asks (kept in authored
 * order) and the order of each one's options (true/false keeps True, False). Integer arithmetic only,
 * so the same seed gives the same draw as on the site; tests/modules/test_question_pool.py runs this
 * file with node against the Python draw. ES5 on purpose, like scoring-rule.js. */
(function (root) {
  "use strict";

  function generator(seed) {
    var state = seed >>> 0;
    return function below(n) {
      state = (state + 0x6D2B79F5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
  }

  function shuffled(items, below) {
    var copy = items.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = below(i + 1);
      var swap = copy[i]; copy[i] = copy[j]; copy[j] = swap;
    }
    return copy;
  }

  function askedCount(ask, total) { return ask ? Math.min(ask, total) : total; }

  // `pool`: [{id, type, answers: [answer ids]}] in authored order. Returns [{id, answers}] drawn.
  function draw(pool, ask, seed) {
    var below = generator(seed);
    var indexes = [];
    for (var i = 0; i < pool.length; i++) { indexes.push(i); }
    var chosen = shuffled(indexes, below).slice(0, askedCount(ask, pool.length));
    chosen.sort(function (a, b) { return a - b; });
    return chosen.map(function (index) {
      var question = pool[index];
      return { id: question.id, index: index,
               answers: question.type === "true_false" ? question.answers.slice() : shuffled(question.answers, below) };
    });
  }

  // A fresh seed for one attempt in this browser.
  function newSeed() {
    if (root.crypto && root.crypto.getRandomValues) {
      var buffer = new Uint32Array(1);
      root.crypto.getRandomValues(buffer);
      return buffer[0];
    }
    return Math.floor(Math.random() * 4294967296) >>> 0;
  }

  root.ElearnPool = { draw: draw, askedCount: askedCount, newSeed: newSeed };
}(typeof window !== "undefined" ? window : globalThis));
