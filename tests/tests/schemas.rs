//! Schemas derived from the types (the `schemars` feature): serde's attributes honoured, named
//! types shared under `components/schemas` with `$ref`s that all resolve, a type read and
//! written differently described twice, errors and `201`s documented, and types without a
//! schema described as before.

use gatewright::openapi::{self, Info};
use gatewright::prelude::*;
use gatewright::{Created, Describe, DescribeResponse, ResponseDoc, Schemas};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A pet, as read and as written.
#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pet {
    pub pet_name: String,
    /// Absent when unknown; `0` when read without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_years: Option<u8>,
    pub kind: Kind,
    pub owner: Owner,
    /// Optional when read (`default`), always written.
    #[serde(default)]
    pub legs: u8,
}

#[derive(Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Kind {
    Cat { indoor: bool },
    Dog,
}

#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Owner {
    pub name: String,
    /// A recursive type: its schema refers to itself.
    pub friends: Vec<Owner>,
}

/// What the handlers fail with.
#[derive(Serialize, JsonSchema)]
pub struct Problem {
    pub title: String,
}

impl IntoResponse for Problem {
    fn into_response(self) -> gatewright::Response {
        (StatusCode::CONFLICT, Json(self)).into_response()
    }
}

impl DescribeResponse for Problem {
    fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::json(
            StatusCode::CONFLICT,
            Problem::schema_in(schemas),
        )]
    }
}

/// An error type that documents nothing.
pub struct Opaque;

impl IntoResponse for Opaque {
    fn into_response(self) -> gatewright::Response {
        StatusCode::IM_A_TEAPOT.into_response()
    }
}

/// A body described by hand, next to derived ones.
#[derive(Deserialize)]
pub struct ByHand {
    pub n: u8,
}

impl Describe for ByHand {
    fn schema() -> Value {
        json!({ "type": "object", "properties": { "n": u8::schema() } })
    }
}

/// A body without any schema.
#[derive(Deserialize, Serialize)]
pub struct Undescribed {
    pub n: u8,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    Asc,
    Desc,
}

gatewright::from_str_param!(SortParam);

/// `Sort` as a parameter value.
#[derive(JsonSchema)]
#[serde(transparent)]
pub struct SortParam(pub Sort);

impl std::str::FromStr for SortParam {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        match value {
            "asc" => Ok(SortParam(Sort::Asc)),
            "desc" => Ok(SortParam(Sort::Desc)),
            other => Err(format!("{other:?} is neither `asc` nor `desc`")),
        }
    }
}

#[route(POST, "/pets")]
fn create(Json(pet): Json<Pet>) -> Result<Created<Json<Pet>>, Problem> {
    Ok(Created::at("/pets/1", Json(pet)))
}

#[route(GET, "/pets")]
fn list(#[query] sort: Option<SortParam>) -> Result<Json<Vec<Pet>>, Opaque> {
    let _ = sort;
    Ok(Json(Vec::new()))
}

#[route(PUT, "/by-hand")]
fn by_hand(Json(body): Json<ByHand>) -> Json<Undescribed> {
    Json(Undescribed { n: body.n })
}

fn document() -> Value {
    let api = gatewright::api!(create, list, by_hand);
    openapi::document(api.routes(), &Info::new("pets", "1"))
}

/// Every `$ref` in `value`.
fn refs<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(target) if key == "$ref" => out.push(target),
                    other => refs(other, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, out)),
        _ => {}
    }
}

/// `schema`, following `$ref`s into `components/schemas` (and a `$ref` with a description,
/// which OpenAPI 3.0 writes as `allOf: [{"$ref": ...}]`).
fn resolve<'d>(document: &'d Value, mut schema: &'d Value) -> &'d Value {
    loop {
        if let Some([only]) = schema["allOf"].as_array().map(Vec::as_slice) {
            schema = only;
        }
        let Some(target) = schema["$ref"].as_str() else {
            return schema;
        };
        let name = target.trim_start_matches("#/components/schemas/");
        schema = &document["components"]["schemas"][name];
    }
}

