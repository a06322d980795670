//! The routes of the example API, in a module of their own: `main!` finds handlers by path.

use gatewright::prelude::*;
use serde_json::{json, Value};

/// Greets `name` from the query string, or the world.
#[route(GET, "/hello")]
pub fn hello(#[query] name: Option<String>) -> String {
    format!("Hello, {}!", name.as_deref().unwrap_or("world"))
}

/// Greets the named person, with the greeting from the query string.
#[route(GET, "/hello/<name>")]
pub async fn hello_name(name: String, #[query] greeting: Option<String>) -> String {
    format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
}

/// A user by numeric id; any other id is a `400` that names `id`.
#[route(GET, "/users/<id>")]
pub fn user(id: u64) -> Json<Value> {
    Json(json!({ "id": id }))
}

/// The stage variable `stageVarName`, or `null` where the stage doesn't set it.
#[route(GET, "/stage")]
pub fn stage(#[stage("stageVarName")] value: Option<String>) -> Json<Value> {
    Json(json!({ "stageVarName": value }))
}

/// Everything else: the method and the rest of the path.
#[route(ANY, "/<proxy+>")]
pub async fn proxy(method: Method, proxy: String) -> Json<Value> {
    Json(json!({ "method": method.as_str(), "proxy": proxy }))
}
