//! The routes of `examples/hello` written with axum 0.8 for `lambda_http`: the peer of the
//! per-event benchmarks (`benches/shared`) and of the cold-start comparison
//! (`tests/perf/lambda_http_axum`). Included by path by both.

use axum::extract::{Path, Query, Request};
use axum::routing::{any, get};
use axum::{Json, Router};
use lambda_http::RequestExt;
use serde_json::{json, Value};

#[derive(serde::Deserialize)]
struct NameQuery {
    name: Option<String>,
}

#[derive(serde::Deserialize)]
struct GreetingQuery {
    greeting: Option<String>,
}

async fn hello(Query(query): Query<NameQuery>) -> String {
    format!("Hello, {}!", query.name.as_deref().unwrap_or("world"))
}

async fn hello_name(Path(name): Path<String>, Query(query): Query<GreetingQuery>) -> String {
    format!("{}, {name}!", query.greeting.as_deref().unwrap_or("Hello"))
}

async fn user(Path(id): Path<u64>) -> Json<Value> {
    Json(json!({ "id": id }))
}

async fn stage(request: Request) -> Json<Value> {
    let value = request
        .stage_variables_ref()
        .and_then(|vars| vars.first("stageVarName"))
        .map(str::to_owned);
    Json(json!({ "stageVarName": value }))
}

async fn proxy(method: http::Method, Path(proxy): Path<String>) -> Json<Value> {
    Json(json!({ "method": method.as_str(), "proxy": proxy }))
}

/// The five routes of `examples/hello`.
pub fn router() -> Router {
    Router::new()
        .route("/hello", get(hello))
        .route("/hello/{name}", get(hello_name))
        .route("/users/{id}", get(user))
        .route("/stage", get(stage))
        .route("/{*proxy}", any(proxy))
}
