"""Locust scenario for bench/load_site.py: learners read a kit, mark lessons done and take quizzes.

Each simulated learner logs in with its own bench account (bench/load_data.py setup), then loops:
kit page -> a module page -> its lessons (marking most of them done) -> the module's quiz page ->
start an attempt -> the attempt form -> submit -> the result page. Answers are a known mix of right,
partly right and wrong choices taken from the answer key the setup step wrote (site.json; the pages
never reveal it). Every submission is appended to records-<pid>.jsonl with what was chosen and what
came back, for `load_data.py verify` to compare with the database.

Exactly-once probes: some submissions are POSTed twice at the same moment (a double click), some are
replayed after the result page (a resubmitted form), and some attempts are started by two concurrent
POSTs. Exactly one submit may be accepted (302 to the result); the other must be refused with 409.

Plain HTTP on loopback stands in for a TLS proxy: every request carries X-Forwarded-Proto: https
(SECURE_PROXY_SSL_HEADER), Origin/Referer https://<host> for the CSRF check, and a learner-specific
X-Forwarded-For (RFC 2544 benchmark addresses, 198.18.x.y) so that per-address login throttles see
fifty learners, as behind a real proxy, not one address.

Environment: BENCH_SITE (site.json), BENCH_RECORDS (folder), BENCH_PASSWORD, BENCH_WAIT ("min,max"
seconds of think time, default "0.5,1.5"), BENCH_SEED."""

import itertools
import json
import os
import random
import re
import time
from html import unescape
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task

SITE = json.load(open(os.environ["BENCH_SITE"]))
RECORDS = os.environ["BENCH_RECORDS"]
PASSWORD = os.environ["BENCH_PASSWORD"]
WAIT = [float(x) for x in os.environ.get("BENCH_WAIT", "0.5,1.5").split(",")]
RNG = random.Random(int(os.environ.get("BENCH_SEED", "1")))
ACCOUNTS = iter(SITE["learners"])  # one locust process: each account goes to exactly one learner
LEARNER_NO = itertools.count(1)
P_MARK_LESSON, P_DOUBLE_SUBMIT, P_REPLAY, P_DOUBLE_START = 0.8, 0.15, 0.05, 0.1

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START_RE = re.compile(r'<form method="post" action="(/learn/quizzes/[^"]+/start/)"')
COMPLETE_RE = re.compile(r'<form method="post" action="(/learn/lessons/[^"]+/complete/)"')
NEXT_RE = re.compile(r'<input type="hidden" name="next" value="([^"]*)"')
CHOICE_RE = re.compile(r'<input type="(?:radio|checkbox)" name="q-([0-9a-f-]+)" value="([0-9a-f-]+)"')
NUMBER_RE = re.compile(r'Attempt (\d+) of (\d+)')
SCORE_RE = re.compile(r'Score: ([0-9.]+)%')
RESULT_NUMBER_RE = re.compile(r'This was attempt (\d+)\.')

_record_file = None


def record(entry):
    global _record_file
    if _record_file is None:
        os.makedirs(RECORDS, exist_ok=True)
        _record_file = open(os.path.join(RECORDS, f"records-{os.getpid()}.jsonl"), "a", buffering=1)
    entry["t"] = round(time.time(), 3)
    _record_file.write(json.dumps(entry) + "\n")


_environment = None
_timings = []  # (start, response time ms, name, ok) of every request, for the steady-state figures


@events.request.add_listener
def _time_request(request_type, name, response_time, exception, start_time=None, **kwargs):
    if request_type != "CHECK":
        _timings.append((start_time or time.time() - response_time / 1000, response_time, name, exception is None))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else 0


@events.init.add_listener
def _keep_environment(environment, **kwargs):
    global _environment
    _environment = environment


