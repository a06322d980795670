//! Bad input of every kind gets a clear error response, and the same API serves the next
//! request normally: no panic, no state carried from one request to the next.

use gatewright::testing::TestClient;
use gatewright::StatusCode;
use gatewright_tests::hello_api;
use serde_json::{json, Value};

fn seed() -> Value {
    serde_json::from_str(include_str!("../fixtures/seed.json")).unwrap()
}

/// Each bad event, the status it gets and a piece of the message that explains it.
fn bad_events() -> Vec<(&'static str, Vec<u8>, u16, &'static str)> {
    let seed_text = include_str!("../fixtures/seed.json");
    let mut wrong_type = seed();
    wrong_type["queryStringParameters"] = json!("name=me");
    let mut not_a_string = seed();
    not_a_string["httpMethod"] = json!(["GET"]);
    let mut bad_base64 = seed();
    bad_base64["resource"] = json!("/{proxy+}");
    bad_base64["pathParameters"] = json!({ "proxy": "anything" });
    bad_base64["body"] = json!("not base64 at all!");
    bad_base64["isBase64Encoded"] = json!(true);
    let mut with_body = seed();
    with_body["httpMethod"] = json!("POST");
    with_body["body"] = json!("SURROGATE");
    let lone_surrogate = serde_json::to_string(&with_body)
        .unwrap()
        .replace("SURROGATE", "\\ud800")
        .into_bytes();
    let mut invalid_utf8 = seed_text.as_bytes().to_vec();
    let at = seed_text.find("me\"").unwrap();
    invalid_utf8[at] = 0xff;
    let mut bad_escape = seed();
    bad_escape["path"] = json!("/test/%zz");
    bad_escape.as_object_mut().unwrap().remove("resource");
    let mut bad_method = seed();
    bad_method["httpMethod"] = json!("GE T");
    vec![
        (
            "truncated JSON",
            seed_text.as_bytes()[..seed_text.len() / 2].to_vec(),
            400,
            "not valid JSON",
        ),
        ("empty", Vec::new(), 400, "not valid JSON"),
        (
            "not JSON",
            b"GET / HTTP/1.1".to_vec(),
            400,
            "not valid JSON",
        ),
        (
            "trailing garbage",
            [seed_text.as_bytes(), b"}"].concat(),
            400,
            "not valid JSON",
        ),
        (
            "a map of the wrong type",
            serde_json::to_vec(&wrong_type).unwrap(),
            400,
            "`queryStringParameters` is a string",
        ),
        (
            "a string of the wrong type",
            serde_json::to_vec(&not_a_string).unwrap(),
            400,
            "`httpMethod` is an array",
        ),
        ("invalid UTF-8", invalid_utf8, 400, "not UTF-8"),
        (
            "a lone surrogate in the body",
            lone_surrogate,
            400,
            "not valid JSON: a lone surrogate in a",
        ),
        (
            "an unknown source",
            br#"{"Records":[{"eventSource":"aws:sqs"}]}"#.to_vec(),
            400,
            "the event has the keys `Records`",
        ),
        (
            "a bad percent-escape",
            serde_json::to_vec(&bad_escape).unwrap(),
            400,
            "%zz",
        ),
        (
            "a method that isn't one",
            serde_json::to_vec(&bad_method).unwrap(),
            400,
            "not an HTTP method",
        ),
        // The body is read only by handlers that take it; the proxy route does not.
        (
            "invalid base64 in a body no handler reads",
            serde_json::to_vec(&bad_base64).unwrap(),
            200,
            "",
        ),
    ]
}

#[test]
fn every_bad_event_is_answered_and_the_next_one_served() {
    let client = TestClient::new(hello_api());
    let good = serde_json::to_vec(&seed()).unwrap();
    for (name, event, status, message) in bad_events() {
        let response = client.send_event(&event);
        assert_eq!(
            response.status().as_u16(),
            status,
            "{name}: {}",
            response.text()
        );
        if status >= 400 {
            let body: Value = response.json();
            assert!(body["error"].is_string(), "{name}: {body}");
            assert!(body.to_string().contains(message), "{name}: {body}");
        }
        let next = client.send_event(&good);
        assert_eq!(next.text(), "Hello, me!", "after {name}");
    }
}

