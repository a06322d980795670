//! The API the fuzz targets serve events with: a route of every kind (literal, path parameters
//! of several types, greedy parameters, query, header and stage fields, JSON and raw bodies,
//! the whole headers, the request context, the event, state, a guard in every form, a mounted
//! group with its own middleware) and every layer (middleware, a catcher, CORS).
//!
//! No handler panics on purpose: the fuzzer's panic hook aborts on any panic, even one the
//! router would catch, so every panic it reports is one in gatewright.

use gatewright::prelude::*;
use gatewright::{
    middleware, BoxFuture, Context, Cors, Event, FromRequest, Next, Rejection, Request,
    RequestContext, Response, Segments, Values,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Bearer tokens and who they belong to: the API's state, read by the guard.
pub struct Keys(pub Vec<(&'static str, &'static str)>);

/// The caller, known by a bearer token; a guard that awaits.
pub struct Caller(pub &'static str);

impl<'r> FromRequest<'r> for Caller {
    type Rejection = (StatusCode, [(&'static str, &'static str); 1], Json<Value>);
    type Future = BoxFuture<'r, Result<Self, Self::Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        Box::pin(async move {
            let header = request.header("authorization").unwrap_or(Values::None);
            let token = header
                .last()
                .and_then(|value| value.strip_prefix("Bearer "));
            tokio::task::yield_now().await;
            let found = request.state().get::<Keys>().and_then(|keys| {
                keys.0
                    .iter()
                    .find(|(key, _)| Some(*key) == token)
                    .map(|(_, who)| *who)
            });
            found.map(Caller).ok_or((
                StatusCode::UNAUTHORIZED,
                [("www-authenticate", "Bearer")],
                Json(json!({ "error": "unauthorized" })),
            ))
        })
    }
}

#[route(GET, "/")]
pub fn home() -> &'static str {
    "home"
}

#[route(GET | HEAD, "/items/<id>")]
pub fn item(id: u32, #[query] verbose: Option<bool>) -> String {
    format!("item {id} {verbose:?}")
}

#[route(GET, "/types/<n>/<x>/<flag>/<c>/<word>")]
pub fn types(n: i64, x: f64, flag: bool, c: char, word: &str) -> Json<Value> {
    Json(json!({ "n": n, "x": x, "flag": flag, "c": c, "word": word }))
}

#[route(GET, "/files/<path+>")]
pub fn files(path: Segments) -> String {
    format!(
        "{} {} {}",
        path.join(),
        path.iter().count(),
        path.to_path_buf().display()
    )
}

#[route(ANY, "/echo/<rest+>")]
pub async fn echo(method: Method, rest: String) -> Json<Value> {
    Json(json!({ "method": method.as_str(), "rest": rest }))
}

#[route(GET, "/query")]
pub fn query(
    #[query] page: u32,
    #[query("page-size")] page_size: Option<u8>,
    #[query] tag: Vec<String>,
    #[query] r#type: Option<&str>,
) -> Json<Value> {
    Json(json!({ "page": page, "page_size": page_size, "tag": tag, "type": r#type }))
}

#[route(GET, "/headers")]
pub fn headers(
    #[header] user_agent: Option<String>,
    #[header("x-api-key")] key: String,
    #[header("accept")] accept: Vec<String>,
    all: Headers,
) -> Json<Value> {
    let entries: Vec<(String, String)> = all
        .entries()
        .into_iter()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let cookies: Vec<String> = all
        .get_all("cookie")
        .map(|value| value.into_owned())
        .collect();
    Json(json!({
        "ua": user_agent,
        "key": key,
        "accept": accept,
        "host": all.get("HOST"),
        "cookies": cookies,
        "entries": entries,
    }))
}

#[route(GET, "/stage")]
pub fn stage(
    #[stage] table: String,
    #[stage("limit")] limit: Option<u16>,
    #[stage("stageVarName")] name: Vec<String>,
) -> String {
    format!("{table} {limit:?} {name:?}")
}

#[derive(Deserialize, Serialize)]
pub struct Item {
    pub name: String,
    pub count: u32,
}

#[route(POST | PUT, "/json")]
pub fn json_body(Json(item): Json<Item>) -> (StatusCode, Json<Item>) {
    (
        StatusCode::CREATED,
        Json(Item {
            name: item.name.to_uppercase(),
            count: item.count.saturating_add(1),
        }),
    )
}

#[route(POST, "/any-json")]
pub fn any_json(Json(value): Json<Value>) -> Json<Value> {
    Json(json!({ "got": value }))
}

#[route(POST, "/maybe-json")]
pub fn maybe_json(body: Result<Json<Item>, Rejection>) -> String {
    match body {
        Ok(Json(item)) => item.name,
        Err(rejection) => format!("fallback {}", rejection.status().as_u16()),
    }
}

#[route(POST | PATCH, "/raw")]
pub fn raw(body: RawBody) -> Vec<u8> {
    body.0.iter().rev().copied().collect()
}

#[route(ANY, "/context")]
pub fn context(
    method: Method,
    request: &RequestContext,
    lambda: &Context,
    event: &Event,
) -> Json<Value> {
    Json(json!({
        "method": method.as_str(),
        "requestId": request.request_id,
        "stage": request.stage,
        "accountId": request.account_id,
        "apiId": request.api_id,
        "domainName": request.domain_name,
        "resourcePath": request.resource_path,
        "path": request.path,
        "sourceIp": request.source_ip,
        "userAgent": request.user_agent,
        "apiKey": request.api_key,
        "userArn": request.user_arn,
        "authorizer": request.authorizer.map(|raw| raw.get()),
        "targetGroupArn": request.target_group_arn,
        "lambdaRequestId": lambda.request_id,
        "source": event.source().name(),
        "eventMethod": event.method(),
        "resource": event.resource(),
        "eventPath": event.path(),
        "pathIsEncoded": event.path_is_encoded(),
        "eventStage": event.stage(),
        "rawQueryString": event.raw_query_string(),
        "cookies": event.cookies(),
        "body": event.body(),
        "isBase64Encoded": event.is_base64_encoded(),
        "rawRequestContext": event.raw_request_context(),
    }))
}

#[route(GET, "/me")]
pub fn me(caller: Caller) -> String {
    caller.0.to_owned()
}

#[route(GET, "/maybe")]
pub fn maybe(caller: Option<Caller>) -> String {
    caller.map_or("anonymous", |caller| caller.0).to_owned()
}

#[route(GET, "/either")]
pub fn either(caller: Result<Caller, <Caller as FromRequest<'_>>::Rejection>) -> String {
    match caller {
        Ok(caller) => caller.0.to_owned(),
        Err((status, ..)) => status.to_string(),
    }
}

#[route(GET, "/keys")]
pub fn keys(keys: State<Keys>) -> String {
    let Keys(keys) = &*keys;
    keys.len().to_string()
}

/// Sets two cookies: payload 2.0 answers them in `cookies`, the others in headers.
#[route(GET, "/cookies")]
pub fn cookies(#[header] cookie: Option<String>) -> ([(&'static str, &'static str); 2], String) {
    (
        [("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2")],
        cookie.unwrap_or_default(),
    )
}

/// Answers its own preflights.
#[route(OPTIONS, "/own")]
pub fn own_options() -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    (StatusCode::OK, [("x-own", "yes")], "")
}

#[route(GET, "/own")]
pub fn own() -> &'static str {
    "own"
}

#[route(GET | POST, "/notes")]
pub fn notes(method: Method) -> String {
    format!("notes {method}")
}

#[route(GET | DELETE, "/notes/<id>")]
pub fn note(id: u64) -> String {
    format!("note {id}")
}

#[route(GET, "/stats")]
pub fn stats() -> &'static str {
    "stats"
}

