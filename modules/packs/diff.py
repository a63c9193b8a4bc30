"""Readable differences between releases (and between local and upstream items), keyed by stable id."""

import difflib
import html
import re

BLOCK_BREAK = re.compile(r"</(p|h2|h3|h4|li|blockquote)>|<br\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")


def html_text(markup):
    """Lesson HTML as plain lines, for diffs only (never rendered)."""
    text = html.unescape(TAG.sub("", BLOCK_BREAK.sub("\n", markup or "")))
    return [line.strip() for line in text.splitlines() if line.strip()]


def item_lines(item):
    """Any canonical item dict (kit, module, lesson, quiz, question) as comparable text lines."""
    if item is None:
        return []
    lines = [f"Title: {item['title']}"] if "title" in item else []
    for key in ("code", "summary", "intro", "pass_mark", "attempts_allowed", "ask", "licence", "estimated_minutes"):
        if key in item:
            lines.append(f"{key.replace('_', ' ').capitalize()}: {item[key]}")
    for key in ("objectives", "audience", "thematic_areas", "languages"):
        lines += [f"{key.replace('_', ' ').capitalize()}: {value}" for value in item.get(key, [])]
    for block in item.get("blocks", []):
        lines += _block_lines(block)
    for question in item.get("questions", []):
        lines += question_lines(question)
    if "prompt" in item:
        lines += question_lines(item)
    if "modules" in item and item["modules"] and isinstance(item["modules"][0], str):
        lines += [f"Module: {module_id}" for module_id in item["modules"]]
    return lines


def _block_lines(block):
    value = block["value"]
    if block["type"] == "text":
        return html_text(value)
    if block["type"] == "callout":
        return [f"[{value['kind'].replace('_', ' ')}] {line}" for line in html_text(value["text"])]
    if block["type"] == "quiz":
        return [f"[quiz] {value.get('intro', '')}"]
    if block["type"] == "image":
        return [f"[image] {value.get('alt_text', '')} {value.get('file', value.get('image', ''))}"]
    if block["type"] == "document":
        return [f"[document] {value.get('title', '')} {value.get('file', value.get('document', ''))}"]
    return [f"[{block['type']}] {value.get('title', '')} {value.get('url', value.get('video', ''))}"]


def question_lines(question):
    lines = [f"Question ({question['type']}): {question['prompt']}"]
    for answer in question["answers"]:
        mark = "x" if answer["correct"] else " "
        lines.append(f"  [{mark}] {answer['text']}")
        if answer.get("feedback"):
            lines.append(f"      feedback: {' '.join(html_text(answer['feedback']))}")
    return lines


def unified(old_lines, new_lines):
    return list(difflib.unified_diff(old_lines, new_lines, "before", "after", lineterm="", n=1))[2:]


def side_by_side_text(left, right, width=60):
    rows = []
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        span = max(a2 - a1, b2 - b1)
        for offset in range(span):
            old = left[a1 + offset] if a1 + offset < a2 else ""
            new = right[b1 + offset] if b1 + offset < b2 else ""
            marker = " " if tag == "equal" else "|"
            rows.append(f"  {old[:width]:<{width}} {marker} {new[:width]}")
    return "\n".join(rows)


def _index(manifest):
    """Flatten a manifest into {stable id: (kind, label, item)} for modules, lessons, quizzes, questions."""
    items = {}
    for module in manifest["modules"]:
        fields = {k: v for k, v in module.items() if k not in ("lessons", "quiz", "self_assessment")}
        items[module["id"]] = ("module", f"{module['code']} {module['title']}", fields)
        for lesson in module["lessons"]:
            items[lesson["id"]] = ("lesson", f"{module['code']} › {lesson['title']}", lesson)
        if module.get("self_assessment"):
            activity = module["self_assessment"]
            items[activity["id"]] = ("self-assessment", f"{module['code']} › {activity['title']}", activity)
        quiz = module["quiz"]
        if quiz:
            items[quiz["id"]] = ("quiz", f"{module['code']} › {quiz['title']}", {k: v for k, v in quiz.items() if k != "questions"})
            for number, question in enumerate(quiz["questions"], start=1):
                items[question["id"]] = ("question", f"{module['code']} › question {number}: {question['prompt'][:80]}", question)
    return items


def diff_manifests(old, new):
    """Added, removed and changed items between two releases, each change with a text diff."""
    before, after = _index(old), _index(new)
    result = {"added": [], "removed": [], "changed": []}
    for key, (kind, label, item) in after.items():
        if key not in before:
            result["added"].append({"id": key, "kind": kind, "label": label})
        elif before[key][2] != item:
            result["changed"].append({"id": key, "kind": kind, "label": label,
                                      "diff": unified(item_lines(before[key][2]), item_lines(item))})
    for key, (kind, label, _item) in before.items():
        if key not in after:
            result["removed"].append({"id": key, "kind": kind, "label": label})
    return result
