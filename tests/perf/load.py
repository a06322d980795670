#!/usr/bin/env python3
"""Local load: two HTTP servers of the same five routes loaded by `wrk` on 127.0.0.1, in one
run, their runs interleaved. The load part of `reliability.sh`.

Usage: load.py [--runs 3] [--seconds 10] [--threads 2] [--connections 16] NAME=BINARY ...

Each binary is started once, with PORT set (a free port each) and RUST_LOG=warn (gatewright
logs one line per request at `info`; axum logs nothing), stdout and stderr discarded. Before
any load, every path of `routes.lua` must answer 200 with the same body from every server.
Then, RUNS times, each server gets one `wrk --latency -t THREADS -c CONNECTIONS -d SECONDS`
run, the order alternating from round to round. The servers are checked to be still running
after the runs, then stopped.

Prints the table in Markdown on stdout (requests/s, p50 and p99 latency, errors: socket errors
and non-2xx/3xx responses, per run; then the medians and their ratios to the last server named,
the reference) and
`wrk`'s own output on stderr. Exits 1 if a server failed the check or stopped.
"""
import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PATHS = ["/hello?name=me", "/hello/me?greeting=Howdy", "/users/42", "/stage", "/test/hello"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def wait_ready(process, port, name):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: {name} exited with code {process.returncode} at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"error: {name} is not listening on {port} after 15 s")


def wrk(port, args):
    command = ["wrk", "--latency", "-t", str(args.threads), "-c", str(args.connections),
               "-d", f"{args.seconds}s", "-s", os.path.join(HERE, "routes.lua"),
               f"http://127.0.0.1:{port}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 60)
    sys.stderr.write(done.stdout + done.stderr)
    line = next((l for l in done.stdout.splitlines() if l.startswith("RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"error: wrk failed ({done.returncode})")
    result = json.loads(line[len("RESULT "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "timeout", "status"))
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("servers", nargs="+", metavar="NAME=BINARY")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwinds, so `finally` stops them

    servers = []  # (name, process, port)
    try:
        for spec in args.servers:
            name, binary = spec.split("=", 1)
            port = free_port()
            env = {"PATH": "/usr/bin:/bin", "PORT": str(port), "RUST_LOG": "warn"}
            process = subprocess.Popen([binary], env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            servers.append((name, process, port))
            wait_ready(process, port, name)

        # The same answers from every server, or the comparison means nothing.
        for path in PATHS:
            answers = {name: get(port, path) for name, _, port in servers}
            first = next(iter(answers.values()))
            for name, answer in answers.items():
                if answer[0] != 200 or answer != first:
                    raise SystemExit(f"error: GET {path}: {name} answered {answer}, "
                                     f"{servers[0][0]} {first}")
            print(f"GET {path}: 200 {first[1].decode()!r} from each", file=sys.stderr)

        results = {name: [] for name, _, _ in servers}
        for run in range(args.runs):
            order = servers if run % 2 == 0 else servers[::-1]
            for name, process, port in order:
                print(f"== run {run + 1}: {name}", file=sys.stderr)
                results[name].append(wrk(port, args))
        for name, process, _ in servers:
            if process.poll() is not None:
                raise SystemExit(f"error: {name} stopped during the runs (code {process.returncode})")
    finally:
        for _, process, _ in servers:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()

    base = servers[-1][0]
    print(f"`wrk --latency -t{args.threads} -c{args.connections} -d{args.seconds}s`, "
          f"{args.runs} runs each, alternating; load average at the end {os.getloadavg()[0]:.2f}.\n")
    print("| server | run | requests/s | p50 | p99 | errors (socket + non-2xx/3xx) |")
    print("|---|---|---|---|---|---|")
    for name, _, _ in servers:
        for run, r in enumerate(results[name], 1):
            print(f"| `{name}` | {run} | {r['rps']:,.0f} | {r['p50_us'] / 1000:.2f} ms | "
                  f"{r['p99_us'] / 1000:.2f} ms | {r['errors']} of {r['requests']:,} |")
    print()
    print(f"| server | requests/s, median (min–max) | p99, median (min–max) | errors | "
          f"requests/s / `{base}` | p99 / `{base}` |")
    print("|---|---|---|---|---|---|")
    median = lambda name, key: statistics.median(r[key] for r in results[name])
    for name, _, _ in servers:
        rps = [r["rps"] for r in results[name]]
        p99 = [r["p99_us"] / 1000 for r in results[name]]
        errors = sum(r["errors"] for r in results[name])
        total = sum(r["requests"] for r in results[name])
        print(f"| `{name}` | {statistics.median(rps):,.0f} ({min(rps):,.0f}–{max(rps):,.0f}) | "
              f"{statistics.median(p99):.2f} ms ({min(p99):.2f}–{max(p99):.2f}) | "
              f"{errors} of {total:,} | "
              f"{median(name, 'rps') / median(base, 'rps'):.2f}× | "
              f"{median(name, 'p99_us') / median(base, 'p99_us'):.2f}× |")
    for name, _, _ in servers[:-1]:
        paired = [a["rps"] / b["rps"] for a, b in zip(results[name], results[base])]
        print(f"\n`{name}` / `{base}` requests/s, round by round: "
              + ", ".join(f"{p:.2f}×" for p in paired) + ".")


if __name__ == "__main__":
    main()
