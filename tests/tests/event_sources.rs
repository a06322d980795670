//! The other front doors, proved against events written by others: API Gateway HTTP API
//! (payload 2.0), Lambda Function URL and Application Load Balancer events (and the few REST API
//! events of `lambda_http`), unchanged. For each: the source gatewright tells from it, the example
//! API's answer, an API of this file that extracts what the event carries, and the response
//! shape that source expects.
//!
//! The events are in `tests/fixtures/powertools/` (Powertools for AWS Lambda (Python)),
//! `tests/fixtures/aws_lambda_events/` (the `aws_lambda_events` crate) and
//! `tests/fixtures/lambda_http/` (the `lambda_http` crate); their READMEs say where each comes
//! from and what it exercises. The REST API (v1) events of the first two are
//! `tests/tests/aws_events.rs`'s.
//!
//! Most of these events are hand-written, and some are inconsistent in ways a real event is
//! not; the comments at the table entries say where, and what gatewright makes of it.

use std::collections::BTreeSet;

use gatewright::{Event, EventSource};
use gatewright_tests::{assert_shape, body_json, fixture, fixtures_dir, hello_api, invoke};
use serde_json::{json, Value};

const DIRS: [&str; 3] = ["aws_lambda_events", "lambda_http", "powertools"];

/// The REST API (v1) events of `tests/tests/aws_events.rs`; every other fixture is this file's.
const REST_V1_ELSEWHERE: [&str; 16] = [
    "aws_lambda_events/example-apigw-console-request.json",
    "aws_lambda_events/example-apigw-console-test-request.json",
    "aws_lambda_events/example-apigw-request-catch-all.json",
    "aws_lambda_events/example-apigw-request-multi-value-parameters.json",
    "aws_lambda_events/example-apigw-request.json",
    "aws_lambda_events/example-apigw-restapi-openapi-request.json",
    "aws_lambda_events/example-apigw-sam-rest-request.json",
    "powertools/apiGatewayProxyEvent.json",
    "powertools/apiGatewayProxyEventAnotherPath.json",
    "powertools/apiGatewayProxyEventNoOrigin.json",
    "powertools/apiGatewayProxyEventPathTrailingSlash.json",
    "powertools/apiGatewayProxyEventPrincipalId.json",
    "powertools/apiGatewayProxyEvent_noVersionAuth.json",
    "powertools/apiGatewayProxyOtherEvent.json",
    "powertools/apigatewayeSchemaMiddlwareInvalidEvent.json",
    "powertools/apigatewayeSchemaMiddlwareValidEvent.json",
];

const V2: EventSource = EventSource::HttpApiV2;
const URL: EventSource = EventSource::FunctionUrl;
const REST: EventSource = EventSource::RestApi;
const ALB: EventSource = EventSource::Alb {
    multi_value_headers: false,
};
const ALB_MV: EventSource = EventSource::Alb {
    multi_value_headers: true,
};

fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).unwrap()
}

/// This file's fixtures: every JSON file of the three directories but the REST v1 ones above.
fn my_fixtures() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for dir in DIRS {
        for entry in std::fs::read_dir(fixtures_dir().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let name = format!("{dir}/{name}");
            if name.ends_with(".json") && !REST_V1_ELSEWHERE.contains(&name.as_str()) {
                names.insert(name);
            }
        }
    }
    names
}

/// A header of the response, whatever the shape: its last value.
fn response_header<'v>(response: &'v Value, header: &str) -> Option<&'v Value> {
    response["headers"].get(header).or_else(|| {
        response["multiValueHeaders"]
            .get(header)?
            .as_array()?
            .last()
    })
}

