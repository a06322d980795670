//! The routes of the example API, in a module of their own: `main!` finds handlers by path.

use gatewright::prelude::*;
use gatewright::Describe;
use serde::Serialize;
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

/// The body of `GET /users/<id>`.
#[derive(Debug, Serialize)]
pub struct User {
    /// The id from the path.
    pub id: u64,
}

/// The body of `GET /stage`.
#[derive(Debug, Serialize)]
pub struct Stage {
    /// The stage variable, `null` when unset.
    #[serde(rename = "stageVarName")]
    pub stage_var_name: Option<String>,
}

/// The body of every other request.
#[derive(Debug, Serialize)]
pub struct Echo {
    /// The request's method.
    pub method: String,
    /// The path, without its first `/`.
    pub proxy: String,
}

// The schemas the OpenAPI document shows for these bodies (checked against real responses in
// CI by schemathesis).

impl Describe for User {
    fn schema() -> Value {
        json!({
            "type": "object",
            "required": ["id"],
            "properties": { "id": u64::schema() },
            "additionalProperties": false,
        })
    }
}

impl Describe for Stage {
    fn schema() -> Value {
        json!({
            "type": "object",
            "required": ["stageVarName"],
            "properties": { "stageVarName": Option::<String>::schema() },
            "additionalProperties": false,
        })
    }
}

impl Describe for Echo {
    fn schema() -> Value {
        json!({
            "type": "object",
            "required": ["method", "proxy"],
            "properties": { "method": String::schema(), "proxy": String::schema() },
            "additionalProperties": false,
        })
    }
}
