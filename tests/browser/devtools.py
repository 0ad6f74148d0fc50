"""A headless Chromium driven through the DevTools protocol over a pipe, for tests/browser/test_admin_csp.py.

`--remote-debugging-pipe` makes Chromium read commands from its fd 3 and write answers and
events to its fd 4, as JSON messages ended by a NUL byte: no chromedriver, no WebSocket client
and no Python package beyond the standard library.
"""

import contextlib
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time

INSTALL_HINT = (
    "Chromium is needed for the admin's browser test. On Debian or Ubuntu run bin/browser-deps "
    "(apt-get install -y --no-install-recommends chromium), or set NEWSROOM_CHROMIUM to a Chromium "
    "or Chrome binary; NEWSROOM_SKIP_BROWSER=1 skips the test instead."
)

# Each page's securitypolicyviolation events, kept where the test can read them. It runs in every
# document before the page's own scripts (Page.addScriptToEvaluateOnNewDocument).
VIOLATION_COLLECTOR = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        event.effectiveDirective + " blocked " + (event.blockedURI || "inline") +
        " at " + event.sourceFile + ":" + event.lineNumber + " " + (event.sample || "")
    );
});
"""


def find_chromium():
    """The browser to run: NEWSROOM_CHROMIUM, else the first Chromium or Chrome on the PATH."""
    explicit = os.environ.get("NEWSROOM_CHROMIUM")
    if explicit:
        return explicit if shutil.which(explicit) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    return None


class BrowserError(AssertionError):
    pass


class Chromium:
    """One headless browser with one tab; every event of the tab is kept in `events`."""

    def __init__(self, binary, timeout=20):
        self.timeout = timeout
        self.events = []
        self._answers = queue.Queue()
        self._next_id = 0
        self._profile = tempfile.mkdtemp(prefix="newsroom-chromium-")
        to_browser, self._commands = os.pipe()
        self._replies, from_browser = os.pipe()
        # bash (dash takes single-digit descriptors only) puts the pipe ends on the descriptors
        # Chromium reads (3) and writes (4).
        script = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser} {to_browser}<&- {from_browser}>&-'
        self._process = subprocess.Popen(
            ["bash", "-c", script, binary, *self._flags()],
            pass_fds=(to_browser, from_browser),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        threading.Thread(target=self._read, daemon=True).start()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _flags(self):
        return [
            "--headless",
            # Root in a container has no user namespace for Chromium's sandbox.
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={self._profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]

    def _read(self):
        buffer = b""
        with os.fdopen(self._replies, "rb", buffering=0) as replies:
            while chunk := replies.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._answers.put(message)
                    else:
                        self.events.append(message)
        self._answers.put(None)

    def send(self, method, session=None, **params):
        """Runs one protocol command and returns its result; an error answer raises BrowserError."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                answer = self._answers.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise BrowserError(f"Chromium did not answer {method} within {self.timeout} s") from None
            if answer is None:
                raise BrowserError(f"Chromium exited while running {method}")
            if answer["id"] == self._next_id:
                break
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def tab(self, method, **params):
        """A command for the tab (Page.*, Runtime.*, Network.*)."""
        return self.send(method, session=self.session, **params)

    def evaluate(self, expression):
        """The value of a JavaScript expression in the tab's page (awaited if it is a promise)."""
        result = self.tab("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, timeout=None):
        """Polls until the expression is true; a page whose scripts never get there fails with `what`."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while not self.evaluate(f"Boolean({expression})"):
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {what}")
            time.sleep(0.05)

    def wait_for_event(self, method, since=0):
        deadline = time.monotonic() + self.timeout
        while not self.events_named(method, since):
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {method}")
            time.sleep(0.02)

    def events_named(self, method, since=0):
        return [event for event in self.events[since:] if event.get("method") == method]

    def close(self):
        # A browser that already exited has nothing left to close.
        with contextlib.suppress(BrowserError):
            self.send("Browser.close")
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._commands)
        shutil.rmtree(self._profile, ignore_errors=True)