#[test]
fn every_ref_resolves_and_nothing_is_left_in_defs() {
    let document = document();
    let text = document.to_string();
    assert!(
        !text.contains("$defs") && !text.contains("definitions"),
        "{text}"
    );
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(found.len() > 5, "{found:?}");
    for target in found {
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or_else(|| panic!("{target} is not in components/schemas"));
        assert!(
            document["components"]["schemas"][name].is_object(),
            "{target} doesn't resolve"
        );
    }
}

#[test]
fn serde_attributes_are_honoured() {
    let document = document();
    let schemas = &document["components"]["schemas"];
    // As read: `ageYears` may be absent (`default`), so only the others are required.
    let pet = &schemas["Pet"];
    assert_eq!(
        pet["required"],
        json!(["petName", "kind", "owner"]),
        "{pet}"
    );
    assert_eq!(pet["properties"]["ageYears"]["nullable"], true);
    assert_eq!(
        pet["properties"]["ageYears"]["maximum"], 255,
        "integers keep their bounds: {pet}"
    );
    assert_eq!(
        pet["properties"]["owner"],
        json!({ "$ref": "#/components/schemas/Owner" })
    );
    // Internally tagged.
    let kind = schemas["Kind"].to_string();
    assert!(
        kind.contains(r#""enum":["cat"]"#) && kind.contains(r#""enum":["dog"]"#),
        "{kind}"
    );
    // Recursive.
    assert_eq!(
        schemas["Owner"]["properties"]["friends"]["items"],
        json!({ "$ref": "#/components/schemas/Owner" })
    );
}

#[test]
fn a_type_written_differently_from_how_it_is_read_has_two_schemas() {
    let document = document();
    let schemas = &document["components"]["schemas"];
    let post = &document["paths"]["/pets"]["post"];
    assert_eq!(
        post["requestBody"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Pet" })
    );
    // As written, `legs` is always there: required in the response's own schema.
    let created = &post["responses"]["201"];
    assert_eq!(
        created["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/PetResponse" }),
        "{created}"
    );
    assert_eq!(
        schemas["PetResponse"]["required"],
        json!(["petName", "kind", "owner", "legs"])
    );
    // `Owner` and `Kind` are the same both ways: one schema each.
    assert!(schemas["OwnerResponse"].is_null() && schemas["KindResponse"].is_null());
}

#[test]
fn errors_and_created_are_documented() {
    let document = document();
    let post = &document["paths"]["/pets"]["post"]["responses"];
    assert!(post["200"].is_null(), "{post}");
    assert_eq!(
        post["201"]["headers"]["location"]["schema"],
        json!({ "type": "string" })
    );
    assert_eq!(
        post["409"]["content"]["application/json"]["schema"],
        json!({ "$ref": "#/components/schemas/Problem" })
    );
    // An error type that says nothing: the `200` is known, the rest is chosen at run time.
    let get = &document["paths"]["/pets"]["get"];
    let list = &get["responses"];
    assert_eq!(
        list["200"]["content"]["application/json"]["schema"],
        json!({ "type": "array", "items": { "$ref": "#/components/schemas/PetResponse" } })
    );
    assert!(list["default"].is_object(), "{list}");
    // A parameter of a derived type: its enum.
    let sort = &get["parameters"][0];
    assert_eq!(sort["required"], false);
    assert_eq!(
        resolve(&document, &sort["schema"])["enum"],
        json!(["asc", "desc"])
    );
}

#[test]
fn types_without_a_derived_schema_keep_theirs() {
    let document = document();
    let put = &document["paths"]["/by-hand"]["put"];
    assert_eq!(
        put["requestBody"]["content"]["application/json"]["schema"],
        ByHand::schema()
    );
    // No schema at all: any JSON.
    assert_eq!(
        put["responses"]["200"]["content"]["application/json"]["schema"],
        json!({})
    );
}

#[test]
fn the_route_table_gives_standalone_schemas() {
    let api = gatewright::api!(create, list, by_hand);
    let body = api.routes()[0].args()[0].schema();
    // Written out, but for the one recursive type, which can't be.
    let mut found = Vec::new();
    refs(&body, &mut found);
    assert_eq!(found, ["#/components/schemas/Owner"], "{body}");
    assert_eq!(
        body["properties"]["owner"]["properties"]["name"],
        json!({ "type": "string" })
    );
    assert_eq!(
        body["properties"]["kind"]["oneOf"][1]["properties"]["type"]["enum"],
        json!(["dog"])
    );
}
