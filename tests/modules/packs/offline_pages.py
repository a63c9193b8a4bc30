"""Reading the offline copy in tests: a parsed page, and Chromium driven from a thread of its own."""

from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

from tests.chromium import CHROMIUM, CHROMIUM_ARGS


class Page(HTMLParser):
    """What the tests need from one generated page: its links, ids, scripts, headings and text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.links, self.ids, self.scripts, self.tags, self.text, self.anchors = [], set(), [], [], [], []
        self._script = self._anchor = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.links.append((tag, attrs, attrs[name]))
        if tag == "script":
            self._script = [attrs, ""]
        if tag == "a":
            self._anchor = [attrs.get("href"), ""]

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.scripts.append(tuple(self._script))
            self._script = None
        if tag == "a" and self._anchor:
            self.anchors.append((self._anchor[0], " ".join(self._anchor[1].split())))
            self._anchor = None

    def handle_data(self, data):
        if self._script:
            self._script[1] += data
        else:
            self.text.append(data)
        if self._anchor:
            self._anchor[1] += data

    def find(self, tag, **attrs):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    @property
    def plain(self):
        return " ".join(" ".join(self.text).split())


class BrowserThread:
    """Chromium driven from a worker thread of its own.

    Playwright's sync API keeps an asyncio loop running in the thread that starts it. In the test
    thread that loop would make Django refuse every later ORM call (SynchronousOnlyOperation) and
    would clash with the session browser of tests/browser, so tests hand their work to this thread."""

    def __init__(self):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offline-chromium")
        self.run(self._start)

    def _start(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def run(self, function, *args):
        return self._executor.submit(function, *args).result(timeout=300)

    def with_page(self, function, *args, locale=None):
        """Run function(page, *args) in a fresh browser context; `locale` sets the browser's languages."""
        def task():
            context = self._browser.new_context(viewport={"width": 1280, "height": 900}, **({"locale": locale} if locale else {}))
            try:
                return function(context.new_page(), *args)
            finally:
                context.close()

        return self.run(task)

    def close(self):
        def stop():
            self._browser.close()
            self._playwright.stop()

        self.run(stop)
        self._executor.shutdown()
