//! The generated code compiles cleanly under strict lints in the user's crate.

#![deny(
    warnings,
    unused_qualifications,
    missing_docs,
    unreachable_pub,
    rust_2018_idioms
)]

mod routes {
    use gatewright::prelude::*;
    use gatewright::RequestContext;

    /// Every kind of argument at once.
    #[allow(clippy::too_many_arguments)]
    #[route(GET | POST, "/lint/<id>/<rest+>")]
    pub(crate) async fn everything(
        id: u64,
        rest: Segments<'_>,
        #[query] q: Option<String>,
        #[query("many")] many: Vec<u8>,
        #[stage] table: Option<String>,
        #[header] user_agent: Option<String>,
        method: Method,
        context: &RequestContext<'_>,
        Json(body): Json<serde_json::Value>,
    ) -> Result<Json<serde_json::Value>, StatusCode> {
        let _ = (id, rest, q, many, table, user_agent, method, context);
        Ok(Json(body))
    }

    /// A private handler in the same module as its `api!`.
    #[route(ANY, "/")]
    fn root() {}

    /// One expression on one line, as `rustfmt` leaves it when told to: no "unnecessary
    /// braces" from the `async` block the body goes into.
    #[rustfmt::skip]
    #[route(GET, "/short")]
    pub(crate) async fn short() -> &'static str { "short" }

    /// Listed by no API: its callback goes unused.
    #[allow(dead_code)]
    #[route(GET, "/unlisted")]
    pub(crate) async fn unlisted() -> &'static str {
        "unlisted"
    }

    /// A name that isn't snake case, which its author allows.
    #[allow(non_snake_case)]
    #[route(GET, "/camel")]
    pub(crate) async fn Camel() -> &'static str {
        "camel"
    }

    pub(crate) fn api() -> impl Api {
        gatewright::api!(root, everything, short, Camel)
    }
}

#[test]
fn expansions_pass_strict_lints() {
    let api = routes::api();
    let response = gatewright_tests::invoke(&api, br#"{"httpMethod":"OPTIONS","path":"/"}"#);
    assert_eq!(response["statusCode"], 204);
    for (path, body) in [("/short", "short"), ("/camel", "camel")] {
        let event = format!(r#"{{"httpMethod":"GET","path":"{path}"}}"#);
        let response = gatewright_tests::invoke(&api, event.as_bytes());
        assert_eq!(response["statusCode"], 200, "{path}");
        assert_eq!(response["body"], body, "{path}");
    }
}
