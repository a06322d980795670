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
    // The table, read back from the one string the router writes, in listing order.
    let routes = gatewright::Api::routes(&generated::api());
    assert_eq!(routes.len(), 330);
    for (index, route) in routes.iter().enumerate() {
        assert_eq!(route.handler(), format!("h{index}"));
        assert!(
            route.listed_as().ends_with(&format!("::h{index}")),
            "{}",
            route.listed_as()
        );
        assert_eq!(route.methods(), &["GET"][..]);
        let params = route.template().matches('<').count();
        assert_eq!(route.args().len(), params, "{}", route.template());
    }
    assert_eq!(
        client.get("/v4/authorizations").send().status(),
        StatusCode::NOT_FOUND
    );
}
