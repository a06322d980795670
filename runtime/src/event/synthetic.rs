//! Events made here rather than by AWS: by the local server from HTTP requests, and by the
//! test client. Each is what the named front door would send for the same request.

use base64::Engine as _;
use serde_json::{json, Map, Value};

use super::percent::{decode_component, percent_decode};
use super::proxy_event::EventSource;

/// A request to turn into an event.
pub struct Parts<'p> {
    pub method: &'p str,
    /// The path, percent-encoded as sent.
    pub path: &'p str,
    /// The query string, percent-encoded as sent, without `?`.
    pub query: &'p str,
    pub headers: &'p [(String, String)],
    pub body: &'p [u8],
    pub stage: &'p str,
    pub stage_variables: &'p [(String, String)],
    pub request_id: &'p str,
    pub source_ip: &'p str,
    pub identity: &'p Identity,
}

/// What an authorizer said about the caller, put where `source`'s authorizer puts it.
#[derive(Clone, Debug, Default)]
pub struct Identity {
    /// A Cognito user pool's or JWT authorizer's claims.
    pub claims: Option<Map<String, Value>>,
    /// The token's scopes.
    pub scopes: Option<Vec<String>>,
    /// A Lambda authorizer's context.
    pub lambda: Option<Map<String, Value>>,
    /// The ARN of an IAM caller.
    pub iam_arn: Option<String>,
}

impl Identity {
    /// `requestContext.authorizer` of a REST API or HTTP API 1.0 event: claims and context
    /// values as strings, as API Gateway passes them.
    fn v1_authorizer(&self) -> Value {
        let mut authorizer = Map::new();
        if let Some(claims) = &self.claims {
            authorizer.insert("claims".into(), Value::Object(stringified(claims)));
            authorizer.insert(
                "scopes".into(),
                self.scopes
                    .as_ref()
                    .map_or(Value::Null, |scopes| json!(scopes)),
            );
        } else if let Some(scopes) = &self.scopes {
            authorizer.insert("claims".into(), json!({}));
            authorizer.insert("scopes".into(), json!(scopes));
        }
        if let Some(context) = &self.lambda {
            authorizer.insert("principalId".into(), Value::from("test-principal"));
            authorizer.extend(stringified(context));
        }
        if authorizer.is_empty() {
            Value::Null
        } else {
            Value::Object(authorizer)
        }
    }

    /// `requestContext.identity` of a REST API or HTTP API 1.0 event.
    fn v1_identity(&self, source_ip: &str) -> Value {
        let mut identity = json!({ "sourceIp": source_ip });
        if let Some(arn) = &self.iam_arn {
            identity["userArn"] = Value::from(arn.as_str());
            identity["accountId"] = Value::from(account_of(arn));
            identity["user"] = Value::from("AIDATESTCALLER");
            identity["caller"] = Value::from("AIDATESTCALLER");
            identity["accessKey"] = Value::from("AKIATESTCALLER");
        }
        identity
    }

    /// `requestContext.authorizer` of a payload 2.0 event; a Function URL has IAM only.
    fn v2_authorizer(&self, source: EventSource) -> Value {
        let mut authorizer = Map::new();
        let http_api = source == EventSource::HttpApiV2;
        if http_api && (self.claims.is_some() || self.scopes.is_some()) {
            let claims = self.claims.as_ref().map(stringified).unwrap_or_default();
            authorizer.insert(
                "jwt".into(),
                json!({ "claims": claims, "scopes": self.scopes.as_ref().map_or(Value::Null, |s| json!(s)) }),
            );
        }
        if let (true, Some(context)) = (http_api, &self.lambda) {
            authorizer.insert("lambda".into(), Value::Object(context.clone()));
        }
        if let Some(arn) = &self.iam_arn {
            authorizer.insert(
                "iam".into(),
                json!({
                    "accessKey": "AKIATESTCALLER",
                    "accountId": account_of(arn),
                    "callerId": "AIDATESTCALLER",
                    "cognitoIdentity": null,
                    "principalOrgId": null,
                    "userArn": arn,
                    "userId": "AIDATESTCALLER",
                }),
            );
        }
        if authorizer.is_empty() {
            Value::Null
        } else {
            Value::Object(authorizer)
        }
    }
}

/// The account of an ARN (`arn:aws:iam::123456789012:user/ann`), or empty.
fn account_of(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}

/// Every value as API Gateway passes claims and REST Lambda authorizer context: a string as
/// it is, an array as `[a b]`, anything else as its JSON text.
fn stringified(map: &Map<String, Value>) -> Map<String, Value> {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    map.iter()
        .map(|(name, value)| {
            let value = match value {
                Value::Array(items) => {
                    format!("[{}]", items.iter().map(text).collect::<Vec<_>>().join(" "))
                }
                other => text(other),
            };
            (name.clone(), Value::String(value))
        })
        .collect()
}

/// A query string component that isn't valid percent-encoded UTF-8.
#[derive(Debug)]
pub struct BadQuery(pub String);

