use gatewright::prelude::*;

#[route(GET, "/me")]
fn me(#[cookie] #[header] session: Option<String>) -> String {
    session.unwrap_or_default()
}

fn main() {}
