//! The route table as `Api::routes` reads it back from the one string the router writes: every
//! field as the macros saw it, whatever characters it holds, for APIs small and large.

use gatewright::prelude::*;
use gatewright::{ArgSource, RouteAuth};

/// Quotes ", a backslash \ and a colon: 3:x, unicode — é ✓ 🚀,
/// a tab	and a second line.
#[route(GET | HEAD, "/files/<id>/é/<rest+>", scopes = ["files:read", "files:write"])]
pub fn file(
    id: u64,
    rest: String,
    #[query("q:1")] q: Option<String>,
    Json(body): Json<u32>,
) -> String {
    format!("{id} {rest} {q:?} {body}")
}

#[route(ANY, "/open", auth = none)]
pub fn open(
    #[header] x_trace_id: Option<String>,
    #[stage("stageVar")] stage: Option<String>,
) -> String {
    format!("{x_trace_id:?} {stage:?}")
}

#[route(POST, "/plain")]
pub async fn r#plain(#[query] r#type: String) -> String {
    r#type
}

#[test]
fn every_field_reads_back_as_written() {
    let api = gatewright::api!(file, open, r#plain);
    let routes = api.routes();
    assert_eq!(routes.len(), 3);

    let file = &routes[0];
    assert_eq!(file.methods(), &["GET", "HEAD"][..]);
    assert_eq!(file.template(), "/files/<id>/é/<rest+>");
    assert_eq!(file.handler(), "file");
    assert_eq!(file.listed_as(), "file");
    assert_eq!(
        file.doc(),
        "Quotes \", a backslash \\ and a colon: 3:x, unicode — é ✓ 🚀,\na tab\tand a second line."
    );
    assert!(matches!(
        file.auth(),
        RouteAuth::Scopes(&["files:read", "files:write"])
    ));
    let args: Vec<_> = file
        .args()
        .iter()
        .map(|arg| (arg.name(), arg.binding(), arg.rust_type(), arg.source()))
        .collect();
    assert_eq!(
        args,
        [
            ("id", "id", "u64", ArgSource::Path),
            ("rest", "rest", "String", ArgSource::Greedy),
            ("q:1", "q", "Option<String>", ArgSource::Query),
            ("", "Json(body)", "Json<u32>", ArgSource::Body),
        ]
    );

    let open = &routes[1];
    assert!(open.is_any());
    assert!(matches!(open.auth(), RouteAuth::None));
    assert_eq!(open.doc(), "");
    let sources: Vec<_> = open
        .args()
        .iter()
        .map(|arg| (arg.name(), arg.source()))
        .collect();
    assert_eq!(
        sources,
        [
            ("x-trace-id", ArgSource::Header),
            ("stageVar", ArgSource::Stage)
        ]
    );

    let plain = &routes[2];
    assert_eq!(plain.handler(), "plain");
    assert!(matches!(plain.auth(), RouteAuth::Authorizer));
    assert_eq!(
        (plain.args()[0].name(), plain.args()[0].binding()),
        ("type", "r#type")
    );

    // Read once: the same table every time.
    assert!(std::ptr::eq(routes, api.routes()));
}