@events.quit.add_listener
def _write_summary(exit_code, **kwargs):
    """Final figures, taken after the stopping users finished (locust's CSV is written before)."""
    if _record_file is not None:
        _record_file.close()
    stats = _environment.runner.stats
    entries = [stats.total] + sorted(stats.entries.values(), key=lambda e: (e.name, e.method))
    summary = []
    for e in entries:
        summary.append({
            "name": e.name, "method": e.method or "", "requests": e.num_requests, "failures": e.num_failures,
            "rps": e.total_rps, "p50": e.get_response_time_percentile(0.5), "p95": e.get_response_time_percentile(0.95),
            "p99": e.get_response_time_percentile(0.99), "max": e.max_response_time, "avg": e.avg_response_time,
        })
    # Steady state: requests started after the last learner had logged in (logins are one PBKDF2
    # hash each and all fall into the first seconds, when the learners are spawned).
    last_login = max((t + rt / 1000 for t, rt, name, ok in _timings if name == "login"), default=0)
    steady = [(t, rt, ok) for t, rt, name, ok in _timings if t >= last_login]
    if steady:
        span = max(t + rt / 1000 for t, rt, ok in steady) - last_login
        times = [rt for t, rt, ok in steady]
        summary.append({"name": "steady state", "method": "", "requests": len(steady), "failures": sum(1 for *_, ok in steady if not ok),
                        "rps": len(steady) / span if span else 0, "p50": percentile(times, 0.5), "p95": percentile(times, 0.95),
                        "p99": percentile(times, 0.99), "max": max(times), "avg": sum(times) / len(times),
                        "from": last_login - stats.start_time})
    errors = [{"name": err.name, "error": str(err.error), "count": err.occurrences} for err in stats.errors.values()]
    with open(os.path.join(RECORDS, "locust-summary.json"), "w") as f:
        json.dump({"entries": summary, "errors": errors, "seconds": stats.last_request_timestamp - stats.start_time}, f, indent=1)


def choose_answers(key):
    """A known mix per question: right (60 %), partly right for multiple choice (15 %), wrong (25 %)."""
    selected = {}
    for qid, q in key["questions"].items():
        correct, wrong = q["correct"], [a for a in q["answers"] if a not in q["correct"]]
        roll = RNG.random()
        if roll < 0.6 or not wrong:
            chosen = list(correct)
        elif roll < 0.75 and q["kind"] == "multiple":
            chosen = list(correct) + [RNG.choice(wrong)]  # (k - 1) / k
        else:
            chosen = [RNG.choice(wrong)]
        selected[qid] = chosen
    return selected


