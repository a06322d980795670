"""The HTTP side shared by the loopback stand-ins for the Lambda Runtime API
(runtime_stub.py, soak_stub.py, fault_stub.py): keep-alive, no request log, and one way to
answer."""
import http.server


class StubHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the Runtime API

    def log_message(self, *args):
        pass

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
