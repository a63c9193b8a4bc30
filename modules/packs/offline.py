"""The offline copy: static HTML under offline/ that a reader opens from offline/index.html, no server.

A pure function of the manifest (and of the .h5p files its H5P blocks name), like every export.
Pages link to each other and to the pack's media (stored at the zip root under media/) by relative
paths, so the copy works from file:// and from any folder it is unpacked into. Nothing is loaded
from the network: the stylesheet and the self-check script are written next to the pages, and each
quiz page embeds its own questions and answer key because a page opened from file:// may not fetch
other local files.

Lesson, callout and transcript HTML is cleaned again as every export cleans it (export_html.py: the
site's allow-list, web links in a new tab); every plain-text field is escaped by the template engine.

H5P activities play with h5p-standalone (offline_h5p.py): each .h5p is unpacked under offline/h5p/ (content per
activity, libraries shared) and the player is copied beside it. The player reads its JSON files with
fetch(), which browsers refuse for file:// URLs, so each lesson page also carries those JSON files in
a data block and assets/h5p-offline.js answers the player's fetch() calls from it.
"""

import json
import posixpath
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from ..licences import spdx_url
from ..self_assessment import FIELD_PREFIX, SCALE
from .export_html import inline_html, lesson_html
from .offline_h5p import H5P_JS, _h5p_page_context, _write_h5p
from .pack_translations import localise, manifest_languages, translated_languages

ROOT = "offline"
INDEX = "offline/index.html"
CSS = "offline/assets/offline.css"
JS = "offline/assets/selfcheck.js"
# Picks the reader's language on the source index page and remembers a choice made in the switcher.
LANGUAGE_JS = "offline/assets/language.js"
# The self-assessment's profile rule (modules/self_assessment.py) in JavaScript, computed in the browser.
SELF_ASSESSMENT_JS = "offline/assets/self-assessment.js"
# The grading and rounding rule shared with the SCORM SCO (modules/scoring_rule.py), shipped unchanged.
SCORING_RULE, SCORING_RULE_TEMPLATE = "offline/assets/scoring-rule.js", "packs/scoring-rule.js"
# The question-pool draw shared with the SCORM SCO (modules/question_pool.py), shipped unchanged.
QUESTION_POOL, QUESTION_POOL_TEMPLATE = "offline/assets/question-pool.js", "packs/question-pool.js"
TEMPLATES = "packs/offline"
# Names the copy itself uses: a module or lesson slug equal to one of them gets a prefix instead.
RESERVED_DIRS = {"assets"}
RESERVED_PAGES = {"index", "quiz", "self-assessment"}
# The same escapes as Django's json_script: no "</script>", "<!--" or "&" can end the data block early.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}



@dataclass(frozen=True)
class Page:
    arcname: str
    kind: str  # kit | module | lesson | self_assessment | quiz
    title: str
    module: dict | None = None
    lesson: dict | None = None


