#!/usr/bin/env python3
"""Prints the medians of `cargo bench -p gatewright-perf` runs as Markdown tables, with the
ratio gatewright / peer (below 1 means gatewright is faster).

Usage: python3 tests/perf/report.py [TARGET_DIR ...]   (default: target, from the workspace root)

With several target directories (one per run: copy `target/criterion` away between runs), each
cell is the median over the runs of criterion's median, and each ratio is followed by its range
over the runs: on a shared machine one run's absolute times say little, the ratios more.
"""
import json
import pathlib
import statistics
import sys


def load(target):
    medians = {}  # (group, function) -> median ns
    for bench in (pathlib.Path(target) / "criterion").glob("**/new/benchmark.json"):
        meta = json.loads(bench.read_text())
        estimates = json.loads((bench.parent / "estimates.json").read_text())
        function = meta["function_id"] or meta["value_str"]
        medians[(meta["group_id"], function)] = estimates["median"]["point_estimate"]
    return medians


runs = [load(t) for t in (sys.argv[1:] or ["target"])]
runs = [r for r in runs if r]
if not runs:
    sys.exit("no criterion results found")


def median(group, function):
    values = [r[(group, function)] for r in runs if (group, function) in r]
    return statistics.median(values) if values else None


def ratio(group, function, peer):
    pairs = [(r[(group, function)], r[(group, peer)]) for r in runs
             if (group, function) in r and (group, peer) in r]
    if not pairs:
        return "—"
    text = f"{median(group, function) / median(group, peer):.2f}"
    if len(pairs) > 1:
        ratios = [a / b for a, b in pairs]
        text += f" ({min(ratios):.2f}–{max(ratios):.2f})"
    return text


def fmt(ns):
    if ns is None:
        return "—"
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.1f} ns"


print(f"{len(runs)} run(s).\n")
events = ["hello.json", "hello_mv.json", "users.json", "proxy.json"]
peers = ["lambda_http+axum", "lambda_runtime+hand"]
if any(median(case, "gatewright") for case in events):
    print("| event | gatewright | lambda_http 1.3 + axum 0.8 | lambda_runtime 1.5 + aws_lambda_events 1.2, by hand "
          "| gatewright / lambda_http+axum | gatewright / by hand |")
    print("|---|---|---|---|---|---|")
    for case in events:
        if median(case, "gatewright") is None:
            continue
        cells = [fmt(median(case, "gatewright"))] + [fmt(median(case, p)) for p in peers]
        cells += [ratio(case, "gatewright", p) for p in peers]
        print(f"| `{case}` | " + " | ".join(cells) + " |")
    print()

group = "github-130-routes"
if median(group, "gatewright") is not None:
    print("| router | all 130 lookups | per lookup | gatewright / router |")
    print("|---|---|---|---|")
    for name in ["gatewright", "matchit-0.9", "matchit-0.9/as-is"]:
        m = median(group, name)
        if m is not None:
            r = "—" if name == "gatewright" else ratio(group, "gatewright", name)
            print(f"| {name} | {fmt(m)} | {fmt(m / 130)} | {r} |")
