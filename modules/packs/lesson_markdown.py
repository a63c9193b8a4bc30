"""Lesson sources: YAML front matter plus Markdown with `::: name` … `:::` directives -> blocks."""

import re
import uuid

import markdown
import yaml

from .errors import PackContentError
from .fields import integer, require, require_uuid, with_trainer_notes

DIRECTIVE_START = re.compile(r"^:::\s*([a-z][a-z-]*)\s*$")
DIRECTIVE_END = re.compile(r"^:::\s*$")
CALLOUT_KINDS = {"key-point": "key_point", "open-point": "open_point"}


def render_markdown(text):
    return markdown.markdown(text.strip(), extensions=["sane_lists"], output_format="html")


def block_id(lesson_id, position):
    """Lesson blocks get ids derived from the lesson's stable id, so re-loading is idempotent."""
    return str(uuid.uuid5(uuid.UUID(lesson_id), f"block-{position}"))


def split_front_matter(text, entry):
    if not text.startswith("---\n"):
        raise PackContentError("A lesson starts with YAML front matter between '---' lines.", entry)
    end = text.find("\n---\n", 4)
    if end < 0:
        raise PackContentError("The lesson's front matter is not closed with '---'.", entry)
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        raise PackContentError(f"The front matter does not parse: {error}", entry) from error
    if not isinstance(meta, dict):
        raise PackContentError("The front matter must be a mapping.", entry)
    return meta, text[end + 5:]


def parse_lesson(text, entry, quiz_id=None):
    meta, body = split_front_matter(text, entry)
    lesson_id = require_uuid(meta, entry)
    raw_blocks = _split_blocks(body, entry)
    blocks = []
    for kind, content in raw_blocks:
        if kind == "text":
            if content.strip():
                blocks.append({"type": "text", "value": render_markdown(content)})
        elif kind in CALLOUT_KINDS:
            blocks.append({"type": "callout", "value": {"kind": CALLOUT_KINDS[kind], "text": render_markdown(content)}})
        elif kind == "quiz":
            if quiz_id is None:
                raise PackContentError("A '::: quiz' block needs the module to have a quiz.", entry)
            blocks.append({"type": "quiz", "value": {"quiz": quiz_id, "intro": " ".join(content.split())}})
        else:
            raise PackContentError(f"Unknown block '::: {kind}'.", entry)
    for position, block in enumerate(blocks):
        block["id"] = block_id(lesson_id, position)
    return with_trainer_notes({
        "id": lesson_id,
        "slug": require(meta, "slug", entry),
        "title": require(meta, "title", entry),
        "objectives": [str(o).strip() for o in meta.get("objectives") or []],
        "estimated_minutes": integer(meta, "estimated_minutes", entry),
        "blocks": [{"id": b["id"], "type": b["type"], "value": b["value"]} for b in blocks],
    }, meta)


def _split_blocks(body, entry):
    """Yield (kind, text) runs: plain Markdown between directives is one 'text' run."""
    runs, current, directive = [], [], None
    for number, line in enumerate(body.splitlines(), start=1):
        if directive is None:
            match = DIRECTIVE_START.match(line)
            if match:
                runs.append(("text", "\n".join(current)))
                current, directive = [], match.group(1)
            else:
                current.append(line)
        elif DIRECTIVE_END.match(line):
            runs.append((directive, "\n".join(current)))
            current, directive = [], None
        else:
            current.append(line)
    if directive is not None:
        raise PackContentError(f"The '::: {directive}' block is not closed with ':::'.", entry)
    runs.append(("text", "\n".join(current)))
    return runs