def write_offline_copy(manifest, add_file, open_media=None):
    """Call add_file(arcname, data) for every page and asset of the offline copy (all under offline/).

    `open_media(path)` returns a binary file for a manifest media path; it is needed only to unpack
    the .h5p files of H5P blocks. Without it, H5P blocks show a note instead of the activity."""
    h5p = _write_h5p(manifest, add_file, open_media)
    source = manifest_languages(manifest)[0]
    # The source language at offline/, each translated language at offline/<language>/ with the whole
    # kit (items not translated yet show the source text with a note), so every page has its twin.
    roots = {source: ROOT, **{language: f"{ROOT}/{language}" for language in translated_languages(manifest)}}
    reserved = RESERVED_DIRS | set(roots) - {source}
    for language, root in roots.items():
        localised = localise(manifest, language)
        pages = plan_pages(localised, root, reserved)
        translated = (manifest.get("translations") or {}).get(language, {}) if language != source else None
        with translation.override(language):
            for index, page in enumerate(pages):
                context = _page_context(localised, pages, index, h5p)
                context.update(_language_context(page, roots, language, source, translated, manifest["kit"]["id"]))
                add_file(page.arcname, render_to_string(f"{TEMPLATES}/{page.kind}.html", context).encode("utf-8"))
    if len(roots) > 1:
        add_file(LANGUAGE_JS, render_to_string(f"{TEMPLATES}/language.js").encode("utf-8"))
    with translation.override(source):
        add_file(CSS, render_to_string(f"{TEMPLATES}/offline.css", {"site_css": _site_css()}).encode("utf-8"))
        add_file(JS, render_to_string(f"{TEMPLATES}/selfcheck.js").encode("utf-8"))
        if any(page.kind == "self_assessment" for page in pages):
            add_file(SELF_ASSESSMENT_JS, get_template(f"{TEMPLATES}/self-assessment.js").template.source.encode("utf-8"))
        add_file(SCORING_RULE, get_template(SCORING_RULE_TEMPLATE).template.source.encode("utf-8"))
        if any(page.kind == "quiz" for page in pages):
            add_file(QUESTION_POOL, get_template(QUESTION_POOL_TEMPLATE).template.source.encode("utf-8"))
        if any(h5p.activities.values()):
            add_file(H5P_JS, render_to_string(f"{TEMPLATES}/h5p-offline.js").encode("utf-8"))


def plan_pages(manifest, root=ROOT, reserved=RESERVED_DIRS):
    """Every page of the copy in reading order: kit, then each module, its lessons, its self-assessment
    and its quiz."""
    pages = [Page(f"{root}/index.html", "kit", manifest["kit"]["title"])]
    for module in manifest["modules"]:
        folder = f"{root}/" + _safe_name(module["slug"], reserved, "module")
        pages.append(Page(f"{folder}/index.html", "module", module["title"], module))
        for lesson in module["lessons"]:
            name = _safe_name(lesson["slug"], RESERVED_PAGES, "lesson")
            pages.append(Page(f"{folder}/{name}.html", "lesson", lesson["title"], module, lesson))
        if module.get("self_assessment"):
            pages.append(Page(f"{folder}/self-assessment.html", "self_assessment", module["self_assessment"]["title"], module))
        if module.get("quiz"):
            pages.append(Page(f"{folder}/quiz.html", "quiz", module["quiz"]["title"], module))
    return pages


def _item_id(page, kit_id):
    if page.kind == "kit":
        return kit_id
    if page.kind == "module":
        return page.module["id"]
    if page.kind == "lesson":
        return page.lesson["id"]
    return page.module["quiz"]["id"]


def _language_context(page, roots, language, source, translated, kit_id):
    """The language switcher (the same page in every other language) and the fallback note."""
    if len(roots) == 1:
        return {}
    tail = page.arcname[len(roots[language]):]
    switcher = []
    for code, root in roots.items():
        try:
            name = get_language_info(code)["name_local"]
        except KeyError:
            name = code
        switcher.append({"code": code, "name": name, "current": code == language, "href": relative_url(page.arcname, root + tail)})
    untranslated = translated is not None and _item_id(page, kit_id) not in translated
    return {"languages": switcher, "language_js_href": relative_url(page.arcname, LANGUAGE_JS),
            "choose_language": language == source and page.kind == "kit", "fallback_lang": source if untranslated else None}


def relative_url(source, target):
    """The href that leads from the page stored at `source` to the file stored at `target`."""
    return posixpath.relpath(target, posixpath.dirname(source))


def _safe_name(slug, reserved, prefix):
    return f"{prefix}-{slug}" if slug in reserved else slug


