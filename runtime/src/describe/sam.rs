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
//! - With an [`Authorizer`](crate::Authorizer), its settings are parameters: `UserPoolArn`
//!   (a Cognito user pool), `JwtIssuer` and `JwtAudience` (a JWT authorizer, which makes the
//!   API an `AWS::Serverless::HttpApi`), `AuthorizerFunctionArn` (a Lambda authorizer, with the
//!   permission for API Gateway to invoke it). The wiring is in the document itself
//!   (`securitySchemes` and each operation's `security`), which is what SAM's `Auth` property
//!   would have written into it.
//! - [`Build::Prebuilt`] (the default) deploys `target/lambda/<name>/`, built beforehand by
//!   `cargo lambda build --release`; [`Build::Sam`] lets `sam build` run that build itself
//!   (`CodeUri: .` and `Metadata: BuildMethod: rust-cargolambda` with the binary's name).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::openapi::{self, pascal_case, Info};
use super::yaml::to_yaml;
use crate::router::{Authorizer, RouteInfo};

/// How the function's code is built for the template.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Build {
    /// `cargo lambda build --release` beforehand; the template deploys `target/lambda/<name>/`.
    #[default]
    Prebuilt,
    /// `sam build` runs cargo-lambda itself (the `rust-cargolambda` build method, a beta
    /// feature of the SAM CLI), from the workspace the template sits in.
    Sam,
}

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
    "Metadata",
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

/// The template, as YAML, for a prebuilt function.
pub fn template(routes: &[RouteInfo], info: &Info) -> String {
    template_for(routes, info, Build::Prebuilt)
}

/// The template, as YAML, for the function built as `build` says.
pub fn template_for(routes: &[RouteInfo], info: &Info, build: Build) -> String {
    to_yaml(&template_with(routes, info, build), ORDER)
}

/// The template as a JSON value (which is also a valid template), for a prebuilt function.
pub fn template_value(routes: &[RouteInfo], info: &Info) -> Value {
    template_with(routes, info, Build::Prebuilt)
}

/// The template as a JSON value, for the function built as `build` says.
pub fn template_with(routes: &[RouteInfo], info: &Info, build: Build) -> Value {
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
    match info.forwarding.authorizer {
        Some(Authorizer::CognitoUserPool) => {
            parameters.insert(
                "UserPoolArn".into(),
                json!({
                    "Type": "String",
                    "AllowedPattern": "arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:[0-9]{12}:userpool/.+",
                    "Description": "The ARN of the Cognito user pool whose tokens the API accepts",
                }),
            );
        }
        Some(Authorizer::Jwt) => {
            parameters.insert(
                "JwtIssuer".into(),
                json!({
                    "Type": "String",
                    "AllowedPattern": "https://.+",
                    "Description": "The issuer of the tokens the API accepts (their `iss`), such as https://cognito-idp.<region>.amazonaws.com/<user pool id>",
                }),
            );
            parameters.insert(
                "JwtAudience".into(),
                json!({
                    "Type": "CommaDelimitedList",
                    "Description": "The audiences the API accepts (a token's `aud`, or `client_id` for a Cognito access token), separated by commas",
                }),
            );
        }
        Some(Authorizer::Lambda) => {
            parameters.insert(
                "AuthorizerFunctionArn".into(),
                json!({
                    "Type": "String",
                    "AllowedPattern": "arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:.+",
                    "Description": "The ARN of the Lambda token authorizer that reads the `Authorization` header",
                }),
            );
        }
        _ => {}
    }
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

    let http_api = info.is_http_api();
    let mut api_properties = json!({
        "StageName": { "Ref": "StageName" },
        "DefinitionBody": openapi::document(routes, info),
    });
    if !http_api {
        api_properties["OpenApiVersion"] = Value::from(openapi::OPENAPI_VERSION);
    }
    if !variables.is_empty() {
        let key = if http_api {
            "StageVariables"
        } else {
            "Variables"
        };
        api_properties[key] = Value::Object(variables);
    }
    let mut function_properties = json!({
        "CodeUri": format!("target/lambda/{}/", info.name),
        "Handler": "bootstrap",
        "Runtime": "provided.al2023",
        "Architectures": [{ "Ref": "Architecture" }],
    });
    let mut function_resource = json!({ "Type": "AWS::Serverless::Function" });
    if build == Build::Sam {
        function_properties["CodeUri"] = Value::from(".");
        function_resource["Metadata"] = json!({
            "BuildMethod": "rust-cargolambda",
            "BuildProperties": { "Binary": info.name },
        });
    }
    function_resource["Properties"] = function_properties;
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
            function.clone(): function_resource,
            api.clone(): {
                "Type": if http_api { "AWS::Serverless::HttpApi" } else { "AWS::Serverless::Api" },
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
    if info.forwarding.authorizer == Some(Authorizer::Lambda) {
        template["Resources"][format!("{api}AuthorizerPermission")] = json!({
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": { "Ref": "AuthorizerFunctionArn" },
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": { "Fn::Sub": format!("arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api}}}/authorizers/*") },
            },
        });
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
