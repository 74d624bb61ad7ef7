"""Real peers on 127.0.0.1 for the email backends: an SMTP server and Brevo's email API, each answering what a test
sets, and counting what they were asked."""

import contextlib
import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SmtpPeer:
    """What the server answers to RCPT TO (e.g. "550 5.1.1 <…>: mailbox unknown"), and how many messages were tried."""

    def __init__(self, recipient_reply: str):
        self.recipient_reply = recipient_reply
        self.attempts = 0
        self.port = 0


class _SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        peer = self.server.peer
        self.reply("220 mx.exemple.fr ESMTP")
        for raw in self.rfile:
            command = raw.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 mx.exemple.fr")
            elif command.startswith("MAIL FROM"):
                peer.attempts += 1
                self.reply("250 2.1.0 Ok")
            elif command.startswith("RCPT TO"):
                self.reply(peer.recipient_reply)
            elif command.startswith(("RSET", "NOOP")):
                self.reply("250 2.0.0 Ok")
            elif command.startswith("QUIT"):
                self.reply("221 2.0.0 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not recognized")


@contextlib.contextmanager
def smtp_server(*, recipient_reply: str):
    peer = SmtpPeer(recipient_reply)
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpHandler) as server:
        server.daemon_threads = True
        server.peer = peer
        peer.port = server.server_address[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield peer
        finally:
            server.shutdown()


class ApiPeer:
    """The status and JSON body Brevo's `POST /v3/smtp/email` answers, and how many sends it received."""

    def __init__(self, status: int, body: dict):
        self.status = status
        self.body = body
        self.attempts = 0
        self.url = ""


@contextlib.contextmanager
def brevo_email_api(*, status: int, body: dict):
    peer = ApiPeer(status, body)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            peer.attempts += 1
            payload = json.dumps(peer.body).encode()
            self.send_response(peer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        peer.url = f"http://127.0.0.1:{server.server_address[1]}/v3/"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield peer
        finally:
            server.shutdown()
