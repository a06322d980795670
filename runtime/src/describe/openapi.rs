//! `hello openapi`: the OpenAPI 3.0 document of an API, ready for API Gateway.
//!
//! Made from the compiled route table ([`Api::routes`](crate::Api::routes)), so it can't drift
//! from the code:
//!
//! - one path per template in API Gateway's syntax (`/users/{id}`, `/{proxy+}`), one operation
//!   per method, with the handler's name as `operationId` (`name_get`, `name_post` for a route
//!   with several methods; the path it was listed by when two handlers share a name) and its
//!   doc comment as `summary` (first paragraph) and `description`;
//! - parameters for path segments, `#[query]` and `#[header]` arguments, with the schemas their
//!   types describe ([`Describe`](crate::Describe); arrays for `Vec<T>`), required unless the
//!   type is `Option<T>` or `Vec<T>`; the request body of `Json<T>` (`{}` when `T` doesn't
//!   implement `Describe`) or `RawBody` (the `Json<T>`'s when a handler takes both, since they
//!   read the same bytes); stage variables in `x-gatewright-stage-variables`;
//! - the responses the return type describes ([`DescribeResponse`](crate::DescribeResponse)),
//!   `default` where the status (or the whole response) is chosen at run time, and on every
//!   operation the `400` and `500` that gatewright itself answers, with their JSON body;
//! - on every operation `x-amazon-apigateway-integration`: `aws_proxy`, `POST`, and the
//!   function's invoke ARN as `Fn::Sub` over the SAM template's function (logical id
//!   `<Name>Function`), which CloudFormation resolves where the document is the API's
//!   `DefinitionBody` (see [`sam`](crate::sam));
//! - an `ANY` route as `x-amazon-apigateway-any-method`, and on every other path an
//!   `x-amazon-apigateway-any-method` that only forwards to the function, so that API Gateway
//!   sends every method to the router, which answers exactly as it does locally (`405` with
//!   `Allow`, or an `ANY /<proxy+>` route that also matches the path) instead of API Gateway's
//!   own `403`;
//! - `x-amazon-apigateway-binary-media-types` for the content types of binary responses
//!   (`Vec<u8>`), so that API Gateway decodes their base64.
//!
//! Paths no route matches are still answered by API Gateway (`403`) rather than by the
//! router's `404`, unless a route such as `ANY /<proxy+>` covers them.

use std::collections::BTreeMap;

use http::StatusCode;
use serde_json::{json, Map, Value};

use super::routes_table::handler_name;
use super::schema::rejection_schema;
use crate::router::{ArgSource, Forwarding, ResponseDoc, RouteInfo};

/// The OpenAPI version of the document (the SAM template names it too).
pub(crate) const OPENAPI_VERSION: &str = "3.0.3";

/// What the document says about the API as a whole.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Info {
    /// The API's name: the binary's, such as `hello`. The SAM template's logical ids are made
    /// from it (`HelloFunction`, `HelloApi`).
    pub name: String,
    /// Its version, such as the package's.
    pub version: String,
    /// A description, such as the package's.
    pub description: Option<String>,
    /// What the API answers beyond its routes ([`Api::forwarding`](crate::Api)): CORS
    /// preflights, its own `404` for unmatched paths.
    pub forwarding: Forwarding,
}

impl Info {
    /// An API called `name` at `version`.
    pub fn new(name: impl Into<String>, version: impl Into<String>) -> Self {
        Info {
            name: name.into(),
            version: version.into(),
            description: None,
            forwarding: Forwarding::default(),
        }
    }

    /// With what the API answers beyond its routes.
    pub fn forwarding(mut self, forwarding: Forwarding) -> Self {
        self.forwarding = forwarding;
        self
    }

    /// With a description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into()).filter(|d| !d.is_empty());
        self
    }

    /// The CloudFormation logical id of the function: `hello` → `HelloFunction`.
    pub fn function_id(&self) -> String {
        format!("{}Function", pascal_case(&self.name))
    }

    /// The CloudFormation logical id of the REST API: `hello` → `HelloApi`.
    pub fn api_id(&self) -> String {
        format!("{}Api", pascal_case(&self.name))
    }
}

/// `hello-world_api` → `HelloWorldApi`; `API` if nothing alphanumeric is left.
pub(crate) fn pascal_case(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "Api");
    }
    out
}