/// What `examples/hello` answers to each event: the source, the status, the body and its
/// content type. Worked out from the rules of `event.rs` and `path.rs`: payload 2.0 routes on
/// `routeKey`'s path when it has one (`GET /dump`), else on `rawPath` (decoded, stage prefix
/// removed), load balancers and Function URLs on their (encoded) path, REST APIs on
/// `resource` + `pathParameters`. `/` matches no route of the example (`<proxy+>` takes one
/// segment or more), so the many events for `/` are a `404` in their source's shape.
const HELLO: &[(&str, EventSource, u16, &str, &str)] = &[
    (
        "aws_lambda_events/example-alb-lambda-target-request-headers-only.json",
        ALB,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "aws_lambda_events/example-alb-lambda-target-request-multivalue-headers.json",
        ALB_MV,
        404,
        not_found_body(),
        "application/json",
    ),
    // `routeKey` is `GET /dump`: the route template, no parameters.
    (
        "aws_lambda_events/example-apigw-sam-http-request.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"dump"}"#,
        "application/json",
    ),
    // The four `example-apigw-v2-request-*` events with `rawPath` `/my/path` say
    // `pathParameters.proxy` is `hello/world` under `routeKey` `$default`, which has no
    // parameters: hand-written. `$default` gives no template, so `rawPath` decides.
    (
        "aws_lambda_events/example-apigw-v2-request-iam.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "aws_lambda_events/example-apigw-v2-request-jwt-authorizer.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "aws_lambda_events/example-apigw-v2-request-lambda-authorizer.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "aws_lambda_events/example-apigw-v2-request-multi-value-parameters.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "aws_lambda_events/example-apigw-v2-request-no-authorizer.json",
        V2,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "lambda_http/alb_health_check.json",
        ALB,
        404,
        not_found_body(),
        "application/json",
    ),
    // Both `headers` and `multiValueHeaders`: a load balancer sends one or the other; the
    // multi-value map is there, so the answer uses it.
    (
        "lambda_http/alb_multi_value_request.json",
        ALB_MV,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "lambda_http/alb_multi_value_request_encoded_query_parameters.json",
        ALB_MV,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "lambda_http/alb_no_host.json",
        ALB,
        200,
        r#"{"method":"GET","proxy":"v1/health"}"#,
        "application/json",
    ),
    (
        "lambda_http/alb_request.json",
        ALB,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "lambda_http/alb_request_encoded_query_parameters.json",
        ALB,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "lambda_http/apigw_multi_value_proxy_request.json",
        REST,
        200,
        r#"{"method":"POST","proxy":"hello/world"}"#,
        "application/json",
    ),
    // `/{proxy+}` with `proxy` = `hello`: the literal `/hello` route, with `name=me`.
    (
        "lambda_http/apigw_no_host.json",
        REST,
        200,
        "Hello, me!",
        "text/plain; charset=utf-8",
    ),
    (
        "lambda_http/apigw_proxy_request.json",
        REST,
        200,
        "Hello, me!",
        "text/plain; charset=utf-8",
    ),
    // An HTTP API gives the path decoded: the space is a space.
    (
        "lambda_http/apigw_request_path_with_space.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path-with space"}"#,
        "application/json",
    ),
    (
        "lambda_http/apigw_v2_proxy_request.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "lambda_http/apigw_v2_proxy_request_minimal.json",
        V2,
        404,
        not_found_body(),
        "application/json",
    ),
    // `rawPath` `/Prod/my/path` on stage `Prod`: the stage prefix goes. (`routeKey` is `Prod`,
    // not a route key at all: hand-written; it has no path, so it gives no template.)
    (
        "lambda_http/apigw_v2_proxy_request_with_stage_in_path.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    // `routeKey` `GET /hello`: the literal route; `rawQueryString` is empty.
    (
        "lambda_http/apigw_v2_sam_local.json",
        V2,
        200,
        "Hello, world!",
        "text/plain; charset=utf-8",
    ),
    (
        "lambda_http/lambda_function_url_request.json",
        URL,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/albEvent.json",
        ALB,
        200,
        r#"{"method":"GET","proxy":"lambda"}"#,
        "application/json",
    ),
    (
        "powertools/albEventPathTrailingSlash.json",
        ALB,
        200,
        r#"{"method":"GET","proxy":"lambda"}"#,
        "application/json",
    ),
    (
        "powertools/albMultiValueHeadersEvent.json",
        ALB_MV,
        200,
        r#"{"method":"GET","proxy":"todos"}"#,
        "application/json",
    ),
    (
        "powertools/albMultiValueQueryStringEvent.json",
        ALB_MV,
        200,
        r#"{"method":"GET","proxy":"todos"}"#,
        "application/json",
    ),
    (
        "powertools/apiGatewayProxyV2Event.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    // `rawPath` `/my/path/` (while `requestContext.http.path` says `/my/path`).
    (
        "powertools/apiGatewayProxyV2EventPathTrailingSlash.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/apiGatewayProxyV2Event_GET.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    // Like the `aws_lambda_events` ones: `pathParameters.proxy` `hello/world` under `$default`.
    (
        "powertools/apiGatewayProxyV2IamEvent.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/apiGatewayProxyV2LambdaAuthorizerEvent.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/apiGatewayProxyV2OtherGetEvent.json",
        V2,
        200,
        r#"{"method":"GET","proxy":"other/path"}"#,
        "application/json",
    ),
    (
        "powertools/apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/apiGatewayProxyV2SchemaMiddlwareValidEvent.json",
        V2,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/lambdaFunctionUrlEvent.json",
        URL,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "powertools/lambdaFunctionUrlEventPathTrailingSlash.json",
        URL,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
    (
        "powertools/lambdaFunctionUrlEventWithHeaders.json",
        URL,
        404,
        not_found_body(),
        "application/json",
    ),
    (
        "powertools/lambdaFunctionUrlIAMEvent.json",
        URL,
        200,
        r#"{"method":"POST","proxy":"my/path"}"#,
        "application/json",
    ),
];

const fn not_found_body() -> &'static str {
    r#"{"error":"no route matches this path"}"#
}

#[test]
fn every_fixture_is_in_both_tables() {
    let all = my_fixtures();
    assert_eq!(all.len(), 39, "{all:?}");
    let hello: BTreeSet<String> = HELLO.iter().map(|(name, ..)| name.to_string()).collect();
    assert_eq!(hello, all);
    let probe: BTreeSet<String> = probe_table()
        .into_iter()
        .map(|(name, ..)| name.to_owned())
        .collect();
    assert_eq!(probe, all);
    for name in REST_V1_ELSEWHERE {
        assert!(fixtures_dir().join(name).is_file(), "{name}");
    }
}

#[test]
fn each_event_is_told_apart_by_its_source() {
    for &(name, source, ..) in HELLO {
        let bytes = fixture(name);
        let event = Event::parse(&bytes).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(event.source(), source, "{name}");
    }
}

#[test]
fn the_example_api_answers_each_event() {
    let api = hello_api();
    for &(name, source, status, body, content_type) in HELLO {
        let response = invoke(&api, &fixture(name));
        assert_shape(name, source, &response);
        assert_eq!(response["statusCode"], status, "{name}: {response}");
        assert_eq!(response["body"], body, "{name}");
        assert_eq!(response["isBase64Encoded"], false, "{name}");
        assert_eq!(
            response_header(&response, "content-type"),
            Some(&json!(content_type)),
            "{name}"
        );
        if source.is_v2() {
            assert_eq!(response["cookies"], json!([]), "{name}");
        }
    }
}

/// Routes at the paths of the fixtures, each extracting what its events carry. Every one
/// answers with two `Set-Cookie` headers, to show where each source's shape puts them.
mod probe {
    use gatewright::{Headers, Json, Method, RawBody, Rejection, RequestContext};
    use serde::Deserialize;
    use serde_json::{json, Map, Value};

    pub type Answer = ([(&'static str, &'static str); 2], Json<Value>);

    pub const SET_COOKIES: [&str; 2] = ["probe=1; Path=/", "seen=yes"];

    fn answer(report: Map<String, Value>) -> Answer {
        (
            [
                ("set-cookie", SET_COOKIES[0]),
                ("set-cookie", SET_COOKIES[1]),
            ],
            Json(Value::Object(report)),
        )
    }

    /// The request context as the handler sees it; the authorizer by its keys only.
    fn context_json(context: &RequestContext) -> Value {
        let authorizer = context.authorizer.map(|raw| {
            let value: Value = serde_json::from_str(raw.get()).unwrap();
            value
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        });
        json!({
            "requestId": context.request_id,
            "stage": context.stage,
            "sourceIp": context.source_ip,
            "userAgent": context.user_agent,
            "domainName": context.domain_name,
            "targetGroupArn": context.target_group_arn,
            "authorizer": authorizer,
        })
    }

    /// What every probe reports: the method, the request context, the cookies as a header,
    /// the `User-Agent` header, the stage variable `stageVariable1` and the body as text.
    fn common(
        method: &Method,
        context: &RequestContext,
        headers: &Headers,
        stage_variable: Option<String>,
        body: &RawBody,
    ) -> Map<String, Value> {
        let cookie_entries: Vec<_> = headers
            .entries()
            .into_iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .map(|(_, value)| value)
            .collect();
        let Value::Object(map) = json!({
            "method": method.as_str(),
            "context": context_json(context),
            "cookie": headers.get("Cookie"),
            "cookieEntries": cookie_entries,
            "userAgent": headers.get("user-agent"),
            "stageVariable1": stage_variable,
            "body": String::from_utf8_lossy(&body.0),
        }) else {
            unreachable!()
        };
        map
    }

    fn with(mut report: Map<String, Value>, more: Value) -> Answer {
        let Value::Object(more) = more else {
            unreachable!()
        };
        report.extend(more);
        answer(report)
    }

    /// The root: Function URLs, HTTP APIs and load balancers alike.
    #[gatewright::route(ANY, "/")]
    #[allow(clippy::too_many_arguments)]
    pub fn root(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query] key: Option<String>,
        #[query("myKey")] my_key: Vec<String>,
        #[query("myOtherKey")] my_other_key: Option<String>,
        #[query] parameter1: Vec<String>,
        #[header("cookie")] cookies: Vec<String>,
        #[header] x_forwarded_port: Option<u16>,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({
                "key": key,
                "myKey": my_key,
                "myOtherKey": my_other_key,
                "parameter1": parameter1,
                "cookies": cookies,
                "port": x_forwarded_port,
            }),
        )
    }

    /// The schema of Powertools' validation-middleware tests.
    #[derive(Deserialize)]
    pub struct Message {
        pub message: String,
        pub username: String,
    }

    /// `/my/path`, the favourite of every hand-written payload 2.0 event.
    #[gatewright::route(ANY, "/my/path")]
    #[allow(clippy::too_many_arguments)]
    pub fn my_path(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query] parameter1: Vec<String>,
        #[query("parameter1")] parameter1_last: Option<String>,
        #[query("Parameter1")] capital_parameter1: Vec<String>,
        #[query] parameter2: Option<String>,
        #[header("Header1")] header1: Option<String>,
        #[header("header2")] header2: Vec<String>,
        message: Result<Json<Message>, Rejection>,
    ) -> Answer {
        let message = match message {
            Ok(Json(m)) => json!({ "message": m.message, "username": m.username }),
            Err(rejection) => {
                json!({ "status": rejection.status().as_u16(), "reason": serde_json::from_str::<Value>(&rejection.body()).unwrap()["reason"] })
            }
        };
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({
                "parameter1": parameter1,
                "parameter1Last": parameter1_last,
                "Parameter1": capital_parameter1,
                "parameter2": parameter2,
                "header1": header1,
                "header2": header2,
                "json": message,
            }),
        )
    }

    /// `/my/path-with space`.
    #[gatewright::route(ANY, "/my/<name>")]
    pub fn my_name(
        name: String,
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({ "name": name }),
        )
    }

    #[gatewright::route(GET, "/other/path")]
    pub fn other_path(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query] parameter2: String,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({ "parameter2": parameter2 }),
        )
    }

    /// `sam local start-api` for an HTTP API: headers in title case, `cookies: []`.
    #[gatewright::route(GET, "/dump")]
    #[allow(clippy::too_many_arguments)]
    pub fn dump(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query("foo")] foo_value: String,
        #[header("sec-ch-ua-platform")] platform: String,
        #[header] host: String,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({ "foo": foo_value, "platform": platform, "host": host }),
        )
    }

    #[gatewright::route(GET, "/hello")]
    #[allow(clippy::too_many_arguments)]
    pub fn hello(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query] name: Option<String>,
        #[stage("stageVarName")] stage_var_name: Option<String>,
        #[header] host: Option<String>,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({ "name": name, "stageVarName": stage_var_name, "host": host }),
        )
    }

    #[gatewright::route(POST, "/hello/world")]
    #[allow(clippy::too_many_arguments)]
    pub fn hello_world(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query("multiValueName")] multi_value_name: Vec<String>,
        #[query] name: String,
        #[header("headerName")] header_name: String,
        #[stage("stageVariableName")] stage_variable_name: String,
        Json(json): Json<Value>,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({
                "multiValueName": multi_value_name,
                "name": name,
                "headerName": header_name,
                "stageVariableName": stage_variable_name,
                "json": json,
            }),
        )
    }

    /// Powertools' single-value load balancer events.
    #[gatewright::route(GET, "/lambda")]
    #[allow(clippy::too_many_arguments)]
    pub fn lambda(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query] query: String,
        #[header("X-Imforwards")] imforwards: u32,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({ "query": query, "imforwards": imforwards }),
        )
    }

    /// Powertools' multi-value load balancer events.
    #[gatewright::route(GET, "/todos")]
    #[allow(clippy::too_many_arguments)]
    pub fn todos(
        method: Method,
        context: &RequestContext,
        headers: Headers,
        #[stage("stageVariable1")] stage_variable: Option<String>,
        body: RawBody,
        #[query] parameter1: Vec<String>,
        #[query] parameter2: Option<String>,
        #[header] header2: Vec<String>,
        #[header] accept: String,
    ) -> Answer {
        with(
            common(&method, context, &headers, stage_variable, &body),
            json!({
                "parameter1": parameter1,
                "parameter2": parameter2,
                "header2": header2,
                "accept": accept,
            }),
        )
    }

    /// A load balancer has no stage variables: requiring one is the deployment mistake that
    /// answers `500`.
    #[gatewright::route(GET, "/v1/health")]
    pub fn health(#[stage("stageVariable1")] required: String) -> String {
        required
    }

    /// Sends the body back as it came, for the base64 test.
    #[gatewright::route(PUT, "/echo")]
    pub fn echo(body: RawBody) -> Vec<u8> {
        body.0.into_owned()
    }
}

