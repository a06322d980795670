//! `async` handlers take the borrowing arguments spelled as in a plain `fn` (`State<T>`,
//! `Segments`, `Headers`, `RawBody`, `&RequestContext`, `FileName`, a guard with a lifetime),
//! without `'_`; they may await, and they are served from every source.

use gatewright::testing::TestClient;
use gatewright::{Api, EventSource, StatusCode};
use serde_json::Value;

mod routes {
    use gatewright::prelude::*;
    use gatewright::{
        BoxFuture, FromRequest, Headers, Next, RawBody, Request, RequestContext, Segments,
    };

    pub struct Config {
        pub bucket: &'static str,
    }

    /// A guard of the user's own that borrows from the request.
    pub struct Caller<'r>(pub &'r Request<'r>);

    impl<'r> FromRequest<'r> for Caller<'r> {
        type Rejection = StatusCode;
        type Future = BoxFuture<'r, Result<Self, StatusCode>>;

        fn from_request(request: &'r Request<'r>) -> Self::Future {
            Box::pin(async move {
                match request.header("authorization") {
                    Ok(gatewright::Values::None) | Err(_) => Err(StatusCode::UNAUTHORIZED),
                    Ok(_) => Ok(Caller(request)),
                }
            })
        }
    }

    /// What happened, in order: a guard's drop is written here.
    pub static EVENTS: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());

    /// A guard that notes when it is dropped.
    pub struct Witness;

    impl Drop for Witness {
        fn drop(&mut self) {
            EVENTS.lock().unwrap().push("guard dropped");
        }
    }

    impl<'r> FromRequest<'r> for Witness {
        type Rejection = StatusCode;
        type Future = std::future::Ready<Result<Self, StatusCode>>;

        fn from_request(_: &'r Request<'r>) -> Self::Future {
            std::future::ready(Ok(Witness))
        }
    }

    /// `_` keeps the guard until the handler ends, as in any `async fn`.
    #[route(GET, "/witnessed")]
    pub async fn witnessed(_: Witness) -> &'static str {
        pause().await;
        EVENTS.lock().unwrap().push("handler ran");
        "done"
    }

    /// The handler's error type, made by `?` from the parse error.
    pub struct NotANumber;

    impl From<std::num::ParseIntError> for NotANumber {
        fn from(_: std::num::ParseIntError) -> Self {
            NotANumber
        }
    }

    impl IntoResponse for NotANumber {
        fn into_response(self) -> gatewright::Response {
            (StatusCode::BAD_REQUEST, "not a number").into_response()
        }
    }

    /// `?` and `return` work as in any `async fn`.
    #[route(GET, "/double/<n>")]
    pub async fn double(n: &str) -> Result<String, NotANumber> {
        let n: u64 = n.parse()?;
        if n == 0 {
            return Ok("zero".into());
        }
        pause().await;
        Ok((n * 2).to_string())
    }

    /// A middleware spelled without `'_` either.
    #[gatewright::middleware]
    pub async fn tagged(request: &Request, next: Next) -> gatewright::Response {
        let path_seen = request.event().path().is_some();
        let mut response = next.run().await;
        response.headers_mut().insert(
            "x-tagged",
            if path_seen { "yes" } else { "no" }.parse().unwrap(),
        );
        response
    }

    async fn pause() {
        tokio::task::yield_now().await;
    }

    #[route(PUT, "/files/<path+>")]
    #[allow(clippy::too_many_arguments)]
    pub async fn upload(
        path: Segments,
        config: State<Config>,
        headers: Headers,
        body: RawBody,
        context: &RequestContext,
        caller: Caller,
        #[query] tag: Option<&str>,
    ) -> Json<serde_json::Value> {
        pause().await;
        Json(serde_json::json!({
            "key": format!("{}/{}", config.bucket, path.join()),
            "type": headers.get("content-type"),
            "size": body.0.len(),
            "stage": context.stage,
            "callerMethod": caller.0.method().as_str(),
            "tag": tag,
        }))
    }

    #[route(GET, "/names/<name>")]
    pub async fn name(name: FileName, State(config): State<Config>) -> String {
        pause().await;
        format!("{}/{}", config.bucket, name.to_uppercase())
    }

    #[route(GET, "/nothing")]
    pub async fn nothing(_: Headers) {}

    #[route(GET, "/opaque")]
    pub async fn opaque(headers: Headers) -> impl IntoResponse {
        pause().await;
        (
            StatusCode::ACCEPTED,
            headers.get("x-a").unwrap_or_default().into_owned(),
        )
    }
}