/// The OpenAPI 3.0 document, keys sorted so that the text is the same however it is built.
pub fn document(routes: &[RouteInfo], info: &Info) -> Value {
    let integration = integration(info);
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut binary_types: Vec<&'static str> = Vec::new();
    for route in routes {
        let item = paths.entry(route.api_gateway_path()).or_default();
        let responses = route.responses();
        for response in &responses {
            if let (true, Some(content_type)) = (response.is_binary(), response.content_type) {
                if !binary_types.contains(&content_type) {
                    binary_types.push(content_type);
                }
            }
        }
        let base_id = operation_id_base(route, routes);
        if route.is_any() {
            item.insert(
                "x-amazon-apigateway-any-method".into(),
                operation(route, &responses, base_id, &integration),
            );
            continue;
        }
        for method in route.methods() {
            let id = if route.methods().len() > 1 {
                format!("{base_id}_{}", method.to_ascii_lowercase())
            } else {
                base_id.clone()
            };
            item.insert(
                method.to_ascii_lowercase(),
                operation(route, &responses, id, &integration),
            );
        }
    }
    let other_methods = if info.forwarding.preflight {
        json!({
            "summary": "CORS preflights and any other method: forwarded to the function, which answers preflights with this path's methods and anything else `405` with `Allow` unless another route matches",
            "responses": {
                "204": { "description": "A CORS preflight from an allowed origin" },
                "405": { "description": "This path does not take this method", "content": rejection_content() },
            },
            "x-amazon-apigateway-integration": integration.clone(),
        })
    } else {
        json!({
            "summary": "Any other method: forwarded to the function, whose router answers `405` with `Allow` unless another route matches",
            "responses": { "405": { "description": "This path does not take this method", "content": rejection_content() } },
            "x-amazon-apigateway-integration": integration.clone(),
        })
    };
    if info.forwarding.unmatched {
        add_unmatched(&mut paths, &integration);
    }
    for item in paths.values_mut() {
        item.entry("x-amazon-apigateway-any-method")
            .or_insert_with(|| other_methods.clone());
    }
    let mut info_object = json!({ "title": info.name, "version": info.version });
    if let Some(description) = &info.description {
        info_object["description"] = Value::from(description.as_str());
    }
    let mut document = json!({
        "openapi": OPENAPI_VERSION,
        "info": info_object,
        "paths": paths,
        "components": { "schemas": { "Rejection": rejection_schema() } },
    });
    if !binary_types.is_empty() {
        document["x-amazon-apigateway-binary-media-types"] = json!(binary_types);
    }
    sorted(document)
}

/// Paths no route has, sent to the function so that its catcher answers them (API Gateway
/// would answer `403` itself): the root and `/{proxy+}`, where no route already takes them.
fn add_unmatched(paths: &mut BTreeMap<String, Map<String, Value>>, integration: &Value) {
    let unmatched = |parameters: Value| {
        json!({
            "summary": "Paths no route has: forwarded to the function, which answers `404` with the API's own body",
            "parameters": parameters,
            "responses": { "404": { "description": "No route has this path", "content": rejection_content() } },
            "x-amazon-apigateway-integration": integration,
        })
    };
    paths
        .entry("/".to_owned())
        .or_default()
        .entry("x-amazon-apigateway-any-method")
        .or_insert_with(|| unmatched(json!([])));
    let greedy_at_root = paths
        .keys()
        .any(|path| path.starts_with("/{") && path.ends_with("+}") && !path[1..].contains('/'));
    if !greedy_at_root {
        paths.insert(
            "/{proxy+}".to_owned(),
            Map::from_iter([(
                "x-amazon-apigateway-any-method".to_owned(),
                unmatched(json!([{ "name": "proxy", "in": "path", "required": true, "schema": { "type": "string" } }])),
            )]),
        );
    }
}

/// `aws_proxy` to the SAM template's function.
fn integration(info: &Info) -> Value {
    json!({
        "type": "aws_proxy",
        "httpMethod": "POST",
        "uri": {
            "Fn::Sub": format!(
                "arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{}.Arn}}/invocations",
                info.function_id()
            )
        },
    })
}

fn operation_id_base(route: &RouteInfo, routes: &[RouteInfo]) -> String {
    handler_name(route, routes).replace("::", "_")
}

fn rejection_content() -> Value {
    json!({ "application/json": { "schema": { "$ref": "#/components/schemas/Rejection" } } })
}

