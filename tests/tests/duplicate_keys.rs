//! A key given twice in an event is read as serde_json reads it: the last value counts, and
//! an earlier value of the wrong type does not matter.

use gatewright::{Context, Request, Values};
use serde_json::Value;

fn request(event: &[u8]) -> Request<'_> {
    static CONTEXT: std::sync::OnceLock<Context> = std::sync::OnceLock::new();
    Request::from_event(event, CONTEXT.get_or_init(Context::default))
        .unwrap_or_else(|rejection| panic!("{rejection:?}"))
}

fn strings(values: Values<'_>) -> Vec<String> {
    values.as_slice().iter().map(|v| v.to_string()).collect()
}

/// Every map of a REST API event, each key twice, the first time with a value of the wrong type.
const REST: &str = r#"{
  "httpMethod": 7, "httpMethod": "GET",
  "resource": "/items/{id}", "path": "/test/items/1",
  "headers": {"X-One": 5, "X-One": "last", "Accept": "a", "Accept": "b"},
  "multiValueHeaders": {"X-Many": "oops", "X-Many": ["1", "2"], "Accept": {}, "Accept": ["b"]},
  "queryStringParameters": {"q": ["x"], "q": "3"},
  "multiValueQueryStringParameters": {"q": {}, "q": ["2", "3"]},
  "pathParameters": {"id": [1], "id": "42"},
  "stageVariables": {"table": 1, "table": "notes"},
  "requestContext": {
    "stage": false, "stage": "prod",
    "identity": {"sourceIp": 1}, "identity": {"sourceIp": 2, "sourceIp": "192.0.2.1"},
    "elb": 1, "elb": null
  },
  "body": 1, "body": "last",
  "isBase64Encoded": "yes", "isBase64Encoded": false
}"#;

#[test]
fn the_last_of_each_key_is_read_in_every_map() {
    let request = request(REST.as_bytes());
    assert_eq!(request.method(), "GET");
    assert_eq!(request.segments(), ["items", "42"]);
    assert_eq!(strings(request.header("x-many").unwrap()), ["1", "2"]);
    assert_eq!(strings(request.header("accept").unwrap()), ["b"]);
    assert_eq!(strings(request.query("q").unwrap()), ["2", "3"]);
    assert_eq!(strings(request.stage_variable("table").unwrap()), ["notes"]);
    assert_eq!(request.event().body(), Some("last"));
    let context = request.request_context().unwrap();
    assert_eq!(context.stage.as_deref(), Some("prod"));
    assert_eq!(context.source_ip.as_deref(), Some("192.0.2.1"));
    let headers = request.headers().unwrap();
    let listed: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (&**n, &**v)).collect();
    assert_eq!(listed, [("X-Many", "1"), ("X-Many", "2"), ("Accept", "b")]);
    // serde_json says the same.
    let value: Value = serde_json::from_str(REST).unwrap();
    assert_eq!(
        value["multiValueHeaders"]["X-Many"],
        serde_json::json!(["1", "2"])
    );
    assert_eq!(value["requestContext"]["identity"]["sourceIp"], "192.0.2.1");
}

#[test]
fn single_value_maps_list_each_key_once_where_it_first_appears() {
    let event =
        br#"{"httpMethod":"GET","path":"/","headers":{"A":"1","B":"2","A":"3","C":null,"C":"4"}}"#;
    let request = request(event);
    let headers = request.headers().unwrap();
    let listed: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (&**n, &**v)).collect();
    assert_eq!(listed, [("A", "3"), ("B", "2"), ("C", "4")]);
    assert_eq!(strings(request.header("a").unwrap()), ["3"]);
}

#[test]
fn spellings_of_one_header_name_are_different_keys() {
    // JSON keys differ by case; a header name does not. Each spelling keeps its last value;
    // a list joins the spellings in the order they first appear.
    let event = br#"{"httpMethod":"GET","path":"/","multiValueHeaders":{"X-A":["1"],"x-a":["2"],"X-A":["3"]}}"#;
    assert_eq!(strings(request(event).header("X-a").unwrap()), ["3", "2"]);
    let event = br#"{"httpMethod":"GET","path":"/","headers":{"X-A":"1","x-a":"2","X-A":"3"}}"#;
    assert_eq!(strings(request(event).header("X-a").unwrap()), ["3"]);
}

#[test]
fn payload_2_events_read_the_last_too() {
    let event = br#"{
      "version": "1.0", "version": "2.0",
      "routeKey": "GET /a/{b}", "routeKey": "$default", "rawPath": "/x", "rawPath": "/y/z",
      "rawQueryString": "q=1", "rawQueryString": "q=2",
      "cookies": {}, "cookies": ["c=1"],
      "headers": {"h": ["no"], "h": "yes"},
      "requestContext": {"http": {"method": 1, "method": "PUT"}, "http": {"method": "POST", "sourceIp": "192.0.2.9"},
                         "domainName": "x.lambda-url.eu-west-1.on.aws", "domainName": "api.example.com"}
    }"#;
    let request = request(event);
    assert_eq!(request.event().source(), gatewright::EventSource::HttpApiV2);
    assert_eq!(request.method(), "POST");
    assert_eq!(request.segments(), ["y", "z"]);
    assert_eq!(strings(request.query("q").unwrap()), ["2"]);
    assert_eq!(strings(request.header("cookie").unwrap()), ["c=1"]);
    assert_eq!(strings(request.header("h").unwrap()), ["yes"]);
    let context = request.request_context().unwrap();
    assert_eq!(context.source_ip.as_deref(), Some("192.0.2.9"));
}

#[test]
fn many_keys_are_still_read_once_each() {
    // Past a few dozen keys, duplicates are found through an index.
    let mut headers: Vec<String> = (0..100).map(|i| format!(r#""H{i}":"{i}""#)).collect();
    headers.extend(
        (0..100)
            .step_by(7)
            .map(|i| format!(r#""H{i}":"again {i}""#)),
    );
    let event = format!(
        r#"{{"httpMethod":"GET","path":"/","headers":{{{}}}}}"#,
        headers.join(",")
    );
    let request = request(event.as_bytes());
    let listed = request.headers().unwrap();
    assert_eq!(listed.len(), 100);
    for (i, (name, value)) in listed.iter().enumerate() {
        assert_eq!(name, &format!("H{i}"));
        let expected = if i % 7 == 0 {
            format!("again {i}")
        } else {
            i.to_string()
        };
        assert_eq!(value, &expected);
    }
}
