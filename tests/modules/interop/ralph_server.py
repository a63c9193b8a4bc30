"""Start a Ralph LRS (ralph-malph) on loopback for the tests. Run with the LRS's own interpreter
(.venv-lrs/bin/python, made by ./dev.sh test), never the site's: Ralph's dependencies stay apart.

    ralph_server.py PORT DATA_DIR USERNAME PASSWORD

Statements are kept in DATA_DIR (Ralph's file-system backend), so a restarted LRS still has what
it stored before. Ralph 5.1's file-system LRS opens its file in "create" mode and so refuses every
write after the first; the tests need append, which that backend supports, so it is set here."""

import json
import os
import sys
from pathlib import Path

port, data_dir, username, password = sys.argv[1:5]
data = Path(data_dir)
data.mkdir(parents=True, exist_ok=True)
auth_file = data.parent / f"{data.name}-auth.json"
if not auth_file.exists():
    import bcrypt

    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
    auth_file.write_text(json.dumps([{
        "agent": {"mbox": "mailto:lrs-client@example.org", "objectType": "Agent"},
        "scopes": ["all"], "hash": hashed, "username": username,
    }]))
os.environ.update({
    "RALPH_APP_DIR": str(data.parent),
    "RALPH_AUTH_FILE": str(auth_file),
    "RALPH_RUNSERVER_BACKEND": "fs",
    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
})

import uvicorn  # noqa: E402 - after the environment Ralph reads its settings from
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(port), log_level="warning")