fn probe_api() -> impl gatewright::Api {
    gatewright::api!(
        probe::root,
        probe::my_path,
        probe::my_name,
        probe::other_path,
        probe::dump,
        probe::hello,
        probe::hello_world,
        probe::lambda,
        probe::todos,
        probe::health,
        probe::echo,
    )
}

/// The request context of an HTTP API or Function URL event (`targetGroupArn` is `null`).
fn ctx(
    request_id: &str,
    stage: &str,
    source_ip: &str,
    user_agent: &str,
    domain: &str,
    authorizer: Option<&[&str]>,
) -> Value {
    json!({
        "requestId": request_id,
        "stage": stage,
        "sourceIp": source_ip,
        "userAgent": user_agent,
        "domainName": domain,
        "targetGroupArn": null,
        "authorizer": authorizer,
    })
}

/// A load balancer's request context: the target group and nothing else.
fn alb_ctx(arn: &str) -> Value {
    json!({
        "requestId": null,
        "stage": null,
        "sourceIp": null,
        "userAgent": null,
        "domainName": null,
        "targetGroupArn": arn,
        "authorizer": null,
    })
}

/// The common part of a report, with `more` merged in.
#[allow(clippy::too_many_arguments)]
fn report(
    method: &str,
    context: Value,
    cookie: Option<&str>,
    cookie_entries: &[&str],
    user_agent: Option<&str>,
    stage_variable1: Option<&str>,
    body: &str,
    more: Value,
) -> Value {
    let mut report = json!({
        "method": method,
        "context": context,
        "cookie": cookie,
        "cookieEntries": cookie_entries,
        "userAgent": user_agent,
        "stageVariable1": stage_variable1,
        "body": body,
    });
    report
        .as_object_mut()
        .unwrap()
        .extend(more.as_object().unwrap().clone());
    report
}

