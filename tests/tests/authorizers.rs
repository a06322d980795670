//! The caller's identity (`Claims<T>`, `Scopes`, `IamCaller`) read from the authorizer
//! fixtures of `aws_lambda_events` and Powertools, unchanged, and from `TestClient`'s events
//! for every source; what is missing is a `401`, what doesn't fit a `403` naming the claim,
//! and the next request is served.

use std::collections::BTreeMap;

use gatewright::prelude::*;
use gatewright::testing::TestClient;
use gatewright::{EventSource, IamCaller, Scopes};
use gatewright_tests::{body_json, event, fixture, invoke};
use serde::Deserialize;
use serde_json::{json, Value};

/// What the caller is, as each extractor reads it (`null` where it turns the request away).
#[route(ANY, "/<rest+>")]
fn who(
    rest: String,
    claims: Option<Claims<BTreeMap<String, String>>>,
    scopes: Option<Scopes>,
    iam: Option<IamCaller<'_>>,
) -> Json<Value> {
    let _ = rest;
    who_root(claims, scopes, iam)
}

#[route(ANY, "/")]
fn who_root(
    claims: Option<Claims<BTreeMap<String, String>>>,
    scopes: Option<Scopes>,
    iam: Option<IamCaller<'_>>,
) -> Json<Value> {
    Json(json!({
        "claims": claims.map(|Claims(claims)| claims),
        "scopes": scopes.map(|scopes| scopes.iter().map(str::to_owned).collect::<Vec<_>>()),
        "iam": iam.map(|iam| json!({
            "arn": iam.arn,
            "account": iam.account_id,
            "user": iam.user_id,
            "caller": iam.caller_id,
            "accessKey": iam.access_key,
            "org": iam.principal_org_id,
            "cognitoIdentity": iam.cognito_identity_id,
            "cognitoPool": iam.cognito_identity_pool_id,
        })),
    }))
}

/// A REST API Lambda authorizer's context, typed: `clientId` is a number in the fixture, a
/// string in what API Gateway documents; both read.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Client {
    principal_id: String,
    client_id: u32,
    client_name: String,
}

#[route(POST, "/<rest+>")]
fn client(rest: String, Claims(client): Claims<Client>) -> String {
    let _ = rest;
    format!(
        "{} {} {}",
        client.principal_id, client.client_id, client.client_name
    )
}

fn who_is(name: &str) -> Value {
    let api = gatewright::api!(who, who_root);
    let response = invoke(&api, &fixture(name));
    assert_eq!(response["statusCode"], 200, "{name}: {response}");
    body_json(name, &response)
}

#[test]
fn rest_api_lambda_authorizers() {
    // `aws_lambda_events`: `principalId`, a numeric `clientId`, `clientName`, and an IAM
    // identity in `identity`.
    for name in [
        "aws_lambda_events/example-apigw-request.json",
        "aws_lambda_events/example-apigw-request-catch-all.json",
        "aws_lambda_events/example-apigw-restapi-openapi-request.json",
    ] {
        let who = who_is(name);
        assert_eq!(
            who["claims"],
            json!({ "principalId": "admin", "clientId": "1", "clientName": "Exata" }),
            "{name}"
        );
        assert_eq!(
            who["scopes"],
            json!([]),
            "{name}: no scopes, but an authorizer"
        );
        assert_eq!(who["iam"]["arn"], "theUserArn", "{name}");
        assert_eq!(who["iam"]["account"], "theAccountId", "{name}");
        assert_eq!(who["iam"]["user"], "theUser", "{name}");
        assert_eq!(who["iam"]["caller"], "theCaller", "{name}");
        assert_eq!(who["iam"]["accessKey"], "ANEXAMPLEOFACCESSKEY", "{name}");
        assert_eq!(
            who["iam"]["cognitoIdentity"], "theCognitoIdentityId",
            "{name}"
        );
        assert_eq!(
            who["iam"]["cognitoPool"], "theCognitoIdentityPoolId",
            "{name}"
        );
    }
    let api = gatewright::api!(client);
    let response = invoke(
        &api,
        &fixture("aws_lambda_events/example-apigw-request.json"),
    );
    assert_eq!(response["body"], "admin 1 Exata", "{response}");
    // Powertools: `user_id`, `principalId` and a numeric `integrationLatency`; no identity.
    let who = who_is("powertools/apiGatewayProxyEventPrincipalId.json");
    assert_eq!(
        who["claims"],
        json!({ "user_id": "fake_username", "principalId": "fake", "integrationLatency": "451" })
    );
    assert_eq!(who["iam"], Value::Null);
}

