"""The one base of every domain error (Zulip's JsonableError pattern).

A domain error carries the HTTP status it maps to and a message a person understands (already
translated where it is shown to users). Views never catch the eight area bases one by one: they let an
`ElearnError` propagate (or catch `ElearnError` only) and one place turns it into an HTML page or a JSON
answer with `status` (see `elearn/site/errors.py`). Areas keep their own base (`PackError`, `H5PError`,
`BackupError`, …) as a subclass, so callers can still tell them apart.
"""


class ElearnError(Exception):
    status = 400

    def __init__(self, message="", entry=None, *, status=None):
        self.message = str(message)
        self.entry = entry
        if status is not None:
            self.status = status
        super().__init__(f"{entry}: {self.message}" if entry else self.message)
