//! Runs one case N times with one implementation, for instruction counts under callgrind:
//!
//! ```sh
//! cargo bench -p gatewright-perf --bench one --no-run   # prints the executable's path
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/one-HASH gatewright hello.json 1000
//! ```
//!
//! Arguments: the implementation, the case, and the count N (default 1000), or `print` to print
//! one response. Events: `gatewright`, `lambda_http+axum` or `lambda_runtime+hand` with
//! `hello.json`, `hello_mv.json`, `users.json` or `proxy.json`. Routing: `gatewright`, `matchit`
//! or `matchit-as-is` with `routes` (one iteration = the 130 lookups). Any implementation with
//! N = 0 counts only the setup and the checks. `gatewright+middleware` and `gatewright+cors` serve
//! the events with one pass-through middleware, or CORS (the event then has an allowed
//! `Origin`), around the same API: what each costs per event. Run it with N and 2N: the difference divided by
//! N is the cost of one iteration.

// `shared` holds the 130-route table, and `api!` nests one macro expansion per route.
#![recursion_limit = "512"]

use std::hint::black_box;

mod shared;

use gatewright::__private::Match;
use shared::github::Routers;
use shared::{Impl, Servers, CASES};

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let usage = "usage: one IMPL CASE [COUNT|print]";
    if args.is_empty() {
        // Plain `cargo bench` runs every bench target, this one without arguments.
        eprintln!("{usage} (nothing to do)");
        return;
    }
    let (name, case) = match &args[..] {
        [name, case, ..] => (name.as_str(), case.as_str()),
        _ => panic!("{usage}"),
    };
    let print = args.get(2).is_some_and(|a| a == "print");
    let count: u64 = match args.get(2) {
        Some(_) if print => 1,
        Some(n) => n.parse().expect(usage),
        None => 1000,
    };

    if case == "routes" {
        let routers = Routers::new();
        routers.check();
        let mut found = 0usize;
        for _ in 0..count {
            for (path, as_is_path) in routers.paths.iter().zip(&routers.as_is_paths) {
                found += match name {
                    "gatewright" => {
                        let found = black_box(routers.gatewright_lookup(black_box(path)));
                        matches!(found, Match::Found(_)) as usize
                    }
                    "matchit" => black_box(routers.matchit.at(black_box(path)).is_ok()) as usize,
                    "matchit-as-is" => {
                        black_box(routers.matchit_as_is.at(black_box(as_is_path)).is_ok()) as usize
                    }
                    _ => panic!("no router {name}"),
                };
            }
        }
        println!("{found} routes found");
        return;
    }

    if let Some(layer) = name.strip_prefix("gatewright+") {
        let (_, event) = CASES
            .iter()
            .find(|(c, _)| *c == case)
            .unwrap_or_else(|| panic!("no case {case}"));
        let layered = shared::layered::Layered::new();
        let event = layered.event(layer, event);
        layered.check(layer, &event);
        let mut bytes = 0;
        for _ in 0..count {
            bytes += layered.handle(layer, black_box(&event)).len();
        }
        println!("{bytes} response bytes");
        return;
    }

    let which = *Impl::ALL
        .iter()
        .find(|i| i.name() == name)
        .unwrap_or_else(|| panic!("no implementation {name}"));
    let (_, event) = CASES
        .iter()
        .find(|(c, _)| *c == case)
        .unwrap_or_else(|| panic!("no case {case}"));
    let servers = Servers::new();
    servers.check();
    let mut bytes = 0;
    for _ in 0..count {
        let response = servers.handle(which, black_box(event));
        if print {
            println!("{}", String::from_utf8_lossy(&response));
        }
        bytes += response.len();
    }
    println!("{bytes} response bytes");
}
