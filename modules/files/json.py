"""The one loader of untrusted JSON (xAPI bodies, pack and backup manifests, H5P's h5p.json,
content.json, library.json, semantics and language files): a size limit, a nesting limit checked
before parsing (a 40 KB "[[[[…" would otherwise end in a RecursionError and a 500), strict UTF-8 and
strict JSON (no NaN or Infinity). Refusals are UnsafeJSON with a rule and a sentence for a person."""

import json
import re

from django.utils.translation import gettext as _

from .errors import UnsafeJSON
from .limits import JSON_MAX_BYTES, JSON_MAX_DEPTH

# Strings first (a bracket inside one does not nest), written as an unrolled loop so that it stays
# linear and fast on long strings; then only the brackets are looked at.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def loads(data, *, entry=None, max_bytes=JSON_MAX_BYTES, max_depth=JSON_MAX_DEPTH):
    """The parsed value of `data` (bytes or str). `entry` names what is read, for the error."""
    if len(data) > max_bytes:
        raise UnsafeJSON(_("The JSON is larger than the %(limit)d bytes allowed.") % {"limit": max_bytes}, entry, rule="json-too-large")
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnsafeJSON(_("The JSON is not valid UTF-8 text (%(error)s).") % {"error": error}, entry, rule="invalid-json") from error
    if nesting_depth(data) > max_depth:
        raise UnsafeJSON(_("The JSON is nested more than %(limit)d levels deep.") % {"limit": max_depth}, entry, rule="json-too-deep")
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except RecursionError as error:  # cannot happen below the depth limit; kept as a last line
        raise UnsafeJSON(_("The JSON is nested more than %(limit)d levels deep.") % {"limit": max_depth}, entry,
                         rule="json-too-deep") from error
    except ValueError as error:
        raise UnsafeJSON(_("The JSON is not valid (%(error)s).") % {"error": error}, entry, rule="invalid-json") from error


def nesting_depth(text):
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_constant(name):
    raise ValueError(f"{name} is not allowed in JSON")
