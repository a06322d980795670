//! `hello sam`: an AWS SAM template that deploys the API, as YAML.
//!
//! - One `AWS::Serverless::Function` (`<Name>Function`): `Runtime: provided.al2023`,
//!   `Handler: bootstrap`, `CodeUri: target/lambda/<name>/` (where `cargo lambda build
//!   --release` puts the binary; the template is meant to sit at the workspace root), and
//!   `Architectures` from the `Architecture` parameter (`x86_64`, or `arm64` for
//!   `cargo lambda build --release --arm64`).
//! - One `AWS::Serverless::Api` (`<Name>Api`), a REST API whose `DefinitionBody` is the
//!   [OpenAPI document](crate::openapi) itself, rather than one `Api` event per route: the
//!   document is then the single description of the API, the one the docs show and the one
//!   API Gateway runs, with parameters, schemas, binary media types and the `ANY` forwarding
//!   that keeps routing decisions in the compiled router. Per-route events would make SAM
//!   write a second, poorer description of the same routes (no parameters, no schemas). The
//!   price is one explicit `AWS::Lambda::Permission` for API Gateway to invoke the function,
//!   which events would have added.
//! - Every stage variable a handler reads (`#[stage]`) is a stage variable of the API's stage
//!   and a template parameter (`StageVariable<Name>`): a required one has no default, so
//!   `sam deploy` refuses to go on without a value, and its `AllowedPattern` follows the
//!   argument's type (digits for an integer, `true|false` for a `bool`), so a bad value is
//!   caught before deploying too. An optional one defaults to empty, which leaves it unset.
//! - `StageName` names the stage; the `ApiUrl` output is the stage's URL.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::openapi::{self, pascal_case, Info};
use super::yaml::to_yaml;
use crate::router::RouteInfo;

/// The characters API Gateway allows in a stage variable's value.
const STAGE_VALUE: &str = "[A-Za-z0-9-._~:/?#&=,]";

/// Keys in the order a person reads a template; others follow, sorted.
const ORDER: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Transform",
    "Description",
    "Parameters",
    "Conditions",
    "Resources",
    "Outputs",
    "Type",
    "Description",
    "Default",
    "AllowedValues",
    "AllowedPattern",
    "Properties",
    "CodeUri",
    "Handler",
    "Runtime",
    "Architectures",
    "StageName",
    "openapi",
    "info",
    "paths",
];

/// A stage variable read by the handlers.
struct StageVariable {
    required: bool,
    schema: Value,
    handlers: Vec<&'static str>,
}

/// The template, as YAML.
pub fn template(routes: &[RouteInfo], info: &Info) -> String {
    to_yaml(&template_value(routes, info), ORDER)
}

