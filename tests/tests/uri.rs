//! `uri!`: the path of a route from typed arguments, table by table, and every URI it builds
//! routed back to the same handler with the same values.

use gatewright::testing::TestClient;

mod routes {
    use gatewright::prelude::*;
    use gatewright::{FromParam, IntoParam, ParamError};
    use std::borrow::Cow;

    #[route(GET, "/")]
    pub fn root() -> &'static str {
        "root"
    }

    #[route(GET, "/hello/<name>")]
    pub fn hello(name: &str, #[query] greeting: Option<String>) -> String {
        format!("{}, {name}!", greeting.as_deref().unwrap_or("Hello"))
    }

    #[route(GET | POST, "/users/<id>/files/<path+>")]
    pub fn user_file(
        id: u64,
        path: String,
        #[query("page-size")] page_size: u32,
        #[query] tag: Vec<String>,
        #[stage] table: Option<String>,
        method: Method,
    ) -> String {
        let _ = (table, method);
        format!("{id} {path} {page_size} {tag:?}")
    }

    #[route(GET, "/flags/<on>/<c>/<x>")]
    pub fn flags(on: bool, c: char, x: f64, #[query] r#type: Option<i8>) -> String {
        format!("{on} {c} {x} {type:?}")
    }

    /// A type of the user's, read from a segment and given back to `uri!`.
    #[derive(Debug)]
    pub struct Slug(pub String);

    impl<'r> FromParam<'r> for Slug {
        fn from_param(value: &'r str) -> Result<Self, ParamError> {
            Ok(Slug(value.to_owned()))
        }
    }

    impl IntoParam<Slug> for &Slug {
        fn to_param(&self) -> Cow<'_, str> {
            Cow::Borrowed(&self.0)
        }
    }

    #[route(GET, "/posts/<slug>")]
    pub fn post(slug: Slug) -> String {
        format!("post {}", slug.0)
    }

    pub fn api() -> impl Api {
        gatewright::api!(root, hello, user_file, flags, post)
    }
}

#[test]
fn builds_paths_and_queries() {
    let slug = routes::Slug("a b".to_owned());
    let name = String::from("bob");
    let table = [
        (gatewright::uri!(routes::root()), "/"),
        (gatewright::uri!(routes::hello(name = "bob")), "/hello/bob"),
        (gatewright::uri!(routes::hello(name = &name)), "/hello/bob"),
        (
            gatewright::uri!(routes::hello(greeting = "Hi there", name = "Jo/Jo")),
            "/hello/Jo%2FJo?greeting=Hi%20there",
        ),
        (
            gatewright::uri!(routes::hello(name = "..")),
            "/hello/%2E%2E",
        ),
        (
            gatewright::uri!(routes::user_file(
                id = 7,
                path = "a b/c.txt",
                page_size = 20
            )),
            "/users/7/files/a%20b/c.txt?page-size=20",
        ),
        (
            gatewright::uri!(routes::user_file(
                tag = ["x", "y&z"],
                id = 7,
                path = "c",
                page_size = 1
            )),
            "/users/7/files/c?page-size=1&tag=x&tag=y%26z",
        ),
        (
            gatewright::uri!(routes::user_file(
                id = 7,
                path = "c",
                page_size = 1,
                tag = Vec::<String>::new()
            )),
            "/users/7/files/c?page-size=1",
        ),
        (
            gatewright::uri!(routes::flags(on = true, c = 'é', x = 1.5, r#type = -3)),
            "/flags/true/%C3%A9/1.5?type=-3",
        ),
        (gatewright::uri!(routes::post(slug = &slug)), "/posts/a%20b"),
    ];
    for (built, expected) in table {
        assert_eq!(built, expected);
    }
}

#[test]
fn every_uri_routes_back_to_its_handler_with_its_values() {
    let client = TestClient::new(routes::api());
    let weird = "caf\u{e9} 100%/?#&=+";
    let cases = [
        (gatewright::uri!(routes::root()), "root".to_owned()),
        (
            gatewright::uri!(routes::hello(name = weird, greeting = weird)),
            format!("{weird}, {weird}!"),
        ),
        (
            gatewright::uri!(routes::user_file(
                id = u64::MAX,
                path = "a/b c/d",
                page_size = 0,
                tag = [weird, ""]
            )),
            format!("{} a/b c/d 0 [{weird:?}, \"\"]", u64::MAX),
        ),
        (
            gatewright::uri!(routes::flags(
                on = false,
                c = '/',
                x = -0.25,
                r#type = i8::MIN
            )),
            "false / -0.25 Some(-128)".to_owned(),
        ),
        (
            gatewright::uri!(routes::post(slug = &routes::Slug("..".to_owned()))),
            "post ..".to_owned(),
        ),
    ];
    for (uri, body) in cases {
        let response = client.get(&uri).send();
        assert_eq!(response.text(), body, "{uri}");
    }
}

#[test]
fn a_mounted_route_s_uri_starts_with_its_prefix() {
    assert_eq!(
        gatewright::uri!("/v1", routes::hello(name = "ann")),
        "/v1/hello/ann"
    );
    assert_eq!(gatewright::uri!("/api/admin", routes::root()), "/api/admin");
}