fn json_error(reason: &str) -> Value {
    json!({ "status": 400, "reason": format!("the body is not the JSON this route takes: {reason}") })
}

const NO_BODY: &str = "EOF while parsing a value at line 1 column 0";
/// `{\r\n\t"a": 1\r\n}`, the body of many payload 2.0 events.
const A_1: &str = "{\r\n\t\"a\": 1\r\n}";

/// `/my/path` from the Powertools payload 2.0 events.
fn powertools_v2(
    method: &str,
    authorizer: &[&str],
    header2: &str,
    body: &str,
    json: Value,
) -> Value {
    report(
        method,
        ctx(
            "id",
            "$default",
            "192.168.0.1/32",
            "agent",
            "id.execute-api.us-east-1.amazonaws.com",
            Some(authorizer),
        ),
        // The `cookies` array, joined as a browser sends them.
        Some("cookie1; cookie2"),
        &["cookie1; cookie2"],
        None,
        Some("value1"),
        body,
        json!({
            // From `rawQueryString`; `queryStringParameters` joins them as `value1,value2`.
            "parameter1": ["value1", "value2"],
            "parameter1Last": "value2",
            "Parameter1": [],
            "parameter2": "value",
            "header1": "value1",
            // Payload 2.0 joins a repeated header with commas; it stays one value.
            "header2": [header2],
            "json": json,
        }),
    )
}

/// `/my/path` from Powertools' Function URL events.
fn powertools_url() -> Value {
    report(
        "POST",
        ctx(
            "id",
            "$default",
            "123.123.123.123",
            "agent",
            "<url-id>.lambda-url.us-west-2.on.aws",
            Some(&["iam"]),
        ),
        Some("cookie1; cookie2"),
        &["cookie1; cookie2"],
        None,
        None,
        "Hello from client!",
        json!({
            "parameter1": ["value1", "value2"],
            "parameter1Last": "value2",
            "Parameter1": [],
            "parameter2": "value",
            "header1": "value1",
            "header2": ["value1,value2"],
            "json": json_error("expected value at line 1 column 1"),
        }),
    )
}

/// `/` from Powertools' two Function URL events for `GET /`.
fn powertools_url_root() -> Value {
    report(
        "GET",
        ctx(
            "id",
            "$default",
            "123.123.123.123",
            "agent",
            "<url-id>.lambda-url.us-east-1.on.aws",
            None,
        ),
        None,
        &[],
        Some("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/102.0.0.0 Safari/537.36"),
        None,
        "",
        json!({
            "key": null,
            "myKey": [],
            "myOtherKey": null,
            "parameter1": [],
            "cookies": [],
            "port": 443,
        }),
    )
}

