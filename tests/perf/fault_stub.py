#!/usr/bin/env python3
"""The Runtime API fault table of `reliability.sh`: a stand-in for the Lambda Runtime API on
127.0.0.1 that misbehaves in one way per row, and what the binary does about it.

Usage: fault_stub.py --hello BINARY --panicking BINARY --notes BINARY [--json FILE]

Each row starts one binary with AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT (a fresh port per row).
Invocation 1 is a normal event (`tests/fixtures/perf/hello.json`), so the fault hits a process
that is already serving; invocation 2 carries the fault; invocation 3, if the binary asks for
it, is the normal event again, and its response is what "went on" means. Init rows fail before
any invocation. The row ends when the binary exits, when invocation 3 has been answered, or
after a time limit; a binary still running then is killed. Recorded: the exit code (or that it
was still running), what it printed on stderr (or, if nothing, its last line on stdout), every
POST it made (`/response` with the proxy response's status, `/error`, `/init/error`), and
whether it served invocation 3.

Prints the table in Markdown (row, expected, observed, ok?); with --json, the raw observations.
Exits 0 whatever the rows show: the table is the result.
"""
import argparse
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

from stub_http import StubHandler

PREFIX = "/2018-06-01/runtime"
with open("tests/fixtures/perf/hello.json", "rb") as f:
    HELLO = f.read()
PANIC_EVENT = json.dumps({
    "resource": "/panic", "path": "/panic", "httpMethod": "GET", "headers": {},
    "multiValueHeaders": {}, "queryStringParameters": None, "pathParameters": None,
    "stageVariables": None, "body": None, "isBase64Encoded": False,
    "requestContext": {"resourcePath": "/panic", "httpMethod": "GET", "path": "/test/panic",
                       "stage": "test", "requestId": "r-panic", "accountId": "123456789012"},
}).encode()
CONTAINER_ERROR = b'{"errorMessage":"the stub fails on purpose","errorType":"ContainerError"}'


def invocation_headers(request_id):
    return [
        ("Content-Type", "application/json"),
        ("Lambda-Runtime-Aws-Request-Id", request_id),
        ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 60_000)),
        ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:faults"),
        ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
    ]


class Row:
    """One row: the binary, its environment, the fault, and what the row must show."""

    def __init__(self, name, binary, fault, expected, ok, env=None, event=HELLO, limit=6.0):
        self.name = name
        self.binary = binary
        self.fault = fault  # a key of `Handler.FAULTS`, or None
        self.expected = expected
        self.ok = ok  # observation -> bool
        self.env = env or {}
        self.event = event  # invocation 2's event when the fault is not in `/next`
        self.limit = limit  # seconds after the fault (or the start, for init rows)


class State:
    def __init__(self, row):
        self.row = row
        self.nexts = 0
        self.posts = []  # (path, proxy status or None)
        self.fault_at = None
        self.follow_up_served = threading.Event()
        self.over = threading.Event()
        self.lock = threading.Lock()