class Learner(HttpUser):
    wait_time = between(*WAIT)

    def on_start(self):
        self.email = next(ACCOUNTS)
        n = next(LEARNER_NO)
        self.host_origin = "https://" + urlsplit(self.host).netloc
        self.client.headers.update({
            "X-Forwarded-Proto": "https", "Origin": self.host_origin,
            "X-Forwarded-For": f"198.18.{n // 250}.{n % 250 + 1}",
        })
        self.used = {}  # quiz key -> submitted attempts (this learner's account is used by no one else)
        page = self.get("/accounts/login/", "login form")
        if page is None:
            return
        token = self.csrf(page.text)
        with self.client.post("/accounts/login/", data={"csrfmiddlewaretoken": token, "login": self.email, "password": PASSWORD},
                              name="login", headers=self.referer("/accounts/login/"), catch_response=True, allow_redirects=False) as r:
            self.insecure_cookies()
            if r.status_code != 302 or "sessionid" not in self.client.cookies:
                r.failure(f"login refused: {r.status_code}")

    # Helpers -------------------------------------------------------------------------------------
    def referer(self, path):
        return {"Referer": self.host_origin + path}

    def insecure_cookies(self):
        # The site sets Secure cookies (it believes it is behind TLS); requests would then never send
        # them back over the loopback's plain HTTP. A TLS proxy would, so unflag them.
        for cookie in self.client.cookies:
            cookie.secure = False

    def csrf(self, html):
        match = CSRF_RE.search(html)
        return match.group(1) if match else self.client.cookies.get("csrftoken", "")

    def get(self, path, name, expect=200):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False) as r:
            self.insecure_cookies()
            if r.status_code != expect:
                r.failure(f"GET {path}: {r.status_code}")
                return None
            return r

    def post(self, path, data, name, referer, expect=(302,)):
        with self.client.post(path, data=data, name=name, headers=self.referer(referer), catch_response=True, allow_redirects=False) as r:
            self.insecure_cookies()
            if r.status_code in expect:
                r.success()  # an expected 409 (a refused duplicate) is not a failure
            else:
                r.failure(f"POST {path}: {r.status_code}")
            return r

    # The learner's loop ----------------------------------------------------------------------------
    @task
    def study_a_module(self):
        kit = RNG.choice(SITE["kits"])
        module = RNG.choice(kit["modules"])
        if not self.get(kit["url"], "kit page") or not self.get(module["url"], "module page"):
            return
        for url in module["lessons"]:
            page = self.get(url, "lesson page")
            if page is None:
                return
            form = COMPLETE_RE.search(page.text)
            if form and RNG.random() < P_MARK_LESSON:
                nxt = NEXT_RE.search(page.text)
                r = self.post(form.group(1), {"csrfmiddlewaretoken": self.csrf(page.text), "next": unescape(nxt.group(1)) if nxt else ""},
                              "lesson: mark done", url)
                record({"type": "lesson", "user": self.email, "lesson": form.group(1).split("/")[3], "accepted": r.status_code == 302})
            self.wait()
        if module["quiz"]:
            self.take_quiz(kit, module["quiz"])

    def take_quiz(self, kit, quiz):
        key = SITE["quizzes"][quiz["key"]]
        page = self.get(quiz["url"], "quiz page")
        if page is None:
            return
        start = START_RE.search(page.text)
        if self.used.get(quiz["key"], 0) >= key["attempts_allowed"]:
            if start:
                self.fail_event("quiz page", "start offered after all attempts were used")
            return
        if not start:
            self.fail_event("quiz page", "no start button although attempts remain")
            return
        data = {"csrfmiddlewaretoken": self.csrf(page.text), "kit": str(kit["id"])}
        double = RNG.random() < P_DOUBLE_START
        if double:
            pair = [gevent.spawn(self.post, start.group(1), data, "quiz: start (double POST)", quiz["url"]) for _ in range(2)]
            gevent.joinall(pair)
            locations = {g.value.headers.get("Location") if g.value is not None else None for g in pair}
            record({"type": "start", "user": self.email, "quiz": quiz["key"], "double": True, "same_attempt": len(locations) == 1})
            if len(locations) != 1:
                self.fail_event("quiz: start (double POST)", f"two attempts opened: {locations}")
            location = pair[0].value.headers.get("Location")
        else:
            location = self.post(start.group(1), data, "quiz: start", quiz["url"]).headers.get("Location")
        if not location:
            return
        self.wait()
        form = self.get(location, "attempt form")
        if form is None:
            return
        attempt_id = location.split("/")[3]
        number = NUMBER_RE.search(form.text)
        fields = {}
        for qid, aid in CHOICE_RE.findall(form.text):
            fields.setdefault(qid, []).append(aid)
        if set(fields) != set(key["questions"]):
            self.fail_event("attempt form", "the form's questions differ from the quiz's")
            return
        selected = choose_answers(key)
        data = {"csrfmiddlewaretoken": self.csrf(form.text), "kit": str(kit["id"]), **{f"q-{q}": a for q, a in selected.items()}}
        entry = {"type": "submit", "user": self.email, "quiz": quiz["key"], "attempt": attempt_id,
                 "number": int(number.group(1)) if number else None, "selected": selected}
        self.wait()
        if RNG.random() < P_DOUBLE_SUBMIT:
            # A double click: the same form POSTed twice at once. One 302, one 409, nothing else.
            pair = [gevent.spawn(self.post, location, data, "attempt: submit (double POST)", location, (302, 409)) for _ in range(2)]
            gevent.joinall(pair)
            codes = sorted(g.value.status_code if g.value is not None else 0 for g in pair)
            entry.update(double=True, codes=codes, refused=codes.count(409))
            if codes != [302, 409]:
                self.fail_event("attempt: submit (double POST)", f"expected one 302 and one 409, got {codes}")
        else:
            codes = [self.post(location, data, "attempt: submit", location).status_code]
            entry.update(codes=codes, refused=0)
        entry["accepted"] = codes.count(302) >= 1
        entry["outcome"] = "accepted" if entry["accepted"] else ("refused" if set(codes) == {409} else "error")
        if entry["accepted"]:
            self.used[quiz["key"]] = self.used.get(quiz["key"], 0) + 1
            result = self.get(location, "attempt result")
            if result is not None:
                score, shown_number = SCORE_RE.search(result.text), RESULT_NUMBER_RE.search(result.text)
                entry["shown_percent"] = score.group(1) if score else None
                entry["shown_number"] = int(shown_number.group(1)) if shown_number else None
            if RNG.random() < P_REPLAY:
                # The form sent again later (back button, resubmit): refused, nothing stored.
                r = self.post(location, data, "attempt: replayed submit", location, (409,))
                entry.update(replay=True, refused=entry["refused"] + (r.status_code == 409))
        record(entry)

    def fail_event(self, name, message):
        self.environment.events.request.fire(request_type="CHECK", name=name, response_time=0, response_length=0,
                                             exception=AssertionError(message), context={})
