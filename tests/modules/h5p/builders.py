"""Build .h5p packages for tests, shaped exactly like packages exported by H5P editors:
h5p.json, content/content.json, one folder per library (Machine.Name-major.minor/library.json …).

`elearn_check()` is our own small content type, H5P.ElearnCheck 1.0: it renders one question and
emits a scored xAPI statement ("answered") through H5P's own event dispatcher. Tests start from it
and break it in one specific way at a time."""

import io
import json
import zipfile

CHECK_JS = r"""
var H5P = H5P || {};
H5P.ElearnCheck = (function () {
  function ElearnCheck(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params;
    this.contentId = contentId;
  }
  ElearnCheck.prototype = Object.create(H5P.EventDispatcher.prototype);
  ElearnCheck.prototype.constructor = ElearnCheck;
  ElearnCheck.prototype.attach = function ($container) {
    var self = this;
    var root = document.createElement('div');
    root.className = 'h5p-elearncheck';
    var question = document.createElement('div');
    question.className = 'ec-question';
    question.innerHTML = self.params.question;  // an html field: sanitised by the server before it gets here
    root.appendChild(question);
    var fieldset = document.createElement('fieldset');
    (self.params.answers || []).forEach(function (answer, index) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = 'ec-' + self.contentId;
      input.value = String(index);
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + answer.text));
      fieldset.appendChild(label);
    });
    root.appendChild(fieldset);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'ec-check';
    button.textContent = self.params.checkLabel || 'Check';
    var result = document.createElement('p');
    result.className = 'ec-result';
    button.addEventListener('click', function () {
      var chosen = root.querySelector('input:checked');
      if (!chosen) { result.textContent = 'Choose an answer first.'; return; }
      var answer = self.params.answers[Number(chosen.value)];
      var score = answer.correct ? 1 : 0;
      result.textContent = score ? 'Correct!' : 'Not quite.';
      self.triggerXAPIScored(score, 1, 'answered');
    });
    root.appendChild(button);
    root.appendChild(result);
    $container.get(0).appendChild(root);
  };
  return ElearnCheck;
})();
"""

CHECK_CSS = ".h5p-elearncheck { padding: 1em; } .h5p-elearncheck label { display: block; margin: .3em 0; }\n"

CHECK_SEMANTICS = [
    {"name": "question", "type": "text", "widget": "html", "label": "Question", "tags": ["p", "strong", "em", "a"]},
    {"name": "answers", "type": "list", "label": "Answers", "entity": "answer", "field": {
        "name": "answer", "type": "group", "label": "Answer", "fields": [
            {"name": "text", "type": "text", "label": "Text"},
            {"name": "correct", "type": "boolean", "label": "Correct", "default": False},
        ]}},
    {"name": "checkLabel", "type": "text", "label": "Check button label", "default": "Check", "optional": True},
]


def library_json(machine_name="H5P.ElearnCheck", major=1, minor=0, patch=0, **overrides):
    data = {
        "title": "Elearn check", "machineName": machine_name, "majorVersion": major, "minorVersion": minor,
        "patchVersion": patch, "runnable": 1, "coreApi": {"majorVersion": 1, "minorVersion": 24},
        "license": "MIT", "author": "elearn tests",
        "preloadedJs": [{"path": "elearncheck.js"}], "preloadedCss": [{"path": "elearncheck.css"}],
    }
    data.update(overrides)
    return data


def h5p_json(title="Which helix does the quadruple helix add?", main="H5P.ElearnCheck", major=1, minor=0, **overrides):
    data = {
        "title": title, "language": "en", "mainLibrary": main, "license": "CC BY 4.0",
        "authors": [{"name": "S3-4AlpClusters training team", "role": "Author"}],
        "embedTypes": ["iframe"], "preloadedDependencies": [{"machineName": main, "majorVersion": major, "minorVersion": minor}],
    }
    data.update(overrides)
    return data


def check_content(**overrides):
    data = {
        "question": "<p>Which helix does the <strong>quadruple</strong> helix add to the triple helix?</p>",
        "answers": [{"text": "Civil society", "correct": True}, {"text": "Venture capital", "correct": False}],
        "checkLabel": "Check",
    }
    data.update(overrides)
    return data


def elearn_check_files(*, script=CHECK_JS, content=None, library=None, meta=None):
    """The files of a valid ElearnCheck package, as {path: bytes}; edit before zipping."""
    folder = "H5P.ElearnCheck-1.0"
    return {
        "h5p.json": json.dumps(meta or h5p_json()).encode(),
        "content/content.json": json.dumps(content or check_content()).encode(),
        f"{folder}/library.json": json.dumps(library or library_json()).encode(),
        f"{folder}/semantics.json": json.dumps(CHECK_SEMANTICS).encode(),
        f"{folder}/elearncheck.js": script.encode(),
        f"{folder}/elearncheck.css": CHECK_CSS.encode(),
    }


def zip_files(files, extra_infos=()):
    """Zip {path: bytes} (plus raw (ZipInfo, bytes) pairs) into .h5p bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            # A fixed timestamp: the same files always zip to the same bytes (and the same hash).
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        for info, data in extra_infos:
            archive.writestr(info, data)
    return buffer.getvalue()


def elearn_check(**kwargs):
    return zip_files(elearn_check_files(**kwargs))


MAIN_DEP = {"machineName": "H5P.ElearnCheck", "majorVersion": 1, "minorVersion": 0}

# file in the corpus -> (rule, entry) it must be refused with


def helper_library(name, deps=(), **extra):
    folder = f"{name}-1.0"
    meta = library_json(machine_name=name, runnable=0, preloadedJs=[{"path": "x.js"}], preloadedCss=[],
                        preloadedDependencies=[{"machineName": d, "majorVersion": 1, "minorVersion": 0} for d in deps], **extra)
    return {f"{folder}/library.json": json.dumps(meta).encode(), f"{folder}/x.js": b"var H5P = H5P || {};\n"}