/// `/my/path` from the `aws_lambda_events` payload 2.0 events.
fn crate_v2(authorizer: &[&str], more: Value) -> Value {
    report(
        "GET",
        ctx(
            "id",
            "$default",
            "IP",
            "agent",
            "id.execute-api.us-east-1.amazonaws.com",
            Some(authorizer),
        ),
        Some("cookie1; cookie2"),
        &["cookie1; cookie2"],
        None,
        Some("value1"),
        A_1,
        more,
    )
}

fn crate_v2_query(header2: Option<&str>) -> Value {
    json!({
        "parameter1": ["value1", "value2"],
        "parameter1Last": "value2",
        "Parameter1": [],
        "parameter2": "value",
        "header1": "value1",
        "header2": header2.into_iter().collect::<Vec<_>>(),
        "json": json_error("missing field `message` at line 3 column 1"),
    })
}

/// `/` from a load balancer event.
#[allow(clippy::too_many_arguments)]
fn alb_root(
    arn: &str,
    cookie: Option<&str>,
    cookies: &[&str],
    user_agent: &str,
    body: &str,
    key: Option<&str>,
    my_key: &[&str],
    my_other_key: Option<&str>,
    port: Option<u16>,
) -> Value {
    report(
        "GET",
        alb_ctx(arn),
        cookie,
        cookies,
        Some(user_agent),
        None,
        body,
        json!({
            "key": key,
            "myKey": my_key,
            "myOtherKey": my_other_key,
            "parameter1": [],
            "cookies": cookies,
            "port": port,
        }),
    )
}

const LAMBDA_HTTP_ARN: &str =
    "arn:aws:elasticloadbalancing:region:123456789012:targetgroup/my-target-group/6d0ecf831eec9f09";
const LAMBDA_HTTP_UA: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6)";

/// `/my/path` and `/my/path-with space` from `lambda_http`'s HTTP API events.
fn lambda_http_v2(stage: &str, more: Value) -> Value {
    report(
        "POST",
        ctx(
            "id",
            stage,
            "IP",
            "agent",
            "id.execute-api.us-east-1.amazonaws.com",
            Some(&["jwt"]),
        ),
        Some("cookie1=value1; cookie2=value2"),
        &["cookie1=value1; cookie2=value2"],
        None,
        Some("value1"),
        "Hello from Lambda",
        more,
    )
}

fn lambda_http_v2_my_path() -> Value {
    json!({
        "parameter1": ["value1", "value2"],
        "parameter1Last": "value2",
        "Parameter1": [],
        "parameter2": "value",
        "header1": "value1",
        "header2": ["value2"],
        "json": json_error("expected value at line 1 column 1"),
    })
}

/// `lambda_http`'s two REST events for `GET /hello`.
fn lambda_http_rest_hello(host: Option<&str>) -> Value {
    let ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.82 Safari/537.36 OPR/39.0.2256.48";
    report(
        "GET",
        json!({
            "requestId": "41b45ea3-70b5-11e6-b7bd-69b5aaebc7d9",
            "stage": "test",
            "sourceIp": "192.168.100.1",
            "userAgent": ua,
            "domainName": null,
            "targetGroupArn": null,
            "authorizer": null,
        }),
        None,
        &[],
        Some(ua),
        None,
        "",
        json!({ "name": "me", "stageVarName": "stageVarValue", "host": host }),
    )
}