#[test]
fn rest_api_without_an_authorizer_run() {
    // Powertools' REST events: a Cognito-shaped authorizer with `claims` and `scopes` null, and
    // an identity without `userArn`: nobody.
    for name in [
        "powertools/apiGatewayProxyEvent.json",
        "powertools/apiGatewayProxyOtherEvent.json",
        "powertools/apiGatewayProxyEvent_noVersionAuth.json",
    ] {
        let who = who_is(name);
        assert_eq!(
            who,
            json!({ "claims": null, "scopes": null, "iam": null }),
            "{name}"
        );
    }
}

#[test]
fn http_api_jwt_authorizers() {
    for (name, claims) in [
        (
            "aws_lambda_events/example-apigw-v2-request-jwt-authorizer.json",
            json!({ "claim1": "value1", "claim2": "value2" }),
        ),
        (
            "powertools/apiGatewayProxyV2Event.json",
            json!({ "claim1": "value1", "claim2": "value2" }),
        ),
        (
            "lambda_http/apigw_v2_proxy_request.json",
            json!({ "claim1": "value1", "claim2": "value2" }),
        ),
        // A JWT and a Lambda authorizer context both: the JWT's claims come first.
        (
            "powertools/apiGatewayProxyV2LambdaAuthorizerEvent.json",
            json!({ "claim1": "value1" }),
        ),
    ] {
        let who = who_is(name);
        assert_eq!(who["claims"], claims, "{name}");
        assert_eq!(who["scopes"], json!(["scope1", "scope2"]), "{name}");
        assert_eq!(who["iam"], Value::Null, "{name}");
    }
}

#[test]
fn http_api_lambda_authorizers() {
    let who = who_is("aws_lambda_events/example-apigw-v2-request-lambda-authorizer.json");
    assert_eq!(who["claims"], json!({ "key": "value" }));
    assert_eq!(who["scopes"], json!([]));
    assert_eq!(who["iam"], Value::Null);
}

#[test]
fn iam_callers_of_http_apis_and_function_urls() {
    let who = who_is("aws_lambda_events/example-apigw-v2-request-iam.json");
    assert_eq!(
        who["iam"],
        json!({
            "arn": "arn:aws:iam::1234567890:user/Admin",
            "account": "1234567890",
            "user": "AROA2ZJZYVRE7Y3TUXHH6",
            "caller": "AROA7ZJZYVRE7C3DUXHH6:CognitoIdentityCredentials",
            "accessKey": "ARIA2ZJZYVUEREEIHAKY",
            "org": "AwsOrgId",
            "cognitoIdentity": "us-east-1:3f291106-8703-466b-8f2b-3ecee1ca56ce",
            "cognitoPool": "us-east-1:4f291106-8703-466b-8f2b-3ecee1ca56ce",
        })
    );
    assert_eq!(
        (&who["claims"], &who["scopes"]),
        (&Value::Null, &Value::Null)
    );
    assert_eq!(
        who_is("powertools/apiGatewayProxyV2IamEvent.json")["iam"],
        who["iam"]
    );
    // A Function URL with IAM auth: `cognitoIdentity` and `principalOrgId` null.
    for name in [
        "powertools/lambdaFunctionUrlIAMEvent.json",
        "powertools/lambdaFunctionUrlEventPathTrailingSlash.json",
    ] {
        let who = who_is(name);
        assert_eq!(
            who["iam"],
            json!({
                "arn": "arn:aws:iam::111122223333:user/example-user",
                "account": "111122223333",
                "user": "AIDA...",
                "caller": "AIDA...",
                "accessKey": "AKIA...",
                "org": null,
                "cognitoIdentity": null,
                "cognitoPool": null,
            }),
            "{name}"
        );
        assert_eq!(who["claims"], Value::Null, "{name}");
    }
}

