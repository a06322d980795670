#!/usr/bin/env python3
"""Soak: one Lambda binary serves many invocations from a stand-in for the Runtime API on
127.0.0.1, and every response is checked. The soak part of `reliability.sh`.

Usage: soak_stub.py [--invocations N] [--samples 1000,10000,100000] [--timeout S]
                    [--log-dir DIR] BINARY

The binary is started once, with AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT. Invocation i (from 1)
gets event i mod K of a fixed cycle: the events of tests/fixtures/perf/*.json and three bad
ones (not JSON, an event of no HTTP source, `/users/abc` where the id must be a u64), with
request id `soak-i`. Each must come back as a POST to `.../invocation/soak-i/response` whose
body is a JSON proxy response (an object with an integer `statusCode`, a string `body`, object
`headers`) with the expected status and, for the good events, the expected text in its body.
A POST anywhere else (`/error`), a wrong request id, or a response that fails the check is
counted as a failure (the first few are printed).

When the response of invocation n in --samples arrives, before the stub answers it (the binary
is waiting for that answer), VmRSS and VmHWM are read from /proc/<pid>/status. After the last
response the binary's next `/next` is held; the stub checks the process is still the one it
started (alive, same start time in /proc/<pid>/stat), reads its CPU time, then kills it.

Prints progress on stderr and a JSON summary on stdout; exits 1 if anything failed.
"""
import argparse
import glob
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time

from stub_http import StubHandler

PREFIX = "/2018-06-01/runtime"
FIXTURES = "tests/fixtures/perf"

# Status and text each fixture must answer (as `BENCHMARKS.md` and `.ci/cargo-lambda.sh` check).
EXPECTED = {
    "hello.json": (200, "Howdy, me!"),
    "hello_mv.json": (200, "Howdy, me!"),
    "users.json": (200, '{"id":42}'),
    "proxy.json": (200, '{"method":"GET","proxy":"test/hello"}'),
}


def events():
    """The cycle: (name, bytes, status, text that the body must contain or None)."""
    cycle = []
    for path in sorted(glob.glob(f"{FIXTURES}/*.json")):
        name = os.path.basename(path)
        status, text = EXPECTED.get(name, (200, None))
        with open(path, "rb") as f:
            cycle.append((name, f.read(), status, text))
    with open(f"{FIXTURES}/users.json") as f:
        users = json.load(f)
    users["path"] = "/users/abc"
    users["pathParameters"] = {"id": "abc"}
    users["requestContext"]["path"] = "/test/users/abc"
    cycle += [
        ("bad: not JSON", b'{"httpMethod": "GET", "path": "/hello', 400, None),
        ("bad: no HTTP source", b'{"Records": [{"eventSource": "aws:s3"}]}', 400, None),
        ("bad: /users/abc", json.dumps(users).encode(), 400, "invalid path parameter `id`"),
    ]
    return cycle


def proxy_response_problem(body, status, text):
    """Why `body` is not a proxy response with `status` (and `text`), or None."""
    try:
        response = json.loads(body)
    except ValueError as err:
        return f"not JSON ({err})"
    if not isinstance(response, dict):
        return "not a JSON object"
    if type(response.get("statusCode")) is not int:
        return "no integer `statusCode`"
    if not isinstance(response.get("body", ""), str):
        return "`body` is not a string"
    if not isinstance(response.get("headers", {}), dict):
        return "`headers` is not an object"
    if response["statusCode"] != status:
        return f"status {response['statusCode']}, expected {status}"
    if text is not None and text not in response.get("body", ""):
        return f"the body lacks {text!r}"
    return None


def status_of(pid):
    """VmRSS and VmHWM in KiB."""
    found = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0])
    return found


