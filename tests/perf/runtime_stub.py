#!/usr/bin/env python3
"""A stand-in for the Lambda Runtime API on 127.0.0.1, and the cold-start driver of `coldstart.sh`.

Usage: runtime_stub.py --event EVENT.json --runs N [--timeout S] [--expect NAME=TEXT ...] NAME=BINARY ...

For each of N rounds it starts every binary once, in turn (the order rotates from round to round,
so no binary always runs in the same place), and measures exec -> first response:

- the clock starts in the forked child, right before `execve` of the binary (CLOCK_MONOTONIC,
  sent to the parent through a pipe), so Python's own fork cost is not counted;
- the binary finds the stub through AWS_LAMBDA_RUNTIME_API=127.0.0.1:PORT, gets the event from
  `GET /2018-06-01/runtime/invocation/next` (with the request id, deadline and function ARN
  headers), and the clock stops when its `POST .../invocation/<id>/response` has arrived (its
  headers and body read; same clock);
- right then, before the stub answers 202 (the binary is blocked waiting for that answer), the
  stub reads VmHWM (peak resident set) from /proc/<pid>/status: the peak RSS at first response;
- the binary is then killed (SIGKILL) and reaped. Its second `/next` is never answered.
Each run has a listening socket of its own, so a late request of one run never reaches the next.

A run that fails (an error posted to the stub, the binary exiting, no response within --timeout,
or a response without the expected text) stops the script with an error. Prints one line per
run on stderr and a JSON summary on stdout.
"""
import argparse
import http.server
import json
import os
import signal
import statistics
import struct
import sys
import threading
import time
import warnings

from stub_http import StubHandler

PREFIX = "/2018-06-01/runtime"


class Run:
    """The state of the run in progress, shared by the driver and the stub's handler threads."""

    def __init__(self, name, expect):
        self.name = name
        self.expect = expect
        self.request_id = None
        self.pid = None
        self.started = threading.Event()  # `pid` is set
        self.served = False
        self.done = threading.Event()  # the response (or an error) has arrived
        self.over = threading.Event()  # the binary has been killed and reaped
        self.responded_ns = None
        self.memory = {}
        self.error = None


lock = threading.Lock()
event_bytes = b""
counter = 0


MEMORY = ("VmHWM", "VmRSS", "RssAnon", "RssFile", "minflt")


def memory_of(pid):
    """VmHWM (peak RSS), VmRSS and its anonymous and file-backed parts, in KiB, from
    /proc/<pid>/status, and the number of minor page faults so far (`minflt`, /proc/<pid>/stat)."""
    found = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in MEMORY:
                found[name] = int(value.split()[0])
    with open(f"/proc/{pid}/stat") as stat:
        found["minflt"] = int(stat.read().rpartition(")")[2].split()[7])
    return found


class Handler(StubHandler):
    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        global counter
        run = self.server.run
        if self.path != f"{PREFIX}/invocation/next":
            self.reply(404)
            return
        with lock:
            first = not run.served
            run.served = True
            if first:
                counter += 1
                run.request_id = f"coldstart-{counter}"
        if not first:
            # The binary asks for its second event: it never comes; the driver kills the binary.
            run.over.wait(60)
            self.close_connection = True
            return
        deadline_ms = int(time.time() * 1000) + 60_000
        self.reply(
            200,
            event_bytes,
            [
                ("Content-Type", "application/json"),
                ("Lambda-Runtime-Aws-Request-Id", run.request_id),
                ("Lambda-Runtime-Deadline-Ms", str(deadline_ms)),
                ("Lambda-Runtime-Invoked-Function-Arn",
                 "arn:aws:lambda:us-east-1:123456789012:function:coldstart"),
                ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
            ],
        )

    def do_POST(self):
        arrived = time.monotonic_ns()  # request line and headers read
        run = self.server.run
        body = self.body()
        if run is None:
            self.reply(404)
            return
        if self.path == f"{PREFIX}/invocation/{run.request_id}/response":
            run.responded_ns = arrived
            run.started.wait(timeout=10)  # the driver may not have noted the pid yet
            try:
                run.memory = memory_of(run.pid)
            except OSError as err:
                run.error = f"cannot read /proc/{run.pid}/status: {err}"
            if run.expect is not None and run.expect.encode() not in body:
                run.error = f"the response lacks {run.expect!r}: {body[:300]!r}"
            self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
        else:
            run.error = f"POST {self.path}: {body[:300]!r}"
            self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
        run.done.set()