def _page_context(manifest, pages, index, h5p):
    page = pages[index]
    kit = manifest["kit"]

    def href(target):
        return relative_url(page.arcname, target)

    module_pages = {p.module["id"]: p for p in pages if p.kind == "module"}
    context = {
        "kind": page.kind, "title": page.title, "lang": kit["languages"][0], "kit": kit,
        "funding": manifest["funding"], "version": manifest["version"], "created": manifest["created"][:10],
        "licence_url": manifest["metadata"].get("license") or spdx_url(kit["licence"]),
        "css_href": href(CSS), "js_href": href(JS), "scoring_rule_href": href(SCORING_RULE), "pool_href": href(QUESTION_POOL), "home_href": href(pages[0].arcname),
        "previous": _link(pages[index - 1], href) if index > 0 else None,
        "next": _link(pages[index + 1], href) if index + 1 < len(pages) else None,
    }
    if page.kind == "kit":
        context["jsonld"] = mark_safe(json.dumps(manifest["metadata"], ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES))
        context["modules"] = [
            {"module": p.module, "href": href(p.arcname), "lessons": len(p.module["lessons"]), "has_quiz": bool(p.module.get("quiz"))}
            for p in module_pages.values()
        ]
        context["activities"] = [{"title": p.title, "href": href(p.arcname)} for p in pages if p.kind == "self_assessment"]
        return context
    module = page.module
    module_page = module_pages[module["id"]]
    context.update(module=module, module_href=href(module_page.arcname), crumbs=[{"title": kit["code"], "href": href(pages[0].arcname)}])
    context["outline"] = [
        {"title": p.title, "href": href(p.arcname), "kind": p.kind, "current": p is page,
         "minutes": p.lesson["estimated_minutes"] if p.lesson else None}
        for p in pages if p.module is module and p.kind in ("lesson", "self_assessment", "quiz")
    ]
    if page.kind == "module":
        context["crumb_current"] = module["code"]
        return context
    context["crumbs"].append({"title": module["code"], "href": href(module_page.arcname)})
    context["crumb_current"] = page.title
    if page.kind == "lesson":
        quiz_pages = {p.module["quiz"]["id"]: p for p in pages if p.kind == "quiz"}
        context.update(lesson=page.lesson, blocks=[_block(block, href, quiz_pages, h5p) for block in page.lesson["blocks"]])
        context.update(_h5p_page_context(page.lesson["blocks"], href, h5p))
    elif page.kind == "self_assessment":
        lesson_pages = {p.lesson["id"]: p for p in pages if p.kind == "lesson"}
        context.update(_self_assessment_context(module["self_assessment"], lesson_pages, href), sa_js_href=href(SELF_ASSESSMENT_JS))
    else:
        context.update(_quiz_context(module["quiz"]))
    return context


def _self_assessment_context(activity, lesson_pages, href):
    """The form, and the data block the script reads: areas, statements, the lessons to revisit
    (those in this copy, by relative link) and the labels in the copy's language."""
    # The entries of modules/includes/self_assessment_areas.html, as the site's form gives them.
    form_areas = [{"area": a, "number": n, "statements": [{"id": s["id"], "text": s["text"], "field": FIELD_PREFIX + s["id"]} for s in a["statements"]]}
                  for n, a in enumerate(activity["areas"], start=1)]
    data = {
        "areas": [{"id": a["id"], "title": a["title"], "question": a["question"], "statements": [s["id"] for s in a["statements"]],
                   "revisit": [{"title": lesson_pages[key].title, "href": href(lesson_pages[key].arcname)} for key in a["revisit"] if key in lesson_pages]}
                  for a in activity["areas"]],
        "scale": [{"value": value, "label": str(label)} for value, label in SCALE],
        "labels": {
            "chart_title": gettext("Your profile: mean rating per area, from 1 (not in place) to 5 (fully in place)"),
            "area_mean": gettext("%(area)s: %(mean)s of 5"), "area": gettext("Area"), "mean": gettext("Mean (1–5)"),
            "caption": gettext("Mean rating per area (1 = not in place, 5 = fully in place)"),
            "strongest": gettext("Strongest:"), "weakest": gettext("Weakest:"), "all_equal": gettext("All areas have the same mean rating."),
            "revisit": gettext("Lessons to revisit"), "missing": gettext("Please rate every statement before you see your profile."),
            "csv_title": gettext("Self-assessment"), "statement": gettext("Statement"), "rating": gettext("Rating (1–5)"),
            "scale_label": gettext("Scale label"), "question": gettext("Question area of the StressTest"),
        },
    }
    return {"activity": activity, "form_areas": form_areas, "scale": SCALE, "sa_data": data}