/// API-wide: reads the request, may answer in the handler's place, stamps the response.
#[middleware]
pub async fn stamp(request: &Request<'_>, next: Next<'_>) -> Response {
    let trace = request.query("trace").ok();
    let blocked = request.header("x-block").ok();
    if blocked.as_ref().and_then(|values| values.last()) == Some("yes") {
        return (StatusCode::FORBIDDEN, "blocked").into_response();
    }
    let mut response = next.run().await;
    let seen = trace
        .as_ref()
        .and_then(|values| values.last())
        .unwrap_or("-")
        .len();
    response.headers_mut().insert("x-seen", seen.into());
    response
}

/// A mounted group's own check; its refusal is JSON with an `error`, as gatewright's are.
#[middleware]
pub async fn admins_only(
    request: &Request<'_>,
    next: Next<'_>,
) -> Result<Response, (StatusCode, Json<Value>)> {
    match request
        .header("x-admin")
        .ok()
        .as_ref()
        .and_then(|values| values.last())
    {
        Some("yes") => Ok(next.run().await),
        _ => Err((
            StatusCode::FORBIDDEN,
            Json(json!({ "error": "admins only" })),
        )),
    }
}

/// The API's own error body. Every rejection's body must be JSON: this checks it.
pub fn problem(rejection: &Rejection) -> Response {
    let status = rejection.status();
    let body = rejection.body();
    let detail: Value = serde_json::from_str(&body)
        .unwrap_or_else(|err| panic!("a rejection's body is not JSON ({err}): {body}"));
    assert!(
        detail["error"].is_string(),
        "a rejection's body has no `error`: {body}"
    );
    let body = json!({ "status": status.as_u16(), "detail": detail });
    (
        status,
        [("content-type", "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

/// The routes alone, with their guard and group middleware: every error answer is JSON with an
/// `error` (see `check`).
pub fn bare() -> impl Api {
    gatewright::api!(
        home,
        item,
        types,
        files,
        echo,
        query,
        headers,
        stage,
        json_body,
        any_json,
        maybe_json,
        raw,
        context,
        me,
        maybe,
        either,
        keys,
        cookies,
        own_options,
        own,
        mount("/v1", [notes, note]),
        mount("/admin", [stats], wrap = [admins_only]),
    )
    .with_state(Keys(vec![("t0k3n", "ann")]))
}

/// The same routes with middleware, a catcher and CORS around them.
pub fn layered() -> impl Api {
    let cors = Cors::new()
        .allow_origins(["https://app.example.com", "http://127.0.0.1:8080"])
        .allow_headers(["authorization", "content-type"])
        .expose_headers(["location", "x-seen"])
        .allow_credentials(true)
        .max_age(std::time::Duration::from_secs(600));
    bare().wrap(stamp).catch(problem).cors(cors)
}
