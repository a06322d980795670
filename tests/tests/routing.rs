//! The matching rules of the crate docs, table by table: precedence, backtracking, methods,
//! `HEAD`, `405` and its `Allow` header, the trailing slash, the root, and decoding.

use gatewright_tests::{event, invoke};
use serde_json::{json, Value};

mod routes {
    use gatewright::prelude::*;

    #[route(GET, "/")]
    pub fn root() -> &'static str {
        "root"
    }
    #[route(GET, "/users")]
    pub fn users() -> &'static str {
        "users"
    }
    #[route(GET, "/users/me")]
    pub fn me() -> &'static str {
        "me"
    }
    #[route(GET, "/users/<id>")]
    pub fn user(id: String) -> String {
        format!("user {id}")
    }
    #[route(GET, "/users/<id>/posts")]
    pub fn posts(id: String) -> String {
        format!("posts of {id}")
    }
    #[route(POST, "/users/<id>/posts")]
    pub fn new_post(id: String) -> String {
        format!("new post for {id}")
    }
    #[route(GET, "/files/readme")]
    pub fn readme() -> &'static str {
        "readme"
    }
    #[route(GET, "/files/<path+>")]
    pub fn file(path: String) -> String {
        format!("file {path}")
    }
    #[route(GET, "/a/b/c")]
    pub fn abc() -> &'static str {
        "abc"
    }
    #[route(GET, "/a/<x>/d")]
    pub fn axd(x: String) -> String {
        format!("a {x} d")
    }
    #[route(GET, "/<slug>")]
    pub fn slug(slug: String) -> String {
        format!("slug {slug}")
    }
    #[route(GET, "/only-get/known")]
    pub fn known() -> &'static str {
        "known"
    }
    #[route(PUT, "/only-get/<id>")]
    pub fn put_any(id: String) -> String {
        format!("put {id}")
    }
    #[route(GET, "/head")]
    pub fn get_head() -> &'static str {
        "get body"
    }
    #[route(HEAD, "/head")]
    pub fn head_head() -> (StatusCode, &'static str) {
        (StatusCode::ACCEPTED, "dropped")
    }
    #[route(ANY, "/<rest+>")]
    pub fn rest(method: Method, rest: String) -> String {
        format!("rest {method} {rest}")
    }
}

mod strict {
    use gatewright::prelude::*;

    #[route(GET | POST, "/items")]
    pub fn items(method: Method) -> String {
        format!("items {method}")
    }
    #[route(DELETE, "/items/<id>")]
    pub fn delete_item(id: u32) -> String {
        format!("deleted {id}")
    }
    #[route(PATCH, "/items/<id>")]
    pub fn patch_item(id: u32) -> String {
        format!("patched {id}")
    }
    #[route(OPTIONS, "/items/special")]
    pub fn special() -> &'static str {
        "special"
    }
}

fn call(api: &impl gatewright::Api, method: &str, path: &str) -> Value {
    invoke(api, &event(method, path, json!({})))
}

#[test]
fn precedence_and_backtracking() {
    let api = gatewright::api!(
        routes::root,
        routes::users,
        routes::me,
        routes::user,
        routes::posts,
        routes::new_post,
        routes::readme,
        routes::file,
        routes::abc,
        routes::axd,
        routes::slug,
        routes::known,
        routes::put_any,
        routes::get_head,
        routes::head_head,
        routes::rest,
    );
    let table = [
        // (method, path, status, body)
        ("GET", "/", 200, "root"),
        ("GET", "/users", 200, "users"),
        ("GET", "/users/", 200, "users"),
        ("GET", "/users/me", 200, "me"),
        ("GET", "/users/42", 200, "user 42"),
        ("GET", "/users/42/posts", 200, "posts of 42"),
        ("POST", "/users/42/posts", 200, "new post for 42"),
        ("GET", "/users/me/posts", 200, "posts of me"),
        ("GET", "/files/readme", 200, "readme"),
        ("GET", "/files/readme/old", 200, "file readme/old"),
        ("GET", "/files/a/b/c.txt", 200, "file a/b/c.txt"),
        ("GET", "/files/a/b/", 200, "file a/b"),
        ("GET", "/a/b/c", 200, "abc"),
        ("GET", "/a/b/d", 200, "a b d"),
        ("GET", "/a/z/d", 200, "a z d"),
        ("GET", "/a/b/e", 200, "rest GET a/b/e"),
        ("GET", "/anything", 200, "slug anything"),
        ("POST", "/anything", 200, "rest POST anything"),
        ("GET", "/only-get/known", 200, "known"),
        ("PUT", "/only-get/known", 200, "put known"),
        (
            "DELETE",
            "/only-get/known",
            200,
            "rest DELETE only-get/known",
        ),
        ("GET", "/head", 200, "get body"),
        ("HEAD", "/head", 202, ""),
        ("HEAD", "/users/7", 200, ""),
        ("GET", "/users/a%2Fb", 200, "user a/b"),
        ("GET", "/users/caf%C3%A9", 200, "user café"),
        ("GET", "/us%65rs", 200, "users"),
        ("PROPFIND", "/users", 200, "rest PROPFIND users"),
        ("GET", "/x//y", 200, "rest GET x//y"),
    ];
    for (method, path, status, body) in table {
        let response = call(&api, method, path);
        assert_eq!(
            response["statusCode"], status,
            "{method} {path}: {response}"
        );
        assert_eq!(response["body"], body, "{method} {path}");
    }
}