def _link(page, href):
    return {"title": page.title, "href": href(page.arcname)}


def _block(block, href, quiz_pages, h5p):
    """One lesson block as the template needs it, with every path made relative to the page."""
    kind, value = block["type"], block["value"]
    if kind == "h5p":
        activity = value["activity"]
        return {"type": kind, "id": block["id"], "title": activity["title"], "intro": value.get("intro", ""),
                "playable": h5p.playable(activity["key"])}
    if kind == "text":
        return {"type": kind, "html": lesson_html(value)}
    if kind == "callout":
        return {"type": kind, "kind": value["kind"], "html": lesson_html(value["text"])}
    if kind == "image":
        return {"type": kind, "src": href(value["file"]), "alt": value["alt_text"], "caption": value.get("caption", "")}
    if kind == "document":
        extension = posixpath.splitext(value["file"])[1].lstrip(".").upper()
        return {"type": kind, "href": href(value["file"]), "title": value["title"], "description": value.get("description", ""),
                "extension": extension}
    if kind == "video":
        return {"type": kind, "url": value["url"], "title": value["title"], "transcript": lesson_html(value.get("transcript", ""))}
    # A quiz block links to the quiz page when that quiz is part of this kit; otherwise only its intro shows.
    quiz_page = quiz_pages.get(value.get("quiz"))
    quiz = quiz_page.module["quiz"] if quiz_page else {}
    return {"type": "quiz", "intro": value.get("intro", ""), "href": href(quiz_page.arcname) if quiz_page else "",
            "title": quiz.get("title", ""), "pass_mark": quiz.get("pass_mark")}


def _quiz_context(quiz):
    questions = [
        {"index": i, "number": i + 1, "type": q["type"], "prompt": q["prompt"],
         "answers": [{"id": a["id"], "text": a["text"]} for a in q["answers"]]}
        for i, q in enumerate(quiz["questions"])
    ]
    # The answer key and the feedback travel in a JSON data block the self-check script reads.
    # Feedback passes the same inline allow-list as on the site, since the script inserts it as HTML;
    # its web links open in a new tab like every other link out of the copy.
    # `ask`: a question pool; selfcheck.js draws each check's questions with question-pool.js.
    asked = quiz.get("ask") or len(questions)
    data = {
        "pass_mark": quiz["pass_mark"],
        "ask": quiz.get("ask"),
        "questions": [
            {"id": q["id"], "type": q["type"],
             "answers": [{"id": a["id"], "correct": a["correct"], "feedback": str(inline_html(a["feedback"]))} for a in q["answers"]]}
            for q in quiz["questions"]
        ],
        "labels": {
            "correct": gettext("Correct"), "partly": gettext("Partly correct"), "wrong": gettext("Not correct"),
            "your_answer": gettext("Your answer"), "correct_answer": gettext("Correct answer"),
            "score": gettext("Score: {percent}%"), "passed": gettext("Passed."), "failed": gettext("Not passed yet."),
            "details": gettext("Pass mark {pass_mark}%. You scored {score} of {max} points."),
            "unanswered": gettext("Please answer every question before checking your answers."),
            "question": gettext("Question %(n)s") % {"n": "{n}"},
        },
    }
    return {"quiz": quiz, "questions": questions, "quiz_data": data, "asked": asked, "pool_total": len(questions)}


def _site_css():
    """The site's own stylesheet, so the offline copy looks like the site (it loads nothing remote)."""
    path = finders.find("css/site.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# --- H5P ------------------------------------------------------------------------------------------