/// The event `source` would send for `parts`.
pub fn event(source: EventSource, parts: &Parts<'_>) -> Result<Value, BadQuery> {
    let (body, is_base64) = match std::str::from_utf8(parts.body) {
        _ if parts.body.is_empty() => (Value::Null, false),
        Ok(text) => (Value::String(text.to_owned()), false),
        Err(_) => (
            Value::String(base64::engine::general_purpose::STANDARD.encode(parts.body)),
            true,
        ),
    };
    let stage_variables = if parts.stage_variables.is_empty() {
        Value::Null
    } else {
        Value::Object(
            parts
                .stage_variables
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    };
    let event = match source {
        EventSource::HttpApiV2 | EventSource::FunctionUrl => {
            let (cookies, headers): (Vec<_>, Vec<_>) = parts
                .headers
                .iter()
                .partition(|(name, _)| name.eq_ignore_ascii_case("cookie"));
            let mut joined: Map<String, Value> = Map::new();
            for (name, value) in headers {
                let name = name.to_ascii_lowercase();
                let value = match joined.get(&name) {
                    Some(Value::String(previous)) => format!("{previous},{value}"),
                    _ => value.clone(),
                };
                joined.insert(name, Value::String(value));
            }
            let cookies: Vec<&str> = cookies
                .iter()
                .flat_map(|(_, value)| value.split("; "))
                .collect();
            let domain = match source {
                EventSource::FunctionUrl => "local.lambda-url.us-east-1.on.aws",
                _ => "local.execute-api.us-east-1.amazonaws.com",
            };
            let (stage, raw_path) = match source {
                EventSource::HttpApiV2 if parts.stage != "$default" => {
                    (parts.stage, format!("/{}{}", parts.stage, parts.path))
                }
                _ => ("$default", parts.path.to_owned()),
            };
            let raw_path = match source {
                // HTTP APIs hand the path over decoded.
                EventSource::HttpApiV2 => decode_path(&raw_path),
                _ => raw_path,
            };
            json!({
                "version": "2.0",
                "routeKey": "$default",
                "rawPath": raw_path,
                "rawQueryString": parts.query,
                "cookies": if cookies.is_empty() { Value::Null } else { json!(cookies) },
                "headers": joined,
                "queryStringParameters": query_map(parts.query, false)?.0,
                "stageVariables": if source == EventSource::FunctionUrl { Value::Null } else { stage_variables },
                "requestContext": {
                    "requestId": parts.request_id,
                    "stage": stage,
                    "domainName": domain,
                    "authorizer": parts.identity.v2_authorizer(source),
                    "http": {
                        "method": parts.method,
                        "path": parts.path,
                        "sourceIp": parts.source_ip,
                    },
                },
                "body": body,
                "isBase64Encoded": is_base64,
            })
        }
        EventSource::Alb {
            multi_value_headers,
        } => {
            let (single, multi) = header_maps(parts.headers);
            let (query_single, query_multi) = query_map(parts.query, true)?;
            let mut event = json!({
                "httpMethod": parts.method,
                "path": parts.path,
                "requestContext": { "elb": { "targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/local/0" } },
                "body": body,
                "isBase64Encoded": is_base64,
            });
            if multi_value_headers {
                event["multiValueHeaders"] = multi;
                event["multiValueQueryStringParameters"] = query_multi;
            } else {
                event["headers"] = single;
                event["queryStringParameters"] = query_single;
            }
            event
        }
        _ => {
            let (single, multi) = header_maps(parts.headers);
            let (query_single, query_multi) = query_map(parts.query, false)?;
            json!({
                "httpMethod": parts.method,
                "path": parts.path,
                "headers": single,
                "multiValueHeaders": multi,
                "queryStringParameters": query_single,
                "multiValueQueryStringParameters": query_multi,
                "stageVariables": stage_variables,
                "requestContext": {
                    "requestId": parts.request_id,
                    "stage": parts.stage,
                    "path": parts.path,
                    "httpMethod": parts.method,
                    "identity": parts.identity.v1_identity(parts.source_ip),
                    "authorizer": parts.identity.v1_authorizer(),
                },
                "body": body,
                "isBase64Encoded": is_base64,
            })
        }
    };
    Ok(event)
}

fn decode_path(path: &str) -> String {
    percent_decode(path).map_or_else(|| path.to_owned(), |decoded| decoded.into_owned())
}

/// The single-value and multi-value header maps of a REST API or load balancer event.
fn header_maps(headers: &[(String, String)]) -> (Value, Value) {
    let mut single = Map::new();
    let mut multi: Map<String, Value> = Map::new();
    for (name, value) in headers {
        single.insert(name.clone(), Value::String(value.clone()));
        if let Value::Array(values) = multi
            .entry(name.clone())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value.clone()));
        }
    }
    (Value::Object(single), Value::Object(multi))
}

/// The single-value and multi-value query maps; `encoded` keeps the values as sent, as load
/// balancers do, where API Gateway decodes them. `null` when there is no query.
fn query_map(query: &str, encoded: bool) -> Result<(Value, Value), BadQuery> {
    let mut single = Map::new();
    let mut multi: Map<String, Value> = Map::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = if encoded {
            (name.to_owned(), value.to_owned())
        } else {
            match (decode_component(name), decode_component(value)) {
                (Some(name), Some(value)) => (name.into_owned(), value.into_owned()),
                _ => return Err(BadQuery(pair.to_owned())),
            }
        };
        single.insert(name.clone(), Value::String(value.clone()));
        if let Value::Array(values) = multi
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            values.push(Value::String(value));
        }
    }
    if single.is_empty() {
        return Ok((Value::Null, Value::Null));
    }
    Ok((Value::Object(single), Value::Object(multi)))
}
