"""The local SMS provider of the tests: Brevo's transactional SMS API as documented, served on 127.0.0.1.

`POST /v3/transactionalSMS/send` checks the `api-key` header (401 otherwise), validates the JSON body (400 with
`{"code": …, "message": …}`), answers 201 `{"messageId": …}`, and records every request it received. A test can make
it answer 402, 429 or 5xx to the next calls, or hold its answer (a provider that has the SMS but has not answered yet,
when a worker is killed). `report()` writes the delivery report Brevo posts to an SMS's `webUrl`.

It runs in a thread of the test process, on a real socket: a Celery worker in another process reaches it too.
Use the `sms_provider` fixture (settings pointed at it), imported into a conftest::

    from tests.sms_provider import sms_provider, sms_provider_process  # noqa: F401
"""

import contextlib
import datetime
import itertools
import json
import re
import threading
import time
import zoneinfo
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

API_KEY = "xkeysib-une-cle-de-test-qui-ne-sert-qu-ici"
SEND_PATH = "/v3/transactionalSMS/send"
ERROR_BODIES = {
    400: {"code": "invalid_parameter", "message": "Invalid request"},
    401: {"code": "unauthorized", "message": "Key not found"},
    402: {"code": "not_enough_credits", "message": "Not enough credits to send SMS"},
    429: {"code": "too_many_requests", "message": "Too many requests, retry later"},
    500: {"code": "internal_error", "message": "Internal server error"},
    502: {"code": "bad_gateway", "message": "Bad gateway"},
    503: {"code": "service_unavailable", "message": "Service temporarily unavailable"},
}
FIELDS = {"sender", "recipient", "content", "type", "tag", "webUrl", "unicodeEnabled", "organisationPrefix"}
ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z0-9]{1,11}")
NUMERIC_SENDER = re.compile(r"[0-9]{12,15}")
RECIPIENT = re.compile(r"\+?[0-9]{6,15}")
# How long a held answer waits for `release()` at most.
HOLD_SECONDS = 60


@dataclass
class Received:
    """One request, as the provider got it, and the status it answered (or was about to answer)."""

    headers: dict
    body: object
    status: int
    message_id: int | None = None

    @property
    def accepted(self) -> bool:
        return self.status == 201


def body_error(body) -> str:
    """Why Brevo would refuse this body, or "" (the fields and rules of its documentation)."""
    if not isinstance(body, dict):
        return "Input must be a JSON object"
    unknown = set(body) - FIELDS
    if unknown:
        return f"Unknown parameters: {', '.join(sorted(unknown))}"
    for name in ("sender", "recipient", "content"):
        if not isinstance(body.get(name), str) or not body[name]:
            return f"{name} is missing"
    if not (ALPHANUMERIC_SENDER.fullmatch(body["sender"]) or NUMERIC_SENDER.fullmatch(body["sender"])):
        return "sender is invalid: 11 letters or digits, or 15 digits"
    if not RECIPIENT.fullmatch(body["recipient"]):
        return "recipient is invalid"
    if body.get("type", "transactional") not in ("transactional", "marketing"):
        return "type is invalid"
    tag = body.get("tag", "tag")
    tags = tag if isinstance(tag, list) else [tag]
    if len(tags) > 10 or not all(isinstance(one, str) and one for one in tags):
        return "tag is invalid"
    if "webUrl" in body and not (
        isinstance(body["webUrl"], str) and urlsplit(body["webUrl"]).scheme in ("http", "https")
    ):
        return "webUrl is invalid"
    if not isinstance(body.get("unicodeEnabled", False), bool):
        return "unicodeEnabled is invalid"
    return ""


@dataclass
class LocalSmsProvider:
    url: str = ""
    received: list = field(default_factory=list)
    faults: deque = field(default_factory=deque)
    holds: int = 0
    released: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    message_ids: itertools.count = field(default_factory=lambda: itertools.count(1511882900176220))

    def reset(self):
        with self.lock:
            self.received.clear()
            self.faults.clear()
            self.holds = 0
        self.released.set()

    def fail_next(self, status: int, count: int = 1):
        """Answer the next `count` valid requests with this error (402, 429, 500, 502, 503…)."""
        with self.lock:
            self.faults.extend([status] * count)

    def hold_next(self, count: int = 1):
        """Take the next `count` SMS (they count as sent) but hold the answer until `release()`."""
        with self.lock:
            self.holds += count
        self.released.clear()

    def release(self):
        self.released.set()

    @property
    def accepted(self) -> list[Received]:
        """The SMS the provider took: it sends them, whatever became of its answer."""
        with self.lock:
            return [one for one in self.received if one.accepted]

    def wait_for(self, count: int, timeout: float = 60) -> list[Received]:
        """Wait until `count` requests have arrived (a worker in another process sends them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.05)
        raise AssertionError(f"the SMS provider received {len(self.received)} requests, not {count}")

    def report(self, sms: Received, msg_status: str = "delivered") -> tuple[str, dict]:
        """The path (with its query) of the SMS's `webUrl` and the report Brevo posts there, as documented."""
        url = urlsplit(sms.body["webUrl"])
        payload = {
            "id": 26570,
            "to": sms.body["recipient"],
            "sms_count": 1,
            "credits_used": 1.0,
            "messageId": sms.message_id,
            "remaining_credit": 1000.0,
            "msg_status": msg_status,
            # In Brevo's account time zone (CET/CEST), as documented.
            "date": datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Paris")).strftime("%Y-%m-%d %H:%M:%S"),
            "type": "Transactional",
            "reference": f"ref{sms.message_id}",
        }
        return f"{url.path}?{url.query}", payload

    def answer(self, headers: dict, raw: bytes) -> tuple[int, dict, bool]:
        """(status, body, whether to hold the answer) for one request, recorded."""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with self.lock:
            if headers.get("api-key") != API_KEY:
                status, answer = 401, ERROR_BODIES[401]
            elif error := body_error(body):
                status, answer = 400, {"code": "invalid_parameter", "message": error}
            elif self.faults:
                status = self.faults.popleft()
                answer = ERROR_BODIES.get(status, {"code": "error", "message": "Error"})
            else:
                status, answer = 201, {"messageId": next(self.message_ids)}
            hold = status == 201 and self.holds > 0
            if hold:
                self.holds -= 1
            self.received.append(Received(headers, body, status, answer.get("messageId")))
        return status, answer, hold


class Handler(BaseHTTPRequestHandler):
    server_version = "LocalBrevo/1.0"

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != SEND_PATH:
            self.reply(404, {"code": "document_not_found", "message": "Not found"})
            return
        provider = self.server.provider
        status, answer, hold = provider.answer({name.lower(): value for name, value in self.headers.items()}, raw)
        if hold:
            provider.released.wait(HOLD_SECONDS)
        with contextlib.suppress(OSError):
            self.reply(status, answer)

    def reply(self, status: int, body: dict):
        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def start_provider():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.provider = LocalSmsProvider(url=f"http://127.0.0.1:{server.server_port}/v3")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.provider
    finally:
        server.provider.release()
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sms_provider_process():
    with start_provider() as provider:
        yield provider


@pytest.fixture
def sms_provider(sms_provider_process, settings):
    """The Brevo SMS backend, pointed at the local provider, which has received nothing yet."""
    settings.SMS_PROVIDER = "brevo"
    settings.SMS_BREVO_API_URL = sms_provider_process.url
    settings.SMS_BREVO_API_KEY = API_KEY
    settings.SMS_WEBHOOK_TOKEN = "un-jeton-de-test-long-et-secret"
    sms_provider_process.reset()
    yield sms_provider_process
    sms_provider_process.reset()
