"""The page's own origin for .ci/browser.sh: serves this directory on 127.0.0.1:PORT and
writes the body of `POST /result` (the page's report) to RESULT_FILE.

Usage: python3 serve.py PORT RESULT_FILE
"""
import functools
import http.server
import os
import sys

port, result_file = int(sys.argv[1]), sys.argv[2]


class Handler(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        if self.path != "/result":
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        # Written whole, then renamed: the script never reads half a report.
        with open(result_file + ".part", "wb") as f:
            f.write(body)
        os.replace(result_file + ".part", result_file)
        self.send_response(204)
        self.end_headers()


root = os.path.dirname(os.path.abspath(__file__))
server = http.server.ThreadingHTTPServer(
    ("127.0.0.1", port), functools.partial(Handler, directory=root)
)
server.serve_forever()