class Handler(StubHandler):
    disable_nagle_algorithm = True  # each answer goes out at once, as the Runtime API's

    def hold(self):
        """Never answers (until the row is over), as the Runtime API with no event to give."""
        self.server.state.over.wait(60)
        self.close_connection = True

    def do_GET(self):
        state = self.server.state
        if self.path == "/2020-01-01/extension/event/next":
            self.hold()  # the shutdown extension's long poll (`examples/notes`)
            return
        if self.path != f"{PREFIX}/invocation/next":
            self.reply(404)
            return
        with state.lock:
            state.nexts += 1
            n = state.nexts
        if n == 1 or n == 3:
            self.reply(200, HELLO, invocation_headers(f"fault-{n}"))
            return
        if n > 3:
            self.hold()
            return
        state.fault_at = time.monotonic()
        fault = state.row.fault
        if fault == "next-not-json":
            self.reply(200, b"this is not JSON", invocation_headers("fault-2"))
        elif fault == "next-truncated-json":
            self.reply(200, HELLO[: len(HELLO) // 2], invocation_headers("fault-2"))
        elif fault == "next-short-body":
            # Content-Length of the whole event, half of it sent, then the connection closed.
            self.send_response(200)
            for name, value in invocation_headers("fault-2"):
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(HELLO)))
            self.end_headers()
            self.wfile.write(HELLO[: len(HELLO) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif fault == "next-close":
            self.close_connection = True  # the request read, nothing answered
        elif fault == "next-slow":
            time.sleep(5)
            self.reply(200, HELLO, invocation_headers("fault-2"))
        elif fault == "next-500":
            self.reply(500, CONTAINER_ERROR, [("Content-Type", "application/json")])
        else:
            self.reply(200, state.row.event, invocation_headers("fault-2"))

    def do_POST(self):
        state = self.server.state
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        path = self.path
        if path == "/2020-01-01/extension/register":
            self.reply(200, b'{"functionName":"faults","functionVersion":"$LATEST","handler":""}',
                       [("Lambda-Extension-Identifier", "stub-extension-id"),
                        ("Content-Type", "application/json")])
            return
        status = None
        try:
            response = json.loads(body)
            if isinstance(response, dict) and path.endswith("/response"):
                status = response.get("statusCode")
        except ValueError:
            pass
        short = path.replace(PREFIX, "")
        with state.lock:
            state.posts.append({"path": short, "status": status, "body": body[:300].decode("utf-8", "replace")})
        fault = state.row.fault
        if short == "/invocation/fault-2/response" and fault == "response-500":
            self.reply(500, CONTAINER_ERROR, [("Content-Type", "application/json")])
            return
        if short == "/invocation/fault-2/response" and fault == "response-close":
            self.close_connection = True
            return
        self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
        if short == "/invocation/fault-3/response":
            state.follow_up_served.set()


class Stub(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state):
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = state

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def printed(stderr, stdout):
    """What the binary said: its stderr, or else its last line on stdout, on one line; the
    X-Ray trace id, the thread id and where cargo keeps a dependency's source left out."""
    stderr = re.sub(r"/\S*?/registry/src/[^/]+/", "", stderr)
    stderr = re.sub(r"thread '(\w+)' \(\d+\)", r"thread '\1'", stderr)
    stdout = re.sub(r" xrayTraceId=\S+?:", ":", stdout)
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("note: run with `RUST_BACKTRACE")]
    if not lines:
        lines = [line.strip() for line in stdout.splitlines() if line.strip()][-1:]
    text = " / ".join(lines)
    return text if len(text) <= 220 else text[:217] + "..."


def run_row(row, work):
    state = State(row)
    server = Stub(state)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    env = {
        "PATH": "/usr/bin:/bin",
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}",
        "AWS_LAMBDA_FUNCTION_NAME": "faults",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_REGION": "us-east-1",
    }
    env.update(row.env)
    out_path = os.path.join(work, "stdout")
    err_path = os.path.join(work, "stderr")
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = subprocess.Popen([row.binary], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    started = time.monotonic()
    try:
        while True:
            if process.poll() is not None or state.follow_up_served.is_set():
                break
            since = state.fault_at if state.fault_at is not None else started
            if time.monotonic() - since > row.limit:
                break
            time.sleep(0.02)
        state.follow_up_served.wait(0.2)  # its POST is being answered
        time.sleep(0.2)  # anything it prints right after
        code = process.poll()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        state.over.set()
        server.shutdown()
        server.server_close()
    with open(out_path, errors="replace") as out, open(err_path, errors="replace") as err:
        stdout, stderr = out.read(), err.read()
    return {
        "row": row.name,
        "exit": code,  # None: still running when the row ended
        "posts": state.posts,
        "went_on": state.follow_up_served.is_set(),
        "printed": printed(stderr, stdout),
        "panicked": "panicked at" in stderr,
        "seconds": round(time.monotonic() - started, 2),
    }


def posted(observation, path, status=None):
    return any(p["path"] == path and (status is None or p["status"] == status)
               for p in observation["posts"])


def clean_exit(observation):
    """Exit code 1 with something said, no panic, nothing posted but the first response."""
    return (observation["exit"] == 1 and not observation["panicked"] and observation["printed"] != ""
            and not observation["went_on"])


def rows(hello, panicking, notes):
    spec_500 = ("Runtime API: 500 is \"Container error. Non-recoverable state. Runtime should "
                "exit promptly\": exit 1 with a clear message, no panic")
    return [
        Row("`/next` answers bytes that are not JSON", hello, "next-not-json",
            "a 400 proxy response posted to `/response`; goes on",
            lambda o: posted(o, "/invocation/fault-2/response", 400) and o["went_on"]),
        Row("`/next` answers a truncated event (half of `hello.json`, its own length)", hello,
            "next-truncated-json",
            "a 400 proxy response posted to `/response`; goes on",
            lambda o: posted(o, "/invocation/fault-2/response", 400) and o["went_on"]),
        Row("`/next` body cut short (`Content-Length` of the whole event, half sent, connection closed)",
            hello, "next-short-body",
            "exit 1 with an error message, no panic (the event never arrived)",
            clean_exit),
        Row("`/next` closes the connection without answering", hello, "next-close",
            "exit 1 with an error message, no panic", clean_exit),
        Row("`/next` answers after 5 s", hello, "next-slow",
            "waits (the Runtime API says not to time out `/next`), a 200 posted; goes on",
            lambda o: posted(o, "/invocation/fault-2/response", 200) and o["went_on"], limit=15.0),
        Row("`/response` answers 500", hello, "response-500", spec_500, clean_exit),
        Row("`/response` closes the connection without answering", hello, "response-close",
            "exit 1 with an error message, no panic", clean_exit),
        Row("the handler panics (`tests/perf/src/bin/panicking.rs`, `GET /panic`)", panicking, None,
            "a 500 proxy response with the request id posted to `/response`; goes on",
            lambda o: posted(o, "/invocation/fault-2/response", 500) and o["went_on"]
            and any("fault-2" in p["body"] for p in o["posts"] if p["path"].startswith("/invocation/fault-2"))
            and o["exit"] is None,
            event=PANIC_EVENT),
        Row("init fails: `AWS_LAMBDA_FUNCTION_MEMORY_SIZE=abc`", hello, None,
            "`/init/error` posted; exit non-zero, saying which variable",
            lambda o: posted(o, "/init/error") and o["exit"] not in (None, 0) and not o["panicked"]
            and "AWS_LAMBDA_FUNCTION_MEMORY_SIZE" in o["printed"],
            env={"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "abc"}),
        Row("init fails: `examples/notes` with `NOTES_STORE=bogus`", notes, None,
            "`/init/error` posted; exit non-zero, saying why",
            lambda o: posted(o, "/init/error") and o["exit"] not in (None, 0) and not o["panicked"]
            and "NOTES_STORE" in o["printed"],
            env={"NOTES_STORE": "bogus"}),
        Row("`/next` answers 500", hello, "next-500", spec_500, clean_exit),
    ]


def describe(o):
    if o["exit"] is None:
        state = "still running when stopped"
    elif o["exit"] < 0:
        state = f"killed by signal {-o['exit']}"
    else:
        state = f"exit {o['exit']}" + (" (panic)" if o["panicked"] else "")
    said = []
    for p in o["posts"]:
        invocation = re.fullmatch(r"/invocation/fault-(\d+)/(response|error)", p["path"])
        if invocation is None:
            said.append(f"`{p['path']}`")
        elif invocation[1] == "1":
            continue  # the normal event before the fault
        elif invocation[2] == "response":
            said.append(f"a {p['status']} response for invocation {invocation[1]}")
        else:
            said.append(f"`/error` for invocation {invocation[1]}")
    said = ", ".join(said) or "nothing"
    went = "went on (invocation 3 answered)" if o["went_on"] else "did not go on"
    text = o["printed"].replace("|", "\\|").replace("`", "'")
    return f"{state}; posted {said}; {went}; printed: `{text}`" if text else f"{state}; posted {said}; {went}; printed nothing"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hello", required=True)
    parser.add_argument("--panicking", required=True)
    parser.add_argument("--notes", required=True)
    parser.add_argument("--json", help="write the observations here")
    args = parser.parse_args()
    observations = []
    print("| # | fault | expected | observed | ok? |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as work:
        for number, row in enumerate(rows(args.hello, args.panicking, args.notes), 1):
            observation = run_row(row, work)
            ok = bool(row.ok(observation))
            observation["ok"] = ok
            observations.append(observation)
            print(f"| {number} | {row.name} | {row.expected} | {describe(observation)} | "
                  f"{'yes' if ok else '**no**'} |", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(observations, f, indent=1)


if __name__ == "__main__":
    main()
