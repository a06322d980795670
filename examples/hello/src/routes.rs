//! The routes of the example API, in a module of their own: `main!` finds handlers by path.

use gatewright::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;

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
pub fn user(id: u64) -> Json<User> {
    Json(User { id })
}

/// The stage variable `stageVarName`, or `null` where the stage doesn't set it.
#[route(GET, "/stage")]
pub fn stage(#[stage("stageVarName")] value: Option<String>) -> Json<Stage> {
    Json(Stage {
        stage_var_name: value,
    })
}

/// Everything else: the method and the rest of the path.
#[route(ANY, "/<proxy+>")]
pub async fn proxy(method: Method, proxy: String) -> Json<Echo> {
    Json(Echo {
        method: method.as_str().to_owned(),
        proxy,
    })
}

// The bodies derive `JsonSchema`, so the OpenAPI document describes them as serde writes them
// (`stageVarName`), checked against real responses in CI by schemathesis.

/// The body of `GET /users/<id>`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct User {
    /// The id from the path.
    pub id: u64,
}

/// The body of `GET /stage`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Stage {
    /// The stage variable, `null` when unset.
    #[serde(rename = "stageVarName")]
    pub stage_var_name: Option<String>,
}

/// The body of every other request.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Echo {
    /// The request's method.
    pub method: String,
    /// The path, without its first `/`.
    pub proxy: String,
}