fn api() -> impl Api {
    gatewright::api!(
        routes::upload,
        routes::name,
        routes::nothing,
        routes::opaque,
        routes::witnessed,
        routes::double
    )
    .with_state(routes::Config { bucket: "files" })
    .wrap(routes::tagged)
}

const SOURCES: [EventSource; 6] = [
    EventSource::RestApi,
    EventSource::HttpApiV1,
    EventSource::HttpApiV2,
    EventSource::FunctionUrl,
    EventSource::Alb {
        multi_value_headers: false,
    },
    EventSource::Alb {
        multi_value_headers: true,
    },
];

#[test]
fn borrowing_arguments_need_no_lifetime_in_an_async_handler() {
    for source in SOURCES {
        let client = TestClient::new(api()).source(source);
        let response = client
            .put("/files/a/b.txt?tag=x")
            .header("content-type", "text/plain")
            .header("authorization", "Bearer t")
            .body("hello")
            .send();
        assert_eq!(
            response.status(),
            StatusCode::OK,
            "{source:?}: {}",
            response.text()
        );
        let seen: Value = response.json();
        assert_eq!(seen["key"], "files/a/b.txt", "{source:?}");
        assert_eq!(seen["type"], "text/plain", "{source:?}");
        assert_eq!(seen["size"], 5, "{source:?}");
        assert_eq!(seen["tag"], "x", "{source:?}");
        assert_eq!(seen["callerMethod"], "PUT", "{source:?}");
        // The request context: a stage for API Gateway and Function URLs, none from an ALB.
        let alb = matches!(source, EventSource::Alb { .. });
        assert_eq!(seen["stage"].is_string(), !alb, "{source:?}: {seen}");
        let turned_away = client.put("/files/a").body("x").send();
        assert_eq!(turned_away.status(), StatusCode::UNAUTHORIZED, "{source:?}");

        assert_eq!(
            client.get("/names/report").send().text(),
            "files/REPORT",
            "{source:?}"
        );
        let refused = client.get("/names/..").send();
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{source:?}");
        assert_eq!(
            client.get("/nothing").send().status(),
            StatusCode::NO_CONTENT
        );
        let opaque = client.get("/opaque").header("x-a", "b").send();
        assert_eq!(
            (opaque.status(), opaque.text()),
            (StatusCode::ACCEPTED, "b".into())
        );
    }
}

#[test]
fn question_mark_and_return_work_as_in_an_async_fn() {
    let client = TestClient::new(api());
    assert_eq!(client.get("/double/21").send().text(), "42");
    assert_eq!(client.get("/double/0").send().text(), "zero");
    let refused = client.get("/double/x").send();
    assert_eq!(
        (refused.status(), refused.text()),
        (StatusCode::BAD_REQUEST, "not a number".into())
    );
}

#[test]
fn an_unnamed_guard_lives_until_the_handler_ends() {
    let response = TestClient::new(api()).get("/witnessed").send();
    assert_eq!(response.text(), "done");
    assert_eq!(
        *routes::EVENTS.lock().unwrap(),
        ["handler ran", "guard dropped"]
    );
}

#[tokio::test]
async fn the_rewritten_handler_is_still_an_async_fn_to_call() {
    // The handler's own function: called and awaited like the `async fn` it was written as.
    let out = routes::name(
        <gatewright::FileName as gatewright::FromParam>::from_param("x").unwrap(),
        gatewright::State(&routes::Config { bucket: "b" }),
    )
    .await;
    assert_eq!(out, "b/X");
}
