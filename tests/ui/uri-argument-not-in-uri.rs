use gatewright::prelude::*;

#[route(GET, "/table")]
fn table(#[stage] table: Option<String>, method: Method) -> String {
    format!("{table:?} {method}")
}

fn link() -> String {
    gatewright::uri!(table(table = "t1", method = Method::GET))
}

fn main() {}
