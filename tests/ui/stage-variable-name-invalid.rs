use gatewright::prelude::*;

#[route(GET, "/table")]
fn table(#[stage("table-name")] table: Option<String>) -> String {
    table.unwrap_or_default()
}

fn main() {}