def start(binary, env):
    """Forks; the child stamps the clock and execs `binary`. Returns (pid, exec_ns)."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process
        pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)  # the binaries' logs are not measured
            os.write(write_end, struct.pack("q", time.monotonic_ns()))
            os.execve(binary, [binary], env)
        finally:
            os._exit(127)
    os.close(write_end)
    stamp = b""
    while len(stamp) < 8:
        chunk = os.read(read_end, 8 - len(stamp))
        if not chunk:
            break
        stamp += chunk
    os.close(read_end)
    if len(stamp) < 8:
        raise SystemExit(f"error: could not start {binary}")
    return pid, struct.unpack("q", stamp)[0]


class Stub(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, run):
        super().__init__(("127.0.0.1", 0), Handler)
        self.run = run

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)  # a killed binary's socket is not news


def measure(name, binary, env, expect, timeout):
    run = Run(name, expect)
    server = Stub(run)
    serving = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    serving.start()
    env = dict(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}")
    pid, exec_ns = start(binary, env)
    run.pid = pid
    run.started.set()
    try:
        deadline = time.monotonic() + timeout
        while not run.done.wait(0.005):
            ended, status = os.waitpid(pid, os.WNOHANG)
            if ended:
                pid = None  # reaped
                if run.done.is_set():
                    break
                raise SystemExit(f"error: {name} exited (status {status}) before responding")
            if time.monotonic() > deadline:
                raise SystemExit(f"error: {name} did not respond within {timeout} s")
        if run.error:
            raise SystemExit(f"error: {name}: {run.error}")
        return (run.responded_ns - exec_ns) / 1e6, run.memory
    finally:
        if pid is not None:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        run.over.set()  # ends the handler holding the second /next
        server.shutdown()
        server.server_close()


def summary(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "values": values,
    }


def main():
    global event_bytes
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--event", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2, help="unrecorded rounds first")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per run")
    parser.add_argument("--expect", action="append", default=[], metavar="NAME=TEXT")
    parser.add_argument("binaries", nargs="+", metavar="NAME=BINARY")
    args = parser.parse_args()
    # A TERM (coldstart.sh's trap, `timeout`) unwinds, so `measure` kills the binary it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with open(args.event, "rb") as f:
        event_bytes = f.read()
    binaries = [tuple(b.split("=", 1)) for b in args.binaries]
    expect = dict(e.split("=", 1) for e in args.expect)

    env = {
        "PATH": "/usr/bin:/bin",
        "AWS_LAMBDA_FUNCTION_NAME": "coldstart",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_REGION": "us-east-1",
    }

    results = {name: {key: [] for key in ("ms",) + MEMORY} for name, _ in binaries}
    for round_ in range(args.warmup + args.runs):
        # Rotated each round, so every binary runs in every position equally often (with two,
        # they alternate).
        shift = round_ % len(binaries)
        order = binaries[shift:] + binaries[:shift]
        for name, binary in order:
            ms, memory = measure(name, binary, env, expect.get(name), args.timeout)
            warm = round_ < args.warmup
            print(f"{'warmup' if warm else 'run'} {round_:3d} {name:>8}: {ms:7.3f} ms  "
                  + "  ".join(f"{key} {memory.get(key)}" for key in MEMORY), file=sys.stderr)
            if not warm:
                results[name]["ms"].append(ms)
                for key in MEMORY:
                    results[name][key].append(memory[key])
    print(json.dumps({name: {k: summary(v) for k, v in r.items()} for name, r in results.items()},
                     indent=1))


if __name__ == "__main__":
    main()
