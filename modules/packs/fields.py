"""Required fields of the readable kit sources (pack.yaml, module and quiz YAML, lesson front matter):
each refusal is a PackContentError naming the field and the file. Used by source.py and
lesson_markdown.py alike."""

import uuid

from .errors import PackContentError


def require(data, key, entry, kind=str):
    value = data.get(key)
    if value is None or (kind is str and not str(value).strip()):
        raise PackContentError(f"The field '{key}' is required.", entry)
    if kind is not str and not isinstance(value, kind):
        raise PackContentError(f"The field '{key}' has the wrong type.", entry)
    return value.strip() if kind is str else value


def integer(data, key, entry, default=0):
    """A number field; empty means the default. Text that is not a number is refused, not a crash."""
    value = data.get(key)
    if not value:
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise PackContentError(f"The field '{key}' has the wrong type.", entry) from error


def require_uuid(data, entry):
    try:
        return str(uuid.UUID(str(data.get("id"))))
    except (ValueError, TypeError, AttributeError) as error:
        raise PackContentError("Every item needs a stable 'id' that is a UUID.", entry) from error


def with_trainer_notes(item, data):
    """Notes for trainers travel only when there are some (so items without notes hash as before)."""
    notes = str(data.get("trainer_notes") or "").strip()
    if notes:
        item["trainer_notes"] = notes
    return item


TERM_VOCABULARIES = ("target_groups", "thematic_areas")


def with_term_names(item, data, entry):
    """The names of the kit's target groups and thematic areas in other languages (`term_names`:
    vocabulary -> term (audience name or area slug) -> language -> name). They travel only when there
    are some, so a kit without them hashes as before."""
    names = data.get("term_names") or {}
    if not isinstance(names, dict):
        raise PackContentError("The field 'term_names' has the wrong type.", entry)
    cleaned = {}
    for vocabulary, terms in names.items():
        if vocabulary not in TERM_VOCABULARIES or not isinstance(terms, dict):
            raise PackContentError(f"'term_names' takes only {' and '.join(TERM_VOCABULARIES)}, each a mapping of terms.", entry)
        for term, by_language in terms.items():
            if not isinstance(by_language, dict):
                raise PackContentError(f"The names of '{term}' in 'term_names' must map languages to names.", entry)
            kept = {str(language).strip(): str(name).strip() for language, name in by_language.items() if str(name or "").strip()}
            if kept:
                cleaned.setdefault(vocabulary, {})[str(term).strip()] = kept
    if cleaned:
        item["term_names"] = cleaned
    return item
