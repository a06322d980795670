use gatewright::prelude::*;
use gatewright::Rejection;
use serde::Deserialize;

#[derive(Deserialize)]
struct Name {
    name: String,
}

#[derive(Deserialize)]
struct Age {
    age: u8,
}

#[route(POST, "/people")]
fn create(Json(name): Json<Name>, age: Result<Json<Age>, Rejection>) -> String {
    format!("{} {:?}", name.name, age.ok().map(|Json(age)| age.age))
}

#[route(POST, "/raw")]
fn raw(first: RawBody, second: Option<RawBody>) -> Vec<u8> {
    let _ = second;
    first.0.into_owned()
}

fn main() {}