/// The template as a JSON value (which is also a valid template).
pub fn template_value(routes: &[RouteInfo], info: &Info) -> Value {
    let function = info.function_id();
    let api = info.api_id();
    let mut stage_variables: BTreeMap<&'static str, StageVariable> = BTreeMap::new();
    for route in routes {
        for arg in route.args() {
            if arg.source() != crate::router::ArgSource::Stage {
                continue;
            }
            let variable = stage_variables.entry(arg.name()).or_insert(StageVariable {
                required: false,
                schema: arg.schema(),
                handlers: Vec::new(),
            });
            variable.required |= arg.required();
            if !variable.handlers.contains(&route.handler()) {
                variable.handlers.push(route.handler());
            }
        }
    }

    let mut parameters = Map::new();
    parameters.insert(
        "Architecture".into(),
        json!({
            "Type": "String",
            "Default": "x86_64",
            "AllowedValues": ["x86_64", "arm64"],
            "Description": "The function's instruction set: x86_64 for `cargo lambda build --release`, arm64 for `cargo lambda build --release --arm64`",
        }),
    );
    parameters.insert(
        "StageName".into(),
        json!({
            "Type": "String",
            "Default": "prod",
            "AllowedPattern": "[A-Za-z0-9_]+",
            "Description": "The name of the API's stage, the first segment of its URL's path",
        }),
    );
    let mut conditions = Map::new();
    let mut variables = Map::new();
    let mut parameter_names: Vec<String> = Vec::new();
    for (name, variable) in &stage_variables {
        let base = format!("StageVariable{}", pascal_case(name));
        let mut parameter = base.clone();
        let mut suffix = 2;
        while parameter_names.contains(&parameter) {
            parameter = format!("{base}{suffix}");
            suffix += 1;
        }
        parameter_names.push(parameter.clone());
        let handlers: Vec<String> = variable.handlers.iter().map(|h| format!("`{h}`")).collect();
        let description = format!(
            "Stage variable `{name}`, {} by {}",
            if variable.required {
                "required"
            } else {
                "read (optional)"
            },
            handlers.join(", ")
        );
        if variable.required {
            parameters.insert(
                parameter.clone(),
                json!({
                    "Type": "String",
                    "AllowedPattern": allowed_pattern(&variable.schema),
                    "Description": description,
                }),
            );
            variables.insert((*name).into(), json!({ "Ref": parameter }));
        } else {
            parameters.insert(
                parameter.clone(),
                json!({
                    "Type": "String",
                    "Default": "",
                    "AllowedPattern": format!("({})?", allowed_pattern(&variable.schema)),
                    "Description": format!("{description}; leave empty to leave it unset"),
                }),
            );
            let condition = format!("Has{parameter}");
            conditions.insert(
                condition.clone(),
                json!({ "Fn::Not": [{ "Fn::Equals": [{ "Ref": parameter }, ""] }] }),
            );
            variables.insert(
                (*name).into(),
                json!({ "Fn::If": [condition, { "Ref": parameter }, { "Ref": "AWS::NoValue" }] }),
            );
        }
    }

    let mut api_properties = json!({
        "StageName": { "Ref": "StageName" },
        "OpenApiVersion": openapi::OPENAPI_VERSION,
        "DefinitionBody": openapi::document(routes, info),
    });
    if !variables.is_empty() {
        api_properties["Variables"] = Value::Object(variables);
    }
    let description = match &info.description {
        Some(description) => format!("{} ({description})", info.name),
        None => format!("The {} API", info.name),
    };
    let mut template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Transform": "AWS::Serverless-2016-10-31",
        "Description": format!("{description}: generated by `{} sam` from its compiled route table", info.name),
        "Parameters": parameters,
        "Resources": {
            function.clone(): {
                "Type": "AWS::Serverless::Function",
                "Properties": {
                    "CodeUri": format!("target/lambda/{}/", info.name),
                    "Handler": "bootstrap",
                    "Runtime": "provided.al2023",
                    "Architectures": [{ "Ref": "Architecture" }],
                },
            },
            api.clone(): {
                "Type": "AWS::Serverless::Api",
                "Properties": api_properties,
            },
            format!("{api}Permission"): {
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": { "Ref": function },
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": { "Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/*") },
                },
            },
        },
        "Outputs": {
            "ApiUrl": {
                "Description": "The URL of the API's stage",
                "Value": { "Fn::Sub": format!("https://${{{api}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/${{StageName}}/") },
            },
        },
    });
    if !conditions.is_empty() {
        template["Conditions"] = Value::Object(conditions);
    }
    template
}

/// What a value of this schema looks like as a stage variable.
fn allowed_pattern(schema: &Value) -> String {
    let unsigned = schema
        .get("minimum")
        .and_then(Value::as_f64)
        .is_some_and(|min| min >= 0.0);
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") if unsigned => "[0-9]+".to_owned(),
        Some("integer") => "-?[0-9]+".to_owned(),
        Some("number") => "-?[0-9]+(.[0-9]+)?([eE][-+]?[0-9]+)?".to_owned(),
        Some("boolean") => "true|false".to_owned(),
        _ => format!("{STAGE_VALUE}+"),
    }
}
