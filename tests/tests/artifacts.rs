//! The deploy artifacts of `examples/hello` (`hello routes`, `hello openapi`, `hello sam`),
//! checked in under `tests/snapshots/` and compared here; CI compares the binary's own output
//! to the same files. `GATEWRIGHT_BLESS=1 cargo test -p gatewright-tests --test artifacts`
//! rewrites them after an intended change.
//!
//! And the promise behind them: a route added to an API shows up in all three without any
//! other edit.

use gatewright::openapi::{self, Info};
use gatewright::prelude::*;
use gatewright::{routes_table, sam, Describe, RouteInfo};
use gatewright_tests::hello_api;
use serde_json::{json, Value};

/// The routes of `examples/hello`, compiled in here so that `api!` can list them with more.
#[path = "../../examples/hello/src/routes.rs"]
mod hello;

/// What the `hello` binary passes: its name, and its package's version and description.
fn hello_info() -> Info {
    let manifest = include_str!("../../examples/hello/Cargo.toml");
    let description = manifest
        .lines()
        .find_map(|line| line.strip_prefix("description = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("examples/hello/Cargo.toml has a description");
    Info::new("hello", env!("CARGO_PKG_VERSION")).description(description)
}

fn openapi_text(routes: &[RouteInfo], info: &Info) -> String {
    let mut text = serde_json::to_string_pretty(&openapi::document(routes, info)).unwrap();
    text.push('\n');
    text
}

fn check_snapshot(name: &str, actual: &str) {
    let path = format!("{}/snapshots/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("GATEWRIGHT_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("{path}: {err}; run with GATEWRIGHT_BLESS=1 to create it"));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{path} differs from the output, first at line {}:\n  snapshot: {:?}\n  output:   {:?}\n\
             rerun with GATEWRIGHT_BLESS=1 if the change is intended",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn routes_table_snapshot() {
    check_snapshot(
        "hello.routes.txt",
        &routes_table::render(hello_api().routes()),
    );
}

#[test]
fn openapi_snapshot() {
    check_snapshot(
        "hello.openapi.json",
        &openapi_text(hello_api().routes(), &hello_info()),
    );
}

#[test]
fn sam_snapshot() {
    check_snapshot(
        "hello.sam.yaml",
        &sam::template(hello_api().routes(), &hello_info()),
    );
}

/// What the `notes` binary passes, its layers' forwarding (CORS, the catcher, the Cognito user
/// pool authorizer) included.
fn notes_info(forwarding: gatewright::Forwarding) -> Info {
    let manifest = include_str!("../../examples/notes/Cargo.toml");
    let description = manifest
        .lines()
        .find_map(|line| line.strip_prefix("description = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("examples/notes/Cargo.toml has a description");
    Info::new("notes", env!("CARGO_PKG_VERSION"))
        .description(description)
        .forwarding(forwarding)
}

#[test]
fn notes_snapshots() {
    let api = notes::api_with(&notes::Config::from_env());
    let info = notes_info(api.forwarding());
    check_snapshot("notes.openapi.json", &openapi_text(api.routes(), &info));
    check_snapshot("notes.sam.yaml", &sam::template(api.routes(), &info));
}

#[test]
fn the_authorizer_is_wired_to_every_route_but_the_open_ones() {
    let api = notes::api_with(&notes::Config::from_env());
    let info = notes_info(api.forwarding());
    let document = openapi::document(api.routes(), &info);
    let scheme = &document["components"]["securitySchemes"]["cognito"];
    assert_eq!(scheme["x-amazon-apigateway-authtype"], "cognito_user_pools");
    assert_eq!(
        scheme["x-amazon-apigateway-authorizer"]["providerARNs"],
        json!([{ "Ref": "UserPoolArn" }])
    );
    let paths = &document["paths"];
    assert_eq!(
        paths["/v1/notes"]["get"]["security"],
        json!([{ "cognito": ["notes/read"] }])
    );
    assert_eq!(
        paths["/v1/notes"]["post"]["security"],
        json!([{ "cognito": ["notes/write"] }])
    );
    assert!(paths["/v1/notes"]["get"]["responses"]["401"]["description"].is_string());
    // Open: the health check, and what is only forwarded (preflights, unmatched paths).
    assert_eq!(paths["/health"]["get"].get("security"), None);
    assert_eq!(
        paths["/v1/notes"]["x-amazon-apigateway-any-method"].get("security"),
        None
    );
    assert_eq!(
        paths["/{proxy+}"]["x-amazon-apigateway-any-method"].get("security"),
        None
    );
    let template = sam::template_value(api.routes(), &info);
    assert_eq!(template["Parameters"]["UserPoolArn"]["Type"], "String");
    assert_eq!(
        template["Resources"]["NotesApi"]["Type"],
        "AWS::Serverless::Api"
    );
}

#[route(GET, "/me", scopes = ["profile"])]
fn me(
    gatewright::Claims(claims): gatewright::Claims<std::collections::BTreeMap<String, String>>,
) -> Json<Value> {
    Json(json!(claims))
}

#[route(GET, "/avatar")]
fn avatar() -> Vec<u8> {
    Vec::new()
}

#[test]
fn each_authorizer_has_its_scheme_and_parameters() {
    use gatewright::Authorizer;
    for (authorizer, scheme, parameters, api_type) in [
        (
            Authorizer::CognitoUserPool,
            "cognito",
            &["UserPoolArn"][..],
            "AWS::Serverless::Api",
        ),
        (
            Authorizer::Jwt,
            "jwt",
            &["JwtAudience", "JwtIssuer"][..],
            "AWS::Serverless::HttpApi",
        ),
        (
            Authorizer::Lambda,
            "lambda",
            &["AuthorizerFunctionArn"][..],
            "AWS::Serverless::Api",
        ),
        (Authorizer::Iam, "sigv4", &[][..], "AWS::Serverless::Api"),
    ] {
        let api = gatewright::api!(me, avatar).authorizer(authorizer);
        let info = Info::new("auth", "1").forwarding(api.forwarding());
        let document = openapi::document(api.routes(), &info);
        let schemes = &document["components"]["securitySchemes"];
        assert!(schemes[scheme].is_object(), "{authorizer:?}: {schemes}");
        // Scopes only where the authorizer checks them.
        let scopes = if matches!(authorizer, Authorizer::CognitoUserPool | Authorizer::Jwt) {
            json!(["profile"])
        } else {
            json!([])
        };
        assert_eq!(
            document["paths"]["/me"]["get"]["security"],
            json!([{ scheme: scopes }]),
            "{authorizer:?}"
        );
        assert_eq!(
            document["paths"]["/avatar"]["get"]["security"],
            json!([{ scheme: [] }]),
            "{authorizer:?}"
        );
        let http_api = authorizer == Authorizer::Jwt;
        assert_eq!(
            document["paths"]["/me"]["get"]["x-amazon-apigateway-integration"]
                ["payloadFormatVersion"],
            if http_api { json!("2.0") } else { Value::Null },
            "{authorizer:?}"
        );
        // HTTP APIs pass binary bodies through; REST APIs need the media types.
        assert_eq!(
            document
                .get("x-amazon-apigateway-binary-media-types")
                .is_some(),
            !http_api,
            "{authorizer:?}"
        );
        let template = sam::template_value(api.routes(), &info);
        for parameter in parameters {
            assert!(
                template["Parameters"][parameter].is_object(),
                "{authorizer:?}: {parameter}"
            );
        }
        assert_eq!(
            template["Resources"]["AuthApi"]["Type"], api_type,
            "{authorizer:?}"
        );
        assert_eq!(
            template["Resources"]["AuthApiAuthorizerPermission"].is_object(),
            authorizer == Authorizer::Lambda,
            "{authorizer:?}"
        );
    }
}

#[test]
fn sam_build_form() {
    let template = sam::template_with(hello_api().routes(), &hello_info(), sam::Build::Sam);
    let function = &template["Resources"]["HelloFunction"];
    assert_eq!(function["Properties"]["CodeUri"], ".");
    assert_eq!(
        function["Metadata"],
        json!({ "BuildMethod": "rust-cargolambda", "BuildProperties": { "Binary": "hello" } })
    );
    // Everything else is the prebuilt form's.
    let mut prebuilt = sam::template_value(hello_api().routes(), &hello_info());
    prebuilt["Resources"]["HelloFunction"]["Properties"]["CodeUri"] = json!(".");
    prebuilt["Resources"]["HelloFunction"]["Metadata"] = function["Metadata"].clone();
    assert_eq!(template, prebuilt);
}

/// The example's routes plus one more, listed after them, with a body, a required stage
/// variable, a `Vec` query parameter and a header.
mod more {
    use super::*;

    /// A note on a user.
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct Note {
        pub text: String,
    }

    impl Describe for Note {
        fn schema() -> Value {
            json!({ "type": "object", "required": ["text"], "properties": { "text": String::schema() } })
        }
    }

    /// Adds a note to a user.
    ///
    /// The note is stored in the stage's table.
    #[route(POST, "/users/<id>/notes")]
    pub fn add_note(
        id: u64,
        #[query] tag: Vec<String>,
        #[header("x-request-id")] request_id: Option<String>,
        #[stage("notesTable")] table: String,
        Json(note): Json<Note>,
    ) -> (StatusCode, Json<Note>) {
        let _ = (id, tag, request_id, table);
        (StatusCode::CREATED, Json(note))
    }
}

#[test]
fn an_added_route_shows_up_in_all_three_outputs() {
    let before = hello_api();
    let after = gatewright::api!(
        hello::hello,
        hello::hello_name,
        hello::user,
        hello::stage,
        hello::proxy,
        more::add_note
    );
    let info = hello_info();

    // The table: one more line, the new route's.
    let (table_before, table_after) = (
        routes_table::render(before.routes()),
        routes_table::render(after.routes()),
    );
    let added: Vec<&str> = table_after
        .lines()
        .filter(|line| !table_before.contains(line.trim_end()))
        .collect();
    // Column widths may change; compare words.
    let added_words: Vec<Vec<&str>> = added
        .iter()
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        added_words.last().map(|w| w[..3].to_vec()),
        Some(vec!["POST", "/users/<id>/notes", "add_note"]),
        "{table_after}"
    );
    assert!(table_after.contains(
        "id: u64 (path), tag: Vec<String> (query, optional), request_id: Option<String> (header \"x-request-id\", optional), table: String (stage \"notesTable\"), Json(note): Json<Note> (body application/json)"
    ), "{table_after}");
    assert_eq!(
        table_after.lines().count(),
        table_before.lines().count() + 1
    );

    // OpenAPI: one more path, with the operation built from the handler.
    let (doc_before, doc_after) = (
        openapi::document(before.routes(), &info),
        openapi::document(after.routes(), &info),
    );
    let paths = |doc: &Value| -> Vec<String> {
        doc["paths"].as_object().unwrap().keys().cloned().collect()
    };
    let new_paths: Vec<String> = paths(&doc_after)
        .into_iter()
        .filter(|path| !paths(&doc_before).contains(path))
        .collect();
    assert_eq!(new_paths, ["/users/{id}/notes"]);
    let post = &doc_after["paths"]["/users/{id}/notes"]["post"];
    assert_eq!(post["operationId"], "add_note");
    assert_eq!(post["summary"], "Adds a note to a user.");
    assert_eq!(
        post["description"],
        "Adds a note to a user.\n\nThe note is stored in the stage's table."
    );
    assert_eq!(
        post["parameters"],
        json!([
            { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 0, "maximum": u64::MAX } },
            { "name": "tag", "in": "query", "required": false, "schema": { "type": "array", "items": { "type": "string" } } },
            { "name": "x-request-id", "in": "header", "required": false, "schema": { "type": "string" } },
        ])
    );
    assert_eq!(
        post["requestBody"],
        json!({ "required": true, "content": { "application/json": { "schema": <more::Note as Describe>::schema() } } })
    );
    assert_eq!(
        post["responses"]["default"]["content"]["application/json"]["schema"],
        <more::Note as Describe>::schema()
    );
    assert_eq!(
        post["x-gatewright-stage-variables"],
        json!([{ "name": "notesTable", "required": true }])
    );
    assert_eq!(post["x-amazon-apigateway-integration"]["type"], "aws_proxy");
    // Everything else is unchanged.
    let mut trimmed = doc_after.clone();
    trimmed["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/users/{id}/notes");
    assert_eq!(trimmed, doc_before);

    // SAM: the new path in the API's definition, and the stage variable it requires as a
    // parameter without a default, set on the stage.
    let (sam_before, sam_after) = (
        sam::template_value(before.routes(), &info),
        sam::template_value(after.routes(), &info),
    );
    let api = &sam_after["Resources"]["HelloApi"]["Properties"];
    assert_eq!(api["DefinitionBody"], doc_after);
    assert_eq!(
        api["Variables"]["notesTable"],
        json!({ "Ref": "StageVariableNotesTable" })
    );
    let parameter = &sam_after["Parameters"]["StageVariableNotesTable"];
    assert_eq!(parameter["Type"], "String");
    assert!(parameter.get("Default").is_none(), "{parameter}");
    assert!(sam_before["Parameters"]
        .get("StageVariableNotesTable")
        .is_none());
    let yaml = sam::template(after.routes(), &info);
    assert!(
        yaml.contains("\n          /users/{id}/notes:\n")
            || yaml.contains("\"/users/{id}/notes\":"),
        "{yaml}"
    );
    assert!(yaml.contains("StageVariableNotesTable:"), "{yaml}");
}

/// Types that describe themselves and types that don't, binary bodies, several methods.
mod kinds {
    use gatewright::prelude::*;
    use gatewright::{FromParam, ParamError, Rejection};

    /// No `Describe`: a parameter of it is a string, a body of it any JSON.
    #[derive(serde::Deserialize, serde::Serialize)]
    pub struct Opaque(pub String);

    impl<'r> FromParam<'r> for Opaque {
        fn from_param(value: &'r str) -> Result<Self, ParamError> {
            Ok(Opaque(value.to_owned()))
        }
    }

    /// A picture.
    #[route(GET | HEAD, "/pictures/<name>")]
    pub fn picture(
        name: Opaque,
        #[query] sizes: Vec<Opaque>,
        #[query] scale: Option<f32>,
    ) -> Vec<u8> {
        let _ = (name, sizes, scale);
        vec![0xff]
    }

    #[route(PUT, "/things/<id>")]
    pub fn put_thing(
        id: i16,
        #[header] if_match: char,
        body: Result<Json<Opaque>, Rejection>,
    ) -> Result<Json<Vec<u8>>, StatusCode> {
        let _ = (id, if_match, body);
        Err(StatusCode::CONFLICT)
    }

    #[route(POST, "/raw")]
    pub fn raw(body: RawBody<'_>) -> impl IntoResponse {
        body.0.len().to_string()
    }

    #[route(DELETE, "/")]
    pub fn delete_all(#[stage] limit: u32) {
        let _ = limit;
    }
}

#[test]
fn describes_what_types_say_and_falls_back_where_they_dont() {
    let api = gatewright::api!(
        kinds::picture,
        kinds::put_thing,
        kinds::raw,
        kinds::delete_all
    );
    let doc = openapi::document(api.routes(), &Info::new("kinds", "1.0.0"));
    let paths = &doc["paths"];

    let get = &paths["/pictures/{name}"]["get"];
    assert_eq!(get["operationId"], "picture_get");
    assert_eq!(
        paths["/pictures/{name}"]["head"]["operationId"],
        "picture_head"
    );
    assert_eq!(
        get["parameters"],
        json!([
            { "name": "name", "in": "path", "required": true, "schema": { "type": "string" } },
            { "name": "sizes", "in": "query", "required": false, "schema": { "type": "array", "items": { "type": "string" } } },
            { "name": "scale", "in": "query", "required": false, "schema": { "type": "number", "format": "float" } },
        ])
    );
    assert_eq!(
        get["responses"]["200"]["content"],
        json!({ "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } })
    );
    assert_eq!(
        doc["x-amazon-apigateway-binary-media-types"],
        json!(["application/octet-stream"])
    );

    let put = &paths["/things/{id}"]["put"];
    assert_eq!(
        put["parameters"][1],
        json!({ "name": "if-match", "in": "header", "required": true, "schema": { "type": "string", "minLength": 1, "maxLength": 1 } })
    );
    assert_eq!(
        put["requestBody"],
        json!({ "required": false, "content": { "application/json": { "schema": {} } } })
    );
    assert_eq!(
        put["responses"]["200"]["content"]["application/json"]["schema"],
        json!({ "type": "array", "items": { "type": "integer", "format": "int32", "minimum": 0, "maximum": 255 } })
    );
    assert_eq!(
        put["responses"]["default"]["description"],
        "A status the handler chooses at run time"
    );
    assert!(put["responses"]["default"].get("content").is_none());

    let raw = &paths["/raw"]["post"];
    assert_eq!(
        raw["requestBody"]["content"]["application/octet-stream"]["schema"]["format"],
        "binary"
    );
    // `impl IntoResponse` can't be named: the response is documented as unknown.
    assert!(raw["responses"]["default"]["description"]
        .as_str()
        .unwrap()
        .contains("doesn't describe itself"));

    let delete = &paths["/"]["delete"];
    assert_eq!(delete["responses"]["204"]["description"], "No Content");
    assert_eq!(
        delete["x-gatewright-stage-variables"],
        json!([{ "name": "limit", "required": true }])
    );
    // Every path forwards the methods it doesn't declare to the function.
    for item in paths.as_object().unwrap().values() {
        assert_eq!(
            item["x-amazon-apigateway-any-method"]["x-amazon-apigateway-integration"]["type"],
            "aws_proxy"
        );
    }

    // A required `u32` stage variable: a parameter with no default that only digits satisfy.
    let template = sam::template_value(api.routes(), &Info::new("kinds", "1.0.0"));
    assert_eq!(
        template["Parameters"]["StageVariableLimit"],
        json!({ "Type": "String", "AllowedPattern": "[0-9]+", "Description": "Stage variable `limit`, required by `delete_all`" })
    );
    assert_eq!(
        routes_table::render(api.routes())
            .lines()
            .nth(2)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>(),
        [
            "PUT",
            "/things/<id>",
            "put_thing",
            "id:",
            "i16",
            "(path),",
            "if_match:",
            "char",
            "(header",
            "\"if-match\"),",
            "body:",
            "Result<Json<Opaque>,",
            "Rejection>",
            "(body",
            "application/json,",
            "optional)"
        ]
    );
}

#[test]
fn an_api_that_answers_unmatched_paths_and_preflights_has_them_forwarded() {
    use gatewright::{Api, Cors, Rejection};

    fn catcher(rejection: &Rejection) -> StatusCode {
        rejection.status()
    }
    let plain = gatewright::api!(kinds::picture, kinds::delete_all);
    let doc = openapi::document(
        plain.routes(),
        &Info::new("kinds", "1.0.0").forwarding(plain.forwarding()),
    );
    assert!(doc["paths"].get("/{proxy+}").is_none());
    assert!(doc["paths"]["/"]
        .get("x-amazon-apigateway-any-method")
        .is_some());

    let api = gatewright::api!(kinds::picture, kinds::put_thing)
        .catch(catcher)
        .cors(Cors::new().allow_any_origin());
    let info = Info::new("kinds", "1.0.0").forwarding(api.forwarding());
    let doc = openapi::document(api.routes(), &info);
    let paths = &doc["paths"];
    // Unmatched paths reach the function, which answers its own 404.
    let catch_all = &paths["/{proxy+}"]["x-amazon-apigateway-any-method"];
    assert_eq!(catch_all["parameters"][0]["name"], "proxy");
    assert_eq!(
        catch_all["x-amazon-apigateway-integration"]["type"],
        "aws_proxy"
    );
    assert!(catch_all["responses"].get("404").is_some());
    assert!(paths["/"]["x-amazon-apigateway-any-method"]["responses"]
        .get("404")
        .is_some());
    // Every path forwards preflights (any method), and says so.
    let other = &paths["/things/{id}"]["x-amazon-apigateway-any-method"];
    assert!(other["responses"].get("204").is_some(), "{other}");
    assert!(other["summary"].as_str().unwrap().contains("preflight"));
    // The SAM template carries the same document.
    let template = gatewright::sam::template(api.routes(), &info);
    assert!(template.contains("/{proxy+}"), "{template}");
}
