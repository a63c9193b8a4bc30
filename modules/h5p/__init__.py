"""H5P: validated uploads, isolated playback, scores that count.

Module map (keep each piece in its own file):
- types.py            data passed between the steps (ValidatedPackage, LibraryRef)
- package.py          the only importer of pyh5p: the first gate that reads the archive
- rules.py            H5P's own validator rules on top of pyh5p (names, extensions, json fields, deps)
- content_sanitize.py bleach on content.json text, driven by the libraries' semantics
- upload.py           orchestration: validate -> store (storage.py) -> activity or pending approval
- storage.py          writes libraries and content through Django's storage API, once each
- signing.py          signed, expiring URLs for the sandboxed player and its files
- player.py           player page and content-file views (CSP, nosniff, MIME allow-list)
- scoring.py          pure re-scoring of MultiChoice, TrueFalse, QuestionSet from content.json
- xapi.py             checks on posted statements and recording of results
"""
