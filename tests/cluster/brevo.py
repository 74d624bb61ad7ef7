"""Brevo's transactional API, as the cluster's workers reach it over the network: `POST /v3/smtp/email` and
`POST /v3/transactionalSMS/send`, answered like Brevo (api-key header, 201 and a message id), after the short while a
real provider takes. Every message received is written, one JSON line each, to the file given: what the provider got,
counted by the cluster test, whatever the outbox says.

    python -m tests.cluster.brevo ADDRESS PORT RECEIVED_FILE
"""

import hashlib
import itertools
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_KEY = "xkeysib-cle-du-test-de-grappe"
# What Brevo's API takes to answer, about: long enough for a worker to be cut off while it waits.
ANSWER_SECONDS = (0.02, 0.12)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    numbers = itertools.count(1)
    written = threading.Lock()

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.headers.get("api-key") != API_KEY:
            self.reply(401, {"code": "unauthorized", "message": "Key not found"})
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self.reply(400, {"code": "bad_request", "message": "Input must be a JSON object"})
            return
        number = next(self.numbers)
        if self.path == "/v3/smtp/email":
            received, answer = self.email(body, number)
        elif self.path == "/v3/transactionalSMS/send":
            received = {"channel": "sms", "key": body.get("tag"), "to": [body.get("recipient")]}
            answer = {"messageId": number}
        else:
            self.reply(404, {"code": "document_not_found", "message": "Not found"})
            return
        time.sleep(random.uniform(*ANSWER_SECONDS))
        with self.written, open(self.server.received_file, "a") as out:
            out.write(json.dumps({**received, "from": self.client_address[0], "at": time.time()}) + "\n")
        self.reply(201, answer)

    def email(self, body, number):
        headers = {name.lower(): value for name, value in (body.get("headers") or {}).items()}
        content = json.dumps([body.get("subject"), body.get("textContent"), body.get("htmlContent")])
        received = {
            "channel": "email",
            "key": headers.get("idempotencykey"),
            "message_id": headers.get("message-id"),
            "to": sorted(recipient["email"] for recipient in body.get("to", [])),
            "subject": body.get("subject"),
            "content": hashlib.sha256(content.encode()).hexdigest(),
        }
        return received, {"messageId": f"<{number}.cluster@smtp-relay.mailin.fr>"}

    def reply(self, status: int, body: dict):
        content = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format, *args):
        pass


def main(address: str, port: str, received_file: str):
    server = ThreadingHTTPServer((address, int(port)), Handler)
    server.daemon_threads = True
    server.received_file = received_file
    server.serve_forever()


if __name__ == "__main__":
    main(*sys.argv[1:])
