//! An API of 330 generated GitHub-like routes (`build.rs`) builds with `api!` and no
//! `recursion_limit`, and routes to the right handler at either end of the table.

#![allow(clippy::all)]

mod generated {
    include!(concat!(env!("OUT_DIR"), "/large_api.rs"));
}

use gatewright::testing::TestClient;
use gatewright::StatusCode;

#[test]
fn every_part_of_a_330_route_table_is_served() {
    let client = TestClient::new(generated::api());
    let table = [
        // The first route, the last of the table's first copy, and routes of each copy.
        ("/authorizations", "h0"),
        ("/authorizations/7", "h1 7"),
        ("/repos/octo/cat/events", "h4 octo cat"),
        ("/v2/authorizations", "h130"),
        ("/v2/repos/octo/cat/events", "h134 octo cat"),
        ("/v3/authorizations/9", "h261 9"),
        ("/v3/repos/octo/cat/events", "h264 octo cat"),
    ];
    for (path, expected) in table {
        let response = client.get(path).send();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.text(), expected, "{path}");
    }
    assert_eq!(gatewright::Api::routes(&generated::api()).len(), 330);
    assert_eq!(
        client.get("/v4/authorizations").send().status(),
        StatusCode::NOT_FOUND
    );
}