/// What the probe API answers to each event: status and JSON body.
fn probe_table() -> Vec<(&'static str, u16, Value)> {
    let powertools_alb_arn = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a";
    let powertools_alb = report(
        "GET",
        alb_ctx(powertools_alb_arn),
        None,
        &[],
        Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/71.0.3578.98 Safari/537.36"),
        // No stage variables behind a load balancer: the `Option` is `None`.
        None,
        "Test",
        json!({ "query": "1234ABCD", "imforwards": 20 }),
    );
    let todos_arn = "arn:aws:elasticloadbalancing:eu-central-1:1234567890:targetgroup/alb-c-Targe-11GDXTPQ7663S/804a67588bfdc10f";
    let todos = |more: Value| {
        report(
            "GET",
            alb_ctx(todos_arn),
            None,
            &[],
            Some("curl/7.79.1"),
            None,
            "",
            more,
        )
    };
    vec![
        (
            "aws_lambda_events/example-alb-lambda-target-request-headers-only.json",
            200,
            alb_root(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-target/abcdefg",
                None,
                &[],
                "curl/7.54.0",
                "",
                Some("hello"),
                &[],
                None,
                Some(80),
            ),
        ),
        (
            "aws_lambda_events/example-alb-lambda-target-request-multivalue-headers.json",
            200,
            alb_root(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-target/abcdefgh",
                None,
                &[],
                "curl/7.54.0",
                "Some text",
                Some("hello"),
                &[],
                None,
                Some(80),
            ),
        ),
        (
            "aws_lambda_events/example-apigw-sam-http-request.json",
            200,
            report(
                "GET",
                ctx(
                    "b3ea2f1a-9f2a-48a4-8791-0db24e5d40e5",
                    "$default",
                    "127.0.0.1",
                    "Custom User Agent String",
                    "localhost",
                    None,
                ),
                // `cookies: []`: no cookie header.
                None,
                &[],
                Some("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"),
                // `stageVariables: null`.
                None,
                "",
                json!({ "foo": "bar", "platform": "\"macOS\"", "host": "127.0.0.1:3000" }),
            ),
        ),
        (
            "aws_lambda_events/example-apigw-v2-request-iam.json",
            200,
            crate_v2(&["iam"], crate_v2_query(Some("value2"))),
        ),
        (
            "aws_lambda_events/example-apigw-v2-request-jwt-authorizer.json",
            200,
            crate_v2(&["jwt"], crate_v2_query(Some("value2"))),
        ),
        (
            "aws_lambda_events/example-apigw-v2-request-lambda-authorizer.json",
            200,
            crate_v2(&["lambda"], crate_v2_query(Some("value2"))),
        ),
        // The query parameter is `Parameter1`: names are case-sensitive.
        (
            "aws_lambda_events/example-apigw-v2-request-multi-value-parameters.json",
            200,
            crate_v2(
                &["lambda"],
                json!({
                    "parameter1": [],
                    "parameter1Last": null,
                    "Parameter1": ["value1", "value2"],
                    "parameter2": null,
                    "header1": null,
                    "header2": ["value1,value2"],
                    "json": json_error("missing field `message` at line 3 column 1"),
                }),
            ),
        ),
        (
            "aws_lambda_events/example-apigw-v2-request-no-authorizer.json",
            200,
            report(
                "GET",
                ctx(
                    "LV7fzho-PHcEJPw=",
                    "$default",
                    "1.2.3.4",
                    "curl/7.58.0",
                    "aaaaaaaaaa.execute-api.us-west-2.amazonaws.com",
                    None,
                ),
                None,
                &[],
                Some("curl/7.58.0"),
                None,
                "",
                json!({
                    "key": null,
                    "myKey": [],
                    "myOtherKey": null,
                    "parameter1": [],
                    "cookies": [],
                    "port": 443,
                }),
            ),
        ),
        (
            "lambda_http/alb_health_check.json",
            200,
            alb_root(
                LAMBDA_HTTP_ARN,
                None,
                &[],
                "ELB-HealthChecker/2.0",
                "",
                None,
                &[],
                None,
                None,
            ),
        ),
        // Multi-value: the lists win over the single-value maps also in the event (whose
        // `myOtherKey` says `val3`, the first value, where gatewright takes the last).
        (
            "lambda_http/alb_multi_value_request.json",
            200,
            alb_root(
                LAMBDA_HTTP_ARN,
                Some("name2=value2"),
                &["name1=value1", "name2=value2"],
                LAMBDA_HTTP_UA,
                "request_body",
                None,
                &["val1", "val2"],
                Some("val4"),
                Some(443),
            ),
        ),
        // A load balancer leaves query values percent-encoded; they come out decoded.
        (
            "lambda_http/alb_multi_value_request_encoded_query_parameters.json",
            200,
            alb_root(
                LAMBDA_HTTP_ARN,
                Some("name2=value2"),
                &["name1=value1", "name2=value2"],
                LAMBDA_HTTP_UA,
                "request_body",
                None,
                &["?showAll=true", "?showAll=false"],
                None,
                Some(443),
            ),
        ),
        // A required stage variable behind a load balancer: `500`, in the load balancer's shape.
        (
            "lambda_http/alb_no_host.json",
            500,
            json!({ "error": "the API's stage is missing a stage variable" }),
        ),
        (
            "lambda_http/alb_request.json",
            200,
            alb_root(
                LAMBDA_HTTP_ARN,
                Some("cookies"),
                &["cookies"],
                LAMBDA_HTTP_UA,
                "request_body",
                None,
                &["val2"],
                None,
                Some(443),
            ),
        ),
        (
            "lambda_http/alb_request_encoded_query_parameters.json",
            200,
            alb_root(
                LAMBDA_HTTP_ARN,
                Some("cookies"),
                &["cookies"],
                LAMBDA_HTTP_UA,
                "request_body",
                None,
                &["?showAll=true"],
                None,
                Some(443),
            ),
        ),
        (
            "lambda_http/apigw_multi_value_proxy_request.json",
            200,
            report(
                "POST",
                json!({
                    "requestId": "deef4878-7910-11e6-8f14-25afc3e9ae33",
                    "stage": "testStage",
                    "sourceIp": "192.168.196.186",
                    "userAgent": "PostmanRuntime/2.4.5",
                    "domainName": null,
                    "targetGroupArn": null,
                    "authorizer": null,
                }),
                None,
                &[],
                Some("PostmanRuntime/2.4.5"),
                None,
                A_1,
                json!({
                    "multiValueName": ["you", "me"],
                    "name": "me",
                    "headerName": "headerValue",
                    "stageVariableName": "stageVariableValue",
                    "json": { "a": 1 },
                }),
            ),
        ),
        // No `Host` header at all.
        (
            "lambda_http/apigw_no_host.json",
            200,
            lambda_http_rest_hello(None),
        ),
        (
            "lambda_http/apigw_proxy_request.json",
            200,
            lambda_http_rest_hello(Some("wt6mne2s9k.execute-api.us-west-2.amazonaws.com")),
        ),
        (
            "lambda_http/apigw_request_path_with_space.json",
            200,
            lambda_http_v2("$default", json!({ "name": "path-with space" })),
        ),
        (
            "lambda_http/apigw_v2_proxy_request.json",
            200,
            lambda_http_v2("$default", lambda_http_v2_my_path()),
        ),
        // No `cookies`, no `body`, no `pathParameters` or `stageVariables`.
        (
            "lambda_http/apigw_v2_proxy_request_minimal.json",
            200,
            report(
                "GET",
                ctx(
                    "MIZRNhJtIAMEMDw=",
                    "$default",
                    "65.78.31.245",
                    "curl/7.64.1",
                    "xxx.execute-api.us-east-1.amazonaws.com",
                    None,
                ),
                None,
                &[],
                Some("curl/7.64.1"),
                None,
                "",
                json!({
                    "key": null,
                    "myKey": [],
                    "myOtherKey": null,
                    "parameter1": [],
                    "cookies": [],
                    "port": 443,
                }),
            ),
        ),
        (
            "lambda_http/apigw_v2_proxy_request_with_stage_in_path.json",
            200,
            lambda_http_v2("Prod", lambda_http_v2_my_path()),
        ),
        (
            "lambda_http/apigw_v2_sam_local.json",
            200,
            report(
                "GET",
                ctx(
                    "1ac06eee-f687-44ec-9036-dfd49d0be0a3",
                    "$default",
                    "127.0.0.1",
                    "Custom User Agent String",
                    "localhost",
                    None,
                ),
                None,
                &[],
                Some("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:94.0) Gecko/20100101 Firefox/94.0"),
                None,
                "",
                json!({ "name": null, "stageVarName": null, "host": "127.0.0.1:3000" }),
            ),
        ),
        // Both `cookies: ["test=hi"]` and a `cookie` header with the same value: one cookie
        // header comes out, rebuilt from `cookies`.
        (
            "lambda_http/lambda_function_url_request.json",
            200,
            report(
                "GET",
                ctx(
                    "MIZRNhJtIAMEMDw=",
                    "$default",
                    "65.78.31.245",
                    "curl/7.68.0",
                    "id.lambda-url.eu-west-2.on.aws",
                    None,
                ),
                Some("test=hi"),
                &["test=hi"],
                Some("curl/7.68.0"),
                None,
                "",
                json!({
                    "parameter1": ["value1", "value2"],
                    "parameter1Last": "value2",
                    "Parameter1": [],
                    "parameter2": "value",
                    "header1": null,
                    "header2": [],
                    "json": json_error(NO_BODY),
                }),
            ),
        ),
        ("powertools/albEvent.json", 200, powertools_alb.clone()),
        // `path` `/lambda/`: one trailing slash is ignored.
        ("powertools/albEventPathTrailingSlash.json", 200, powertools_alb),
        // `multiValueQueryStringParameters: {}`.
        (
            "powertools/albMultiValueHeadersEvent.json",
            200,
            todos(json!({
                "parameter1": [],
                "parameter2": null,
                "header2": [],
                "accept": "*/*",
            })),
        ),
        (
            "powertools/albMultiValueQueryStringEvent.json",
            200,
            todos(json!({
                "parameter1": ["value1", "value2"],
                "parameter2": "value",
                "header2": ["value1", "value2"],
                "accept": "*/*",
            })),
        ),
        (
            "powertools/apiGatewayProxyV2Event.json",
            200,
            powertools_v2(
                "POST",
                &["jwt"],
                "value1,value2",
                r#"{"message": "hello world", "username": "tom"}"#,
                json!({ "message": "hello world", "username": "tom" }),
            ),
        ),
        (
            "powertools/apiGatewayProxyV2EventPathTrailingSlash.json",
            200,
            powertools_v2(
                "POST",
                &["jwt"],
                "value1,value2",
                r#"{"message": "hello world", "username": "tom"}"#,
                json!({ "message": "hello world", "username": "tom" }),
            ),
        ),
        (
            "powertools/apiGatewayProxyV2Event_GET.json",
            200,
            powertools_v2("GET", &["jwt"], "value1,value2", "", json_error(NO_BODY)),
        ),
        // A `GET` with a body; `pathParameters.proxy` says `hello/world` under `$default`.
        (
            "powertools/apiGatewayProxyV2IamEvent.json",
            200,
            powertools_v2(
                "GET",
                &["iam"],
                "value2",
                A_1,
                json_error("missing field `message` at line 3 column 1"),
            ),
        ),
        (
            "powertools/apiGatewayProxyV2LambdaAuthorizerEvent.json",
            200,
            powertools_v2(
                "GET",
                &["jwt", "lambda"],
                "value2",
                A_1,
                json_error("missing field `message` at line 3 column 1"),
            ),
        ),
        (
            "powertools/apiGatewayProxyV2OtherGetEvent.json",
            200,
            report(
                "GET",
                ctx(
                    "id",
                    "$default",
                    "192.168.0.1/32",
                    "agent",
                    "id.execute-api.us-east-1.amazonaws.com",
                    Some(&["jwt"]),
                ),
                Some("cookie1; cookie2"),
                &["cookie1; cookie2"],
                None,
                Some("value1"),
                "",
                json!({ "parameter2": "value" }),
            ),
        ),
        (
            "powertools/apiGatewayProxyV2SchemaMiddlwareInvalidEvent.json",
            200,
            powertools_v2(
                "POST",
                &["jwt"],
                "value1,value2",
                r#"{"username": "lessa"}"#,
                json_error("missing field `message` at line 1 column 21"),
            ),
        ),
        (
            "powertools/apiGatewayProxyV2SchemaMiddlwareValidEvent.json",
            200,
            powertools_v2(
                "POST",
                &["jwt"],
                "value1,value2",
                r#"{"message": "hello world", "username": "lessa"}"#,
                json!({ "message": "hello world", "username": "lessa" }),
            ),
        ),
        ("powertools/lambdaFunctionUrlEvent.json", 200, powertools_url_root()),
        // `rawPath` `/my/path/`.
        (
            "powertools/lambdaFunctionUrlEventPathTrailingSlash.json",
            200,
            powertools_url(),
        ),
        // Hand-written and inconsistent: `rawQueryString` is empty while
        // `queryStringParameters` has `parameter1`. An empty `rawQueryString` falls back to
        // `queryStringParameters`, where payload 2.0 joins repeated values with commas.
        (
            "powertools/lambdaFunctionUrlEventWithHeaders.json",
            200,
            with_key(powertools_url_root(), "parameter1", json!(["value1,value2"])),
        ),
        ("powertools/lambdaFunctionUrlIAMEvent.json", 200, powertools_url()),
    ]
}