#[test]
fn load_balancers_have_no_authorizer() {
    for name in [
        "aws_lambda_events/example-alb-lambda-target-request-headers-only.json",
        "powertools/albMultiValueHeadersEvent.json",
    ] {
        let who = who_is(name);
        assert_eq!(
            who,
            json!({ "claims": null, "scopes": null, "iam": null }),
            "{name}"
        );
    }
}

/// The claims a handler of the README would take.
#[derive(Deserialize)]
struct User {
    sub: String,
    email_verified: bool,
    #[serde(rename = "custom:tier")]
    tier: u8,
    #[serde(rename = "cognito:groups", default)]
    groups: Vec<String>,
}

#[route(GET, "/me")]
fn me(Claims(user): Claims<User>, scopes: Scopes) -> Result<String, gatewright::Rejection> {
    scopes.require("notes:read")?;
    Ok(format!(
        "{} verified={} tier={} groups={}",
        user.sub,
        user.email_verified,
        user.tier,
        user.groups.join("+")
    ))
}

#[route(GET, "/iam")]
fn iam(caller: IamCaller<'_>) -> String {
    format!("{} {}", caller.arn, caller.account_id.unwrap_or_default())
}

#[test]
fn test_client_sets_the_identity_for_every_source() {
    let sources = [
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
    let claims = json!({ "sub": "ann", "email_verified": true, "custom:tier": 3, "cognito:groups": ["a", "b"] });
    for source in sources {
        let client = TestClient::new(gatewright::api!(me, iam)).source(source);
        let response = client
            .get("/me")
            .claims(claims.clone())
            .scopes(["notes:read"])
            .send();
        let jwt = matches!(
            source,
            EventSource::RestApi | EventSource::HttpApiV1 | EventSource::HttpApiV2
        );
        if jwt {
            assert_eq!(
                response.status(),
                StatusCode::OK,
                "{source:?}: {}",
                response.text()
            );
            assert_eq!(
                response.text(),
                "ann verified=true tier=3 groups=a+b",
                "{source:?}"
            );
            // Claims as API Gateway passes them: strings.
            let event_claims = if source == EventSource::HttpApiV2 {
                &response.event["requestContext"]["authorizer"]["jwt"]["claims"]
            } else {
                &response.event["requestContext"]["authorizer"]["claims"]
            };
            assert_eq!(event_claims["custom:tier"], "3", "{source:?}");
            assert_eq!(event_claims["cognito:groups"], "[a b]", "{source:?}");
        } else {
            // Function URLs (IAM only) and load balancers have no such authorizer.
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{source:?}");
            assert_eq!(
                response.json::<Value>(),
                json!({ "error": "no authorizer has identified the caller", "expected": "claims" })
            );
        }
        let response = client
            .get("/iam")
            .iam_caller("arn:aws:iam::123456789012:user/ann")
            .send();
        if matches!(source, EventSource::Alb { .. }) {
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{source:?}");
        } else {
            assert_eq!(
                response.text(),
                "arn:aws:iam::123456789012:user/ann 123456789012",
                "{source:?}"
            );
        }
        // Nobody: 401 saying how to authenticate, and the next request is served.
        let response = client.get("/me").send();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{source:?}");
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer",
            "{source:?}"
        );
        let response = client.get("/iam").send();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{source:?}");
        assert_eq!(
            response.headers()["www-authenticate"],
            "AWS4-HMAC-SHA256",
            "{source:?}"
        );
    }
}

