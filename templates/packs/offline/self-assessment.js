/* Offline self-assessment: the profile rule of modules/self_assessment.py, in the browser.
 *
 * The areas, statements, lessons to revisit and labels are embedded in the page (script#sa-data):
 * a page opened from file:// may not fetch other files. Nothing is stored or sent anywhere.
 * Means are in tenths, rounded half up with integers, exactly as meanTenths() in Python:
 * (20 * sum + n) // (2 * n). tests/modules/packs/test_offline_self_assessment.py compares the two.
 */
(function () {
  "use strict";

  var WEAK_BELOW_TENTHS = 30, MAX = 5;

  function meanTenths(values) {
    var n = values.length, sum = values.reduce(function (a, b) { return a + b; }, 0);
    return Math.floor((20 * sum + n) / (2 * n));
  }

  function meanText(tenths) { return Math.floor(tenths / 10) + "." + (tenths % 10); }

  // areas: [{id, title, statements: [ids]}]; ratings: {statement id: 1..5}, every statement rated.
  function buildProfile(areas, ratings) {
    var scores = areas.filter(function (a) { return a.statements.length; }).map(function (area) {
      var values = area.statements.map(function (id) { return ratings[id]; });
      return {area: area, ratings: values, tenths: meanTenths(values)};
    });
    var profile = {scores: scores, strongest: [], weakest: [], toRevisit: []};
    if (!scores.length) { return profile; }
    var all = scores.map(function (s) { return s.tenths; });
    var top = Math.max.apply(null, all), low = Math.min.apply(null, all);
    if (top !== low) {
      profile.strongest = scores.filter(function (s) { return s.tenths === top; });
      profile.weakest = scores.filter(function (s) { return s.tenths === low; });
    }
    profile.toRevisit = scores.filter(function (s) { return s.tenths < WEAK_BELOW_TENTHS || profile.weakest.indexOf(s) >= 0; });
    return profile;
  }

  window.ElearnSelfAssessment = {meanTenths: meanTenths, buildProfile: buildProfile};

  var dataNode = document.getElementById("sa-data");
  var form = document.getElementById("sa-form");
  if (!dataNode || !form) { return; }
  var data = JSON.parse(dataNode.textContent);
  var labels = data.labels;
  var scaleLabels = {};
  data.scale.forEach(function (s) { scaleLabels[s.value] = s.label; });
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs, text, ns) {
    var node = ns ? document.createElementNS(SVG, name) : document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, key) { return values[key]; });
  }

  function readRatings() {
    var ratings = {}, missing = [];
    data.areas.forEach(function (area) {
      area.statements.forEach(function (id) {
        var checked = form.querySelector('input[name="rating-' + id + '"]:checked');
        var box = document.getElementById("st-" + id);
        var value = checked ? parseInt(checked.value, 10) : NaN;
        if (value >= 1 && value <= MAX) { ratings[id] = value; box.classList.remove("has-error"); box.removeAttribute("aria-describedby"); }
        else { missing.push(id); box.classList.add("has-error"); box.setAttribute("aria-describedby", "sa-error"); }
      });
    });
    return {ratings: ratings, missing: missing};
  }

  function chart(profile) {
    var width = 320, left = 4, plot = width - left - 36, row = 46, height = row * profile.scores.length + 24;
    var svg = el("svg", {viewBox: "0 0 " + width + " " + height, role: "img", "class": "profile-chart",
      "aria-labelledby": "profile-chart-title profile-chart-desc", preserveAspectRatio: "xMinYMin meet"}, undefined, true);
    svg.appendChild(el("title", {id: "profile-chart-title"}, labels.chart_title, true));
    svg.appendChild(el("desc", {id: "profile-chart-desc"}, profile.scores.map(function (s) {
      return format(labels.area_mean, {area: s.area.title, mean: meanText(s.tenths)});
    }).join("; "), true));
    for (var tick = 0; tick <= MAX; tick++) {
      var x = (left + plot * tick / MAX).toFixed(1);
      svg.appendChild(el("line", {x1: x, y1: 0, x2: x, y2: height - 18, stroke: "#c9c9c9", "stroke-width": 1}, undefined, true));
      svg.appendChild(el("text", {x: x, y: height - 4, "font-size": 12, "text-anchor": "middle", fill: "#333"}, String(tick), true));
    }
    profile.scores.forEach(function (s, i) {
      var y = i * row, w = plot * s.tenths / (10 * MAX);
      svg.appendChild(el("text", {x: left, y: y + 14, "font-size": 14, fill: "#1a1a1a"}, s.area.title, true));
      svg.appendChild(el("rect", {x: left, y: y + 19, width: w.toFixed(1), height: 14, fill: "#2e6f8e"}, undefined, true));
      svg.appendChild(el("text", {x: (left + w + 4).toFixed(1), y: y + 31, "font-size": 13, fill: "#1a1a1a"}, meanText(s.tenths), true));
    });
    return svg;
  }

  function names(scores) {
    return scores.map(function (s) { return s.area.title + " (" + meanText(s.tenths) + ")"; }).join(", ");
  }

  function show(profile) {
    var box = document.getElementById("sa-profile");
    box.textContent = "";
    var figure = el("figure", {"class": "sa-chart"});
    figure.appendChild(chart(profile));
    box.appendChild(figure);
    var table = el("table", {"class": "progress-table sa-table"});
    table.appendChild(el("caption", {}, labels.caption));
    var head = el("tr");
    head.appendChild(el("th", {scope: "col"}, labels.area));
    head.appendChild(el("th", {scope: "col"}, labels.mean));
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    profile.scores.forEach(function (s) {
      var tr = body.appendChild(el("tr"));
      tr.appendChild(el("th", {scope: "row"}, s.area.title));
      tr.appendChild(el("td", {}, meanText(s.tenths)));
    });
    var scroll = el("div", {"class": "table-scroll"});
    scroll.appendChild(table);
    box.appendChild(scroll);
    if (profile.strongest.length) {
      var strong = box.appendChild(el("p"));
      strong.appendChild(el("strong", {}, labels.strongest));
      strong.appendChild(document.createTextNode(" " + names(profile.strongest)));
      var weak = box.appendChild(el("p"));
      weak.appendChild(el("strong", {}, labels.weakest));
      weak.appendChild(document.createTextNode(" " + names(profile.weakest)));
    } else {
      box.appendChild(el("p", {}, labels.all_equal));
    }
    if (profile.toRevisit.length) {
      box.appendChild(el("h3", {}, labels.revisit));
      var list = box.appendChild(el("ul", {"class": "sa-revisit"}));
      profile.toRevisit.forEach(function (s) {
        var li = list.appendChild(el("li"));
        li.appendChild(el("strong", {}, s.area.title));
        li.appendChild(document.createTextNode(" (" + meanText(s.tenths) + ")" + (s.area.revisit.length ? ": " : "")));
        s.area.revisit.forEach(function (link, i) {
          if (i) { li.appendChild(document.createTextNode(", ")); }
          li.appendChild(el("a", {href: link.href}, link.title));
        });
      });
    }
  }

  function csv(profile) {
    function cell(value) {
      var text = String(value);
      if (/^[=+\-@]/.test(text)) { text = "'" + text; }
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }
    var rows = [[labels.csv_title, document.getElementById("sa-title").textContent], [], [labels.area, labels.statement, labels.rating, labels.scale_label]];
    profile.scores.forEach(function (s) {
      s.area.statements.forEach(function (id, i) {
        rows.push([s.area.title, document.querySelector("#st-" + id + " legend").textContent.trim(), s.ratings[i], scaleLabels[s.ratings[i]]]);
      });
    });
    rows.push([], [labels.area, labels.question, labels.mean]);
    profile.scores.forEach(function (s) { rows.push([s.area.title, s.area.question, meanText(s.tenths)]); });
    return rows.map(function (r) { return r.map(cell).join(","); }).join("\r\n") + "\r\n";
  }

  var last = null;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var error = document.getElementById("sa-error");
    var read = readRatings();
    if (read.missing.length) {
      error.textContent = labels.missing;
      error.hidden = false;
      error.focus();
      return;
    }
    error.hidden = true;
    last = buildProfile(data.areas, read.ratings);
    show(last);
    var result = document.getElementById("sa-result");
    result.hidden = false;
    document.getElementById("sa-result-heading").focus();
  });
  document.getElementById("sa-csv").addEventListener("click", function () {
    if (!last) { return; }
    var link = el("a", {href: URL.createObjectURL(new Blob([csv(last)], {type: "text/csv;charset=utf-8"})), download: "self-assessment.csv"});
    document.body.appendChild(link);
    link.click();
    link.remove();
  });
  document.getElementById("sa-print").addEventListener("click", function () { window.print(); });
}());