/// `value` with every entry named `key`, at any depth, set to `new`.
fn with_key(mut value: Value, key: &str, new: Value) -> Value {
    fn set(value: &mut Value, key: &str, new: &Value) {
        match value {
            Value::Object(map) => {
                for (name, entry) in map.iter_mut() {
                    if name == key {
                        *entry = new.clone();
                    } else {
                        set(entry, key, new);
                    }
                }
            }
            Value::Array(values) => values.iter_mut().for_each(|entry| set(entry, key, new)),
            _ => {}
        }
    }
    set(&mut value, key, &new);
    value
}

/// The source each fixture was told to be, from the `HELLO` table.
fn source_of(name: &str) -> EventSource {
    HELLO
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|&(_, source, ..)| source)
        .unwrap_or_else(|| panic!("{name} is not in HELLO"))
}

/// Where each shape puts the probe's two `Set-Cookie` headers.
fn assert_set_cookies(name: &str, source: EventSource, response: &Value) {
    let both = json!(probe::SET_COOKIES);
    let last = json!(probe::SET_COOKIES[1]);
    match source {
        EventSource::HttpApiV2 | EventSource::FunctionUrl => {
            assert_eq!(response["cookies"], both, "{name}");
        }
        EventSource::RestApi
        | EventSource::Alb {
            multi_value_headers: true,
        } => {
            assert_eq!(response["multiValueHeaders"]["set-cookie"], both, "{name}");
        }
        // Single-value headers can carry one value per name: the last one wins, and the other
        // cookie is lost. That is the load balancer's format, not something gatewright can fix.
        _ => assert_eq!(response["headers"]["set-cookie"], last, "{name}"),
    }
}

