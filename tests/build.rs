//! Writes the large API of `tests/large_api.rs`: 330 GitHub-like routes, the table of
//! `perf/github-routes.txt` (normalized as `perf/src/table.rs` does: a parameter glued to a
//! literal gets its own segment, no trailing `/`) and then the table again under `/v2` and
//! `/v3` until there are enough, one handler per route in one module per first segment of the
//! table, and the `gatewright::api!` that lists them all (no `recursion_limit` anywhere).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

const ROUTES: usize = 330;

fn main() {
    let table_path = Path::new("perf/github-routes.txt");
    println!("cargo::rerun-if-changed={}", table_path.display());
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(table_path).expect("perf/github-routes.txt");
    let table: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(normalize)
        .collect();

    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    let mut listed = Vec::new();
    for index in 0..ROUTES {
        let base = &table[index % table.len()];
        let route = match index / table.len() {
            0 => base.clone(),
            copy => format!("/v{}{base}", copy + 1),
        };
        let first = base.trim_start_matches('/').split('/').next().unwrap_or("");
        let module = format!("m_{}", first.replace(['-', '.'], "_"));
        let params: Vec<&str> = route
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let template = route.replace('{', "<").replace('}', ">");
        let args: Vec<String> = params.iter().map(|p| format!("{p}: String")).collect();
        let mut body = format!("h{index}");
        for p in &params {
            write!(body, " {{{p}}}").unwrap();
        }
        let code = modules.entry(module.clone()).or_default();
        write!(
            code,
            "    #[gatewright::route(GET, \"{template}\")]\n    pub fn h{index}({}) -> String {{\n        format!(\"{body}\")\n    }}\n\n",
            args.join(", ")
        )
        .unwrap();
        listed.push(format!("{module}::h{index}"));
    }

    let mut out = String::new();
    for (module, code) in &modules {
        writeln!(out, "pub mod {module} {{\n{code}}}\n").unwrap();
    }
    writeln!(
        out,
        "/// The API of all {ROUTES} routes.\npub fn api() -> impl gatewright::Api {{\n    gatewright::api!(\n        {}\n    )\n}}",
        listed.join(",\n        ")
    )
    .unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("large_api.rs");
    std::fs::write(dest, out).unwrap();
}

/// `/orgs/{p1}/members{p2}/` as `/orgs/{p1}/members/{p2}`.
fn normalize(route: &str) -> String {
    let mut out = String::new();
    for segment in route
        .trim_end_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
    {
        match segment.find('{') {
            Some(at) if at > 0 => {
                write!(out, "/{}/{}", &segment[..at], &segment[at..]).unwrap();
            }
            _ => write!(out, "/{segment}").unwrap(),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}