def stat_of(pid):
    """(start time, user + system CPU seconds) from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[19]), (int(fields[11]) + int(fields[12])) / ticks


class Soak:
    """What the handler threads and the driver share."""

    def __init__(self, cycle, invocations, samples):
        self.cycle = cycle
        self.invocations = invocations
        self.samples = set(samples)
        self.pid = None
        self.current = 0  # the invocation handed out last
        self.answered = 0  # responses checked
        self.failures = 0
        self.examples = []
        self.rss = {}
        self.first_ns = None
        self.last_ns = None
        self.done = threading.Event()
        self.over = threading.Event()

    def fail(self, message):
        self.failures += 1
        if len(self.examples) < 5:
            self.examples.append(message)
            print(f"failure: {message}", file=sys.stderr)


class Handler(StubHandler):
    disable_nagle_algorithm = True  # each answer goes out at once, as the Runtime API's

    def do_GET(self):
        soak = self.server.soak
        if self.path != f"{PREFIX}/invocation/next":
            self.reply(404)
            return
        if soak.current >= soak.invocations:
            soak.done.set()
            soak.over.wait(60)  # held until the driver has killed the binary
            self.close_connection = True
            return
        soak.current += 1
        i = soak.current
        if soak.first_ns is None:
            soak.first_ns = time.monotonic_ns()
        name, event, _, _ = soak.cycle[(i - 1) % len(soak.cycle)]
        self.reply(200, event, [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", f"soak-{i}"),
            ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 60_000)),
            ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:soak"),
            ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
        ])

    def do_POST(self):
        soak = self.server.soak
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        i = soak.current
        name, _, status, text = soak.cycle[(i - 1) % len(soak.cycle)]
        if self.path != f"{PREFIX}/invocation/soak-{i}/response":
            soak.fail(f"invocation {i} ({name}): POST {self.path}: {body[:200]!r}")
        else:
            problem = proxy_response_problem(body, status, text)
            if problem:
                soak.fail(f"invocation {i} ({name}): {problem}: {body[:200]!r}")
        soak.answered += 1
        if i in soak.samples:
            try:
                soak.rss[i] = status_of(soak.pid)
            except OSError as err:
                soak.fail(f"cannot read /proc/{soak.pid}/status: {err}")
            print(f"{i:>7} invocations: VmRSS {soak.rss.get(i, {}).get('VmRSS')} KiB",
                  file=sys.stderr)
        soak.last_ns = time.monotonic_ns()
        self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])


class Stub(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, soak):
        super().__init__(("127.0.0.1", 0), Handler)
        self.soak = soak

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--invocations", type=int, default=100_000)
    parser.add_argument("--samples", default="1000,10000,100000")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds for the whole soak")
    parser.add_argument("--log-dir", default=None, help="where the binary's stdout and stderr go")
    parser.add_argument("binary")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds, so `finally` kills

    cycle = events()
    samples = [int(n) for n in args.samples.split(",") if n]
    soak = Soak(cycle, args.invocations, samples)
    server = Stub(soak)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    env = {
        "PATH": "/usr/bin:/bin",
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}",
        "AWS_LAMBDA_FUNCTION_NAME": "soak",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_REGION": "us-east-1",
    }
    out = open(os.path.join(args.log_dir, "soak.stdout") if args.log_dir else os.devnull, "wb")
    err = open(os.path.join(args.log_dir, "soak.stderr") if args.log_dir else os.devnull, "wb")
    cpu_before = os.times()
    process = subprocess.Popen([args.binary], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    soak.pid = process.pid
    started = stat_of(process.pid)[0]
    summary = {"binary": os.path.basename(args.binary), "pid": process.pid,
               "events": [name for name, _, _, _ in cycle]}
    try:
        deadline = time.monotonic() + args.timeout
        while not soak.done.wait(0.2):
            if process.poll() is not None:
                soak.fail(f"the binary exited with code {process.returncode} after "
                          f"{soak.answered} responses")
                break
            if time.monotonic() > deadline:
                soak.fail(f"only {soak.answered} responses within {args.timeout} s")
                break
        alive = process.poll() is None
        same = False
        cpu = None
        if alive:
            start_now, cpu = stat_of(process.pid)
            same = start_now == started
            summary["rss_end"] = status_of(process.pid)
        if not same:
            soak.fail("the binary is not the process that was started")
        seconds = ((soak.last_ns or 0) - (soak.first_ns or 0)) / 1e9
        stub_cpu = sum(os.times()[:2]) - sum(cpu_before[:2])
        summary.update({
            "invocations": soak.answered,
            "failures": soak.failures,
            "failure_examples": soak.examples,
            "seconds": seconds,
            "per_second": soak.answered / seconds if seconds else None,
            "binary_cpu_seconds": cpu,
            "stub_cpu_seconds": stub_cpu,
            "same_process_at_end": alive and same,
            "rss": {str(n): soak.rss[n] for n in sorted(soak.rss)},
        })
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        soak.over.set()
        server.shutdown()
        server.server_close()
        out.close()
        err.close()
    print(json.dumps(summary, indent=1))
    sys.exit(1 if soak.failures or soak.answered != args.invocations else 0)


if __name__ == "__main__":
    main()