#[test]
fn huge_headers_are_served_without_building_them() {
    let client = TestClient::new(hello_api());
    let mut event = seed();
    let big = "x".repeat(1 << 20);
    for i in 0..64 {
        event["headers"][format!("X-Big-{i}")] = json!(big[..1 << 14]);
    }
    event["headers"]["X-Huge"] = json!(big);
    event["multiValueHeaders"] = json!({ "X-Huge": [big, big] });
    let response = client.send_event(&serde_json::to_vec(&event).unwrap());
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.text(), "Hello, me!");
}

#[test]
fn deeply_nested_json_is_refused_not_overflowed() {
    let client = TestClient::new(hello_api());
    let mut event = serde_json::to_string(&seed()).unwrap();
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    event.insert_str(1, &format!("\"deep\":{nested},"));
    let response = client.send_event(event.as_bytes());
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response.text().contains("nested more than 127 levels deep"),
        "{}",
        response.text()
    );
    let next = client.send_event(&serde_json::to_vec(&seed()).unwrap());
    assert_eq!(next.text(), "Hello, me!");
}

/// Invalid JSON of each kind, as a whole value; those that start with `"` also go inside a
/// string and as a key.
const INVALID_JSON: &[(&str, &str)] = &[
    ("single quotes", "'me'"),
    ("a line comment", "1 // one"),
    ("a block comment", "/* one */ 1"),
    ("a truncated literal", "tru"),
    ("a literal in capitals", "Null"),
    ("leading zeros", "007"),
    ("a plus sign", "+1"),
    ("a number without fraction digits", "1."),
    ("a number beyond f64", "1e999999"),
    ("NaN", "NaN"),
    ("a raw control character in a string", "\"a\u{1}b\""),
    ("a raw tab in a string", "\"a\tb\""),
    ("a bad escape", r#""\x41""#),
    ("a short unicode escape", r#""\u41""#),
    ("a lone high surrogate", r#""\ud800""#),
    ("a lone low surrogate", r#""\udfff""#),
    (
        "a high surrogate before a non-surrogate",
        r#""\ud800\u0041""#,
    ),
    ("a trailing comma in an array", "[1,]"),
    ("a trailing comma in an object", r#"{"a":1,}"#),
    ("a vertical tab as whitespace", "[\u{b}]"),
    ("a non-breaking space as whitespace", "[\u{a0}]"),
];

/// Every way an event can hold an invalid value where no handler looks: a top-level key
/// nobody reads, an unread header, deep inside `requestContext`, in an unread query parameter.
fn with_invalid(value: &str) -> Vec<String> {
    let seed = include_str!("../fixtures/seed.json");
    let insert = |after: &str, entry: &str| {
        let at = seed.find(after).unwrap() + after.len();
        format!("{}{entry}{}", &seed[..at], &seed[at..])
    };
    let mut events = vec![
        insert("{", &format!(r#""unread":{value},"#)),
        insert(r#""headers": {"#, &format!(r#""X-Unread":{value},"#)),
        insert(
            r#""identity": {"#,
            &format!(r#""unread":[{{"x":{value}}}],"#),
        ),
        insert(
            r#""queryStringParameters": {"#,
            &format!(r#""unread":{value},"#),
        ),
    ];
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        events.push(insert(
            r#""headers": {"#,
            &format!(r#""X-Unread":"x{inner}y","#),
        ));
        events.push(insert(r#""headers": {"#, &format!(r#"{value}:"x","#)));
        events.push(insert("{", &format!(r#"{value}:1,"#)));
    }
    events
}

#[test]
fn invalid_json_where_no_handler_looks_is_a_400() {
    let client = TestClient::new(hello_api());
    let good = serde_json::to_vec(&seed()).unwrap();
    for (name, value) in INVALID_JSON {
        for event in with_invalid(value) {
            assert!(
                serde_json::from_str::<Value>(&event).is_err(),
                "serde_json reads {name}: {event}"
            );
            let response = client.send_event(event.as_bytes());
            assert_eq!(
                response.status(),
                StatusCode::BAD_REQUEST,
                "{name}: {event}"
            );
            let body: Value = response.json();
            assert_eq!(body["error"], "malformed event", "{name}");
            assert!(
                body["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("the event is not valid JSON: "),
                "{name}: {body}"
            );
            assert_eq!(
                client.send_event(&good).text(),
                "Hello, me!",
                "after {name}"
            );
        }
    }
    // The same places with valid values: served.
    for event in with_invalid(r#""\ud83d\ude00 \u00e9 \/""#) {
        assert_eq!(
            client.send_event(event.as_bytes()).text(),
            "Hello, me!",
            "{event}"
        );
    }
}