#[test]
fn lambda_authorizer_contexts_through_the_test_client() {
    #[derive(Deserialize)]
    struct Tenant {
        #[serde(rename = "tenantId")]
        tenant_id: u64,
        admin: bool,
    }
    #[route(GET, "/tenant")]
    fn tenant(Claims(tenant): Claims<Tenant>) -> String {
        format!("{} {}", tenant.tenant_id, tenant.admin)
    }
    for source in [EventSource::RestApi, EventSource::HttpApiV2] {
        let client = TestClient::new(gatewright::api!(tenant)).source(source);
        let response = client
            .get("/tenant")
            .lambda_authorizer(json!({ "tenantId": 42, "admin": false }))
            .send();
        assert_eq!(response.text(), "42 false", "{source:?}");
        let authorizer = &response.event["requestContext"]["authorizer"];
        if source == EventSource::RestApi {
            assert_eq!(authorizer["tenantId"], "42");
            assert_eq!(authorizer["principalId"], "test-principal");
        } else {
            assert_eq!(authorizer["lambda"]["tenantId"], 42);
        }
    }
}

#[test]
fn claims_that_do_not_fit_are_a_403_naming_the_claim() {
    let client = TestClient::new(gatewright::api!(me, iam));
    let cases = [
        (
            json!({ "sub": "ann", "email_verified": "yes", "custom:tier": 1 }),
            "email_verified",
        ),
        (
            json!({ "sub": "ann", "email_verified": true, "custom:tier": 300 }),
            "custom:tier",
        ),
        (json!({ "sub": "ann", "custom:tier": 1 }), "email_verified"),
    ];
    for (claims, field) in cases {
        let response = client
            .get("/me")
            .claims(claims.clone())
            .scopes(["notes:read"])
            .send();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{claims}");
        let body: Value = response.json();
        assert_eq!(body["field"], field, "{body}");
        assert_eq!(
            body["error"],
            format!("the caller's claim `{field}` is missing or invalid"),
            "{body}"
        );
        assert!(body["reason"].is_string(), "{body}");
    }
    // A scope the handler requires and the token lacks.
    let response = client
        .get("/me")
        .claims(json!({ "sub": "ann", "email_verified": true, "custom:tier": 1 }))
        .scopes(["notes:write"])
        .send();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.headers()["www-authenticate"],
        r#"Bearer error="insufficient_scope", scope="notes:read""#
    );
    assert_eq!(
        response.json::<Value>(),
        json!({ "error": "the caller's token lacks the scope `notes:read`", "scope": "notes:read" })
    );
    // The `scope` claim of a Cognito access token, when the authorizer lists no scopes.
    let response = client
        .get("/me")
        .claims(json!({ "sub": "ann", "email_verified": true, "custom:tier": 1, "scope": "openid notes:read" }))
        .send();
    assert_eq!(response.text(), "ann verified=true tier=1 groups=");
}

#[test]
fn a_key_given_twice_counts_once_with_its_last_value() {
    // Written by hand: JSON with repeated keys can't be built with `json!`.
    let twice = br#"{"httpMethod":"GET","path":"/me","requestContext":{"authorizer":{"claims":{"sub":"first","email_verified":"x","custom:tier":"1"},"claims":{"sub":"ann","email_verified":"nope","email_verified":"true","custom:tier":"2","sub":"bob"},"scopes":["notes:read"]}}}"#;
    let response = invoke(&gatewright::api!(me), twice);
    assert_eq!(
        response["body"], "bob verified=true tier=2 groups=",
        "{response}"
    );
    // An authorizer that isn't an object is a malformed event, named.
    let bad = event(
        "GET",
        "/me",
        json!({ "requestContext": { "authorizer": ["x"] } }),
    );
    let response = invoke(&gatewright::api!(me), &bad);
    assert_eq!(response["statusCode"], 400, "{response}");
    assert!(
        response["body"]
            .as_str()
            .unwrap()
            .contains("`authorizer` is an array, not an object"),
        "{response}"
    );
}

#[test]
fn a_rest_lambda_authorizer_context_may_name_its_keys_claims_or_jwt() {
    // Context values are strings: a `claims` or `jwt` key that isn't an object is context.
    let context = event(
        "GET",
        "/x",
        json!({ "requestContext": { "authorizer": { "principalId": "p", "claims": "c", "jwt": "j" } } }),
    );
    let who = body_json(
        "context",
        &invoke(&gatewright::api!(who, who_root), &context),
    );
    assert_eq!(
        who["claims"],
        json!({ "principalId": "p", "claims": "c", "jwt": "j" })
    );
}