#[test]
fn declaration_order_does_not_matter() {
    let forward = gatewright::api!(routes::user, routes::me, routes::slug, routes::rest);
    let backward = gatewright::api!(routes::rest, routes::slug, routes::me, routes::user);
    for path in ["/users/me", "/users/1", "/users", "/x/y"] {
        assert_eq!(
            call(&forward, "GET", path),
            call(&backward, "GET", path),
            "{path}"
        );
    }
}

#[test]
fn not_found_and_method_not_allowed() {
    let api = gatewright::api!(
        strict::items,
        strict::delete_item,
        strict::patch_item,
        strict::special
    );
    let table = [
        // (method, path, status, Allow)
        ("GET", "/items", 200, None),
        ("HEAD", "/items", 200, None),
        ("PUT", "/items", 405, Some("GET, HEAD, POST")),
        ("GET", "/items/3", 405, Some("PATCH, DELETE")),
        ("DELETE", "/items/3", 200, None),
        // Both `/items/special` (OPTIONS) and `/items/<id>` match the path.
        ("GET", "/items/special", 405, Some("PATCH, DELETE, OPTIONS")),
        ("OPTIONS", "/items/special", 200, None),
        ("GET", "/nothing", 404, None),
        ("GET", "/items/3/more", 404, None),
        ("GET", "/", 404, None),
    ];
    for (method, path, status, allow) in table {
        let response = call(&api, method, path);
        assert_eq!(
            response["statusCode"], status,
            "{method} {path}: {response}"
        );
        assert_eq!(
            response["headers"]["allow"].as_str(),
            allow,
            "{method} {path}"
        );
        if status >= 400 {
            assert_eq!(response["headers"]["content-type"], "application/json");
            let body: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
            assert!(body["error"].is_string(), "{body}");
        }
    }
}

#[test]
fn an_invalid_param_on_a_matched_route_is_a_400_not_a_fallthrough() {
    let api = gatewright::api!(
        strict::items,
        strict::delete_item,
        strict::patch_item,
        strict::special
    );
    let response = call(&api, "DELETE", "/items/x");
    assert_eq!(response["statusCode"], 400);
    let body: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({
            "error": "invalid path parameter `id`",
            "source": "path",
            "parameter": "id",
            "value": "x",
            "expected": "u32",
            "reason": "invalid digit found in string",
        })
    );
}

#[test]
fn routes_on_the_resource_not_the_stage_prefixed_path() {
    let api = gatewright::api!(routes::user, routes::rest);
    let response = invoke(
        &api,
        &event(
            "GET",
            "/prod/v2/users/7",
            json!({ "resource": "/users/{id}", "pathParameters": { "id": "7" } }),
        ),
    );
    assert_eq!(response["body"], "user 7");
    let response = invoke(
        &api,
        &event(
            "GET",
            "/base/users/7",
            json!({ "resource": "/{proxy+}", "pathParameters": { "proxy": "users/7" } }),
        ),
    );
    assert_eq!(response["body"], "user 7");
}

#[test]
fn route_path_splits_like_the_request_does() {
    use gatewright::__private::{Api, MethodKind};
    let api = gatewright::api!(
        routes::root,
        routes::users,
        routes::user,
        routes::posts,
        routes::file,
        routes::rest
    );
    let long = format!("/files{}", "/x".repeat(40));
    for path in [
        "",
        "/",
        "/users",
        "/users/",
        "/users/7",
        "/users/7/posts",
        "//",
        "/users//posts",
        long.as_str(),
        "/files/a/b",
    ] {
        let trimmed = path.strip_prefix('/').unwrap_or(path);
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
        let segments: Vec<&str> = if trimmed.is_empty() {
            Vec::new()
        } else {
            trimmed.split('/').collect()
        };
        assert_eq!(
            api.route_path(MethodKind::Get, path),
            api.route(MethodKind::Get, &segments),
            "{path:?}"
        );
    }
}

mod method_next_to_any {
    use gatewright::prelude::*;

    #[route(ANY, "/items")]
    pub fn any_items(method: Method) -> String {
        format!("any {method}")
    }

    #[route(GET, "/items")]
    pub fn get_items() -> &'static str {
        "get"
    }

    #[route(POST | PUT, "/items/<id>")]
    pub fn write_item(id: u32) -> String {
        format!("write {id}")
    }

    #[route(ANY, "/items/<id>")]
    pub fn any_item(id: u32, method: Method) -> String {
        format!("any {method} {id}")
    }
}

#[test]
fn a_method_next_to_any_wins_and_any_takes_the_rest() {
    use gatewright::testing::TestClient;
    use gatewright::Method;

    // Declared in either order: the route that names the method wins.
    let client = TestClient::new(gatewright::api!(
        method_next_to_any::any_items,
        method_next_to_any::get_items,
        method_next_to_any::write_item,
        method_next_to_any::any_item
    ));
    let table = [
        (Method::GET, "/items", "get"),
        (Method::POST, "/items", "any POST"),
        (Method::DELETE, "/items", "any DELETE"),
        (Method::POST, "/items/3", "write 3"),
        (Method::PUT, "/items/3", "write 3"),
        (Method::GET, "/items/3", "any GET 3"),
        (Method::PATCH, "/items/3", "any PATCH 3"),
    ];
    for (method, path, expected) in table {
        let response = client.request(method.clone(), path).send();
        assert_eq!(response.text(), expected, "{method} {path}");
    }
    // `HEAD` goes to `ANY`, which takes every method the others don't name; no body.
    let head = client.head("/items").send();
    assert_eq!(head.status(), gatewright::StatusCode::OK);
    assert!(head.bytes().is_empty());
}
