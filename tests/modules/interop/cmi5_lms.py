"""The LMS side of a cmi5 launch, for the browser tests: serves the unpacked course package, answers
the fetch URL (once per session, as cmi5 §8.2 requires), holds the LMS.LaunchData state document
(Ralph has no State API) and passes /xAPI/statements through to the real Ralph LRS. One origin for
all of it, as a cmi5 player that proxies its LRS would have."""

import base64
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from tests.sites import free_port

from .lrs import PASSWORD, USERNAME

PUBLISHER = "https://elearn.example.org/cmi5/publisher"


class LMS:
    def __init__(self, folder, ralph):
        self.folder, self.ralph = folder, ralph
        self.port = free_port()
        self.fetches = {}      # session id -> number of fetch calls
        self.launch_data = {}  # (activityId, registration) -> LMS.LaunchData
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def launch_url(self, au, actor, registration, launch_mode="Normal", mastery=None, move_on="CompletedAndPassed"):
        """Set up a session as an LMS does (LaunchData first) and return the AU's launch URL."""
        session = str(uuid.uuid4())
        self.fetches[session] = 0
        data = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"id": PUBLISHER, "objectType": "Activity"}]},
                "extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": session},
            },
            "launchMode": launch_mode, "moveOn": move_on,
        }
        if mastery is not None:
            data["masteryScore"] = mastery
        self.launch_data[(au["id"], registration)] = data
        query = urllib.parse.urlencode({
            "endpoint": f"{self.origin}/xAPI/", "fetch": f"{self.origin}/fetch/{session}", "actor": json.dumps(actor),
            "registration": registration, "activityId": au["id"],
        })
        return f"{self.origin}/{au['url']}?{query}", session

    def _handler(lms):  # noqa: N805 - the handler class closes over the LMS
        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(lms.folder), **kwargs)

            def log_message(self, *args):
                pass

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802
                path = urllib.parse.urlsplit(self.path).path
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if path.startswith("/fetch/"):
                    session = path.rsplit("/", 1)[1]
                    if session not in lms.fetches:
                        return self._json(404, {"error-code": "3", "error-text": "unknown session"})
                    lms.fetches[session] += 1
                    if lms.fetches[session] > 1:
                        return self._json(200, {"error-code": "1", "error-text": "already in use"})
                    return self._json(200, {"auth-token": base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()})
                if path == "/xAPI/statements":
                    return self._proxy("POST", body)
                return self._json(404, {})

            def do_GET(self):  # noqa: N802
                parts = urllib.parse.urlsplit(self.path)
                if parts.path == "/xAPI/activities/state":
                    query = dict(urllib.parse.parse_qsl(parts.query))
                    data = lms.launch_data.get((query.get("activityId"), query.get("registration")))
                    if query.get("stateId") != "LMS.LaunchData" or data is None:
                        return self._json(404, {})
                    return self._json(200, data)
                if parts.path.startswith("/xAPI/"):
                    return self._json(404, {})
                return super().do_GET()

            def _proxy(self, method, body):
                request = urllib.request.Request(lms.ralph.endpoint.rstrip("/") + "/statements", data=body, method=method, headers={
                    "Authorization": self.headers.get("Authorization", ""), "Content-Type": "application/json",
                    "X-Experience-API-Version": "1.0.3"})
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status, data = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, data = error.code, error.read()
                except OSError:
                    status, data = 503, b'{"detail": "LRS unavailable"}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