fn operation(
    route: &RouteInfo,
    responses: &[ResponseDoc],
    operation_id: String,
    integration: &Value,
) -> Value {
    let mut operation = Map::new();
    operation.insert("operationId".into(), Value::from(operation_id));
    let summary = route.summary();
    if !summary.is_empty() {
        operation.insert("summary".into(), Value::from(summary.as_str()));
    }
    if route.doc().len() > summary.len() {
        operation.insert("description".into(), Value::from(route.doc()));
    }
    let mut parameters = Vec::new();
    let mut stage_variables = Vec::new();
    for arg in route.args() {
        let location = match arg.source() {
            ArgSource::Path | ArgSource::Greedy => "path",
            ArgSource::Query => "query",
            ArgSource::Header => "header",
            ArgSource::Stage => {
                stage_variables.push(json!({ "name": arg.name(), "required": arg.required() }));
                continue;
            }
            ArgSource::Body => {
                let content_type = arg.content_type().unwrap_or("application/octet-stream");
                // `RawBody` next to `Json<T>` reads the same bytes: the JSON is what is sent.
                if content_type == "application/octet-stream"
                    && operation.contains_key("requestBody")
                {
                    continue;
                }
                operation.insert(
                    "requestBody".into(),
                    json!({
                        "required": arg.required(),
                        "content": { content_type: { "schema": arg.schema() } },
                    }),
                );
                continue;
            }
            _ => continue,
        };
        parameters.push(json!({
            "name": arg.name(),
            "in": location,
            "required": arg.required(),
            "schema": arg.schema(),
        }));
    }
    if !parameters.is_empty() {
        operation.insert("parameters".into(), Value::from(parameters));
    }
    if !stage_variables.is_empty() {
        operation.insert(
            "x-gatewright-stage-variables".into(),
            Value::from(stage_variables),
        );
    }
    operation.insert("responses".into(), responses_object(responses));
    operation.insert(
        "x-amazon-apigateway-integration".into(),
        integration.clone(),
    );
    Value::Object(operation)
}

fn responses_object(responses: &[ResponseDoc]) -> Value {
    let mut out: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    if responses.is_empty() {
        out.entry("default".into()).or_default().insert(
            "description".into(),
            Value::from("The handler's response; its type doesn't describe itself (implement `gatewright::DescribeResponse`)"),
        );
    }
    // Several bodies of one content type under one status: `oneOf`.
    let mut bodies: BTreeMap<(String, &str), Vec<Value>> = BTreeMap::new();
    for response in responses {
        let status = match response.status {
            Some(status) => status.as_u16().to_string(),
            None => "default".to_owned(),
        };
        let description = match response.status {
            Some(status) => status.canonical_reason().unwrap_or("Response").to_owned(),
            None => "A status the handler chooses at run time".to_owned(),
        };
        out.entry(status.clone())
            .or_default()
            .entry("description")
            .or_insert(Value::from(description));
        if let (Some(content_type), Some(schema)) = (response.content_type, &response.schema) {
            let schemas = bodies.entry((status, content_type)).or_default();
            if !schemas.contains(schema) {
                schemas.push(schema.clone());
            }
        }
    }
    for ((status, content_type), mut schemas) in bodies {
        let schema = if schemas.len() == 1 {
            schemas.remove(0)
        } else {
            json!({ "oneOf": schemas })
        };
        let response = out.entry(status).or_default();
        let content = response
            .entry("content")
            .or_insert_with(|| Value::Object(Map::new()));
        content[content_type] = json!({ "schema": schema });
    }
    for (status, description) in [
        (StatusCode::BAD_REQUEST, "The request is malformed, or an argument is missing or doesn't parse; the JSON body names it"),
        (StatusCode::INTERNAL_SERVER_ERROR, "The handler panicked, or the stage lacks a stage variable the handler requires; the function's log says which"),
    ] {
        out.entry(status.as_u16().to_string()).or_insert_with(|| {
            let mut response = Map::new();
            response.insert("description".into(), Value::from(description));
            response.insert("content".into(), rejection_content());
            response
        });
    }
    json!(out)
}

/// The same value with every object's keys in sorted order, whether or not `serde_json`
/// preserves insertion order in this build.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let entries: BTreeMap<String, Value> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(entries.into_iter().collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logical_ids_are_pascal_case() {
        for (name, id) in [
            ("hello", "HelloFunction"),
            ("my-api_v2", "MyApiV2Function"),
            ("9lives", "Api9livesFunction"),
            ("--", "ApiFunction"),
        ] {
            assert_eq!(Info::new(name, "1").function_id(), id);
        }
    }
}