#[test]
fn handlers_extract_from_each_event() {
    let api = probe_api();
    for (name, status, body) in probe_table() {
        let source = source_of(name);
        let response = invoke(&api, &fixture(name));
        assert_shape(name, source, &response);
        assert_eq!(response["statusCode"], status, "{name}: {response}");
        assert_eq!(
            response_header(&response, "content-type"),
            Some(&json!("application/json")),
            "{name}"
        );
        assert_eq!(body_json(name, &response), body, "{name}");
        if status == 200 {
            assert_set_cookies(name, source, &response);
        } else if source.is_v2() {
            assert_eq!(response["cookies"], json!([]), "{name}");
        }
    }
}

/// `{"message":"from base64","username":"b64"}` in base64.
const TEXT_BASE64: &str = "eyJtZXNzYWdlIjoiZnJvbSBiYXNlNjQiLCJ1c2VybmFtZSI6ImI2NCJ9";
/// The bytes `00 01 02 ff fe` in base64.
const BYTES_BASE64: &str = "AAEC//4=";

#[test]
fn base64_bodies_are_decoded_for_every_source() {
    // None of the fixtures has a base64 body; these are the fixtures with theirs encoded, as
    // each front door sends a binary body.
    let api = probe_api();
    let text = r#"{"message":"from base64","username":"b64"}"#;
    for name in [
        "powertools/apiGatewayProxyV2Event.json",
        "powertools/lambdaFunctionUrlIAMEvent.json",
        "lambda_http/apigw_v2_proxy_request.json",
        "lambda_http/lambda_function_url_request.json",
    ] {
        let mut event = fixture_json(name);
        event["body"] = json!(TEXT_BASE64);
        event["isBase64Encoded"] = json!(true);
        let response = invoke(&api, &serde_json::to_vec(&event).unwrap());
        assert_shape(name, source_of(name), &response);
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
        let report = body_json(name, &response);
        assert_eq!(report["body"], text, "{name}");
        assert_eq!(
            report["json"],
            json!({ "message": "from base64", "username": "b64" }),
            "{name}"
        );
    }
    for name in [
        "powertools/albEvent.json",
        "powertools/albEventPathTrailingSlash.json",
    ] {
        let mut event = fixture_json(name);
        event["body"] = json!("VGVzdA==");
        event["isBase64Encoded"] = json!(true);
        let response = invoke(&api, &serde_json::to_vec(&event).unwrap());
        assert_shape(name, ALB, &response);
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
        assert_eq!(body_json(name, &response)["body"], "Test", "{name}");
    }
}

#[test]
fn binary_bodies_go_back_base64_in_every_shape() {
    // The fixtures sent to `PUT /echo` with a binary body.
    let api = probe_api();
    for name in [
        "powertools/apiGatewayProxyV2Event.json",
        "powertools/lambdaFunctionUrlIAMEvent.json",
        "powertools/albEvent.json",
        "powertools/albMultiValueQueryStringEvent.json",
        "lambda_http/apigw_proxy_request.json",
    ] {
        let source = source_of(name);
        let mut event = fixture_json(name);
        if source.is_v2() {
            event["rawPath"] = json!("/echo");
            event["routeKey"] = json!("$default");
            event["requestContext"]["http"]["method"] = json!("PUT");
        } else {
            event["path"] = json!("/echo");
            event["httpMethod"] = json!("PUT");
            if source == REST {
                event["resource"] = json!("/echo");
                event["pathParameters"] = Value::Null;
            }
        }
        event["body"] = json!(BYTES_BASE64);
        event["isBase64Encoded"] = json!(true);
        let response = invoke(&api, &serde_json::to_vec(&event).unwrap());
        assert_shape(name, source, &response);
        assert_eq!(response["statusCode"], 200, "{name}: {response}");
        assert_eq!(response["isBase64Encoded"], true, "{name}");
        assert_eq!(response["body"], BYTES_BASE64, "{name}");
        assert_eq!(
            response_header(&response, "content-type"),
            Some(&json!("application/octet-stream")),
            "{name}"
        );
    }
}

#[test]
fn payload_2_method_comes_from_the_request_context() {
    // A top-level `httpMethod` (payload 1.0's field) in a payload 2.0 event is not its method.
    let api = hello_api();
    for name in [
        "powertools/apiGatewayProxyV2Event.json",
        "powertools/lambdaFunctionUrlIAMEvent.json",
    ] {
        let mut event = fixture_json(name);
        event["httpMethod"] = json!("DELETE");
        let response = invoke(&api, &serde_json::to_vec(&event).unwrap());
        assert_eq!(
            response["body"], r#"{"method":"POST","proxy":"my/path"}"#,
            "{name}"
        );
    }
}
