//! The route table as data: what `#[route]` knows about each route at compile time, kept in a
//! `static` of the binary (see `route_table`) and read by [`Api::routes`](crate::Api::routes).
//!
//! ```
//! use gatewright::prelude::*;
//! use gatewright::ArgSource;
//!
//! /// A user by id.
//! #[route(GET, "/users/<id>")]
//! fn user(id: u64, #[query] fields: Vec<String>) -> String {
//!     format!("{id} {fields:?}")
//! }
//!
//! let api = gatewright::api!(user);
//! let route = &api.routes()[0];
//! assert_eq!((route.methods(), route.template(), route.handler()), (&["GET"][..], "/users/<id>", "user"));
//! assert_eq!(route.doc(), "A user by id.");
//! let fields = &route.args()[1];
//! assert_eq!((fields.name(), fields.source(), fields.rust_type()), ("fields", ArgSource::Query, "Vec<String>"));
//! assert!(!fields.required());
//! assert_eq!(fields.schema(), serde_json::json!({ "type": "array", "items": { "type": "string" } }));
//! ```
//!
//! Schemas and content types come from traits ([`Describe`](crate::Describe),
//! [`DescribeRequest`](crate::DescribeRequest), [`DescribeResponse`](crate::DescribeResponse)),
//! called through function pointers in the table, so nothing is guessed from how a type is
//! spelled, and a type of yours documents itself by implementing them.

use http::StatusCode;
use serde_json::Value;

use super::schemas::Schemas;
/// Who checks callers before API Gateway invokes the function. Its settings (a user pool, an
/// issuer, a function) are parameters of the `sam` template, given at deploy time.
///
/// | authorizer | API | template parameters | handlers read |
/// |---|---|---|---|
/// | `CognitoUserPool` | REST API | `UserPoolArn` | [`Claims<T>`](crate::Claims), [`Scopes`](crate::Scopes) |
/// | `Jwt` | HTTP API (payload 2.0) | `JwtIssuer`, `JwtAudience` | [`Claims<T>`](crate::Claims), [`Scopes`](crate::Scopes) |
/// | `Lambda` | REST API (token authorizer on `Authorization`) | `AuthorizerFunctionArn` | [`Claims<T>`](crate::Claims): its context |
/// | `Iam` | REST API (SigV4) | — | [`IamCaller`](crate::IamCaller) |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Authorizer {
    /// An Amazon Cognito user pool: a REST API checks the `Authorization` header's ID or
    /// access token (an access token with the route's scopes, where it names some).
    CognitoUserPool,
    /// A JWT authorizer of an HTTP API: any OpenID Connect issuer, checking the token's
    /// audience and the route's scopes. The `sam` template then deploys an HTTP API.
    Jwt,
    /// A Lambda token authorizer: a function of yours reads the `Authorization` header and
    /// returns a policy and a context.
    Lambda,
    /// IAM: requests signed with SigV4 by an AWS identity allowed to `execute-api:Invoke`.
    Iam,
}

impl Authorizer {
    /// Whether the API must be an HTTP API for it (a JWT authorizer).
    pub fn needs_http_api(self) -> bool {
        matches!(self, Authorizer::Jwt)
    }
}

/// What the API's [`Authorizer`] does for a route: `#[route(GET, "/x", scopes = ["a"])]`,
/// `#[route(GET, "/x", auth = none)]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RouteAuth {
    /// The API's authorizer, if it has one (a route without options).
    #[default]
    Authorizer,
    /// The API's authorizer, and a token granted every one of these scopes (Cognito user pools
    /// and JWT authorizers).
    Scopes(&'static [&'static str]),
    /// No authorizer: anyone may call the route.
    None,
}

/// Where an argument's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgSource {
    /// A `<name>` segment of the path.
    Path,
    /// The rest of the path, matched by `<name+>`.
    Greedy,
    /// A query string parameter (`#[query]`).
    Query,
    /// A stage variable (`#[stage]`).
    Stage,
    /// A request header (`#[header]`).
    Header,
    /// A cookie (`#[cookie]`).
    Cookie,
    /// The request body, such as `Json<T>` or `RawBody`.
    Body,
    /// The request as a whole: `Method`, `Headers`, `State<T>`, `&Context`, ...
    Other,
}

impl ArgSource {
    /// `path`, `greedy`, `query`, `stage`, `header`, `cookie`, `body` or `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            ArgSource::Path => "path",
            ArgSource::Greedy => "greedy",
            ArgSource::Query => "query",
            ArgSource::Stage => "stage",
            ArgSource::Header => "header",
            ArgSource::Cookie => "cookie",
            ArgSource::Body => "body",
            ArgSource::Other => "other",
        }
    }
}

/// Where the macro wired an argument; the generated code names these.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    Path,
    Greedy,
    Query,
    Stage,
    Header,
    Cookie,
    Request,
}

/// What the traits say about an argument's values.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub struct ArgDoc {
    /// The JSON schema of one value (of the body, for a body).
    pub schema: Value,
    /// Whether a request without it is refused.
    pub required: bool,
    /// For arguments read from the request: the body's content type, when it is a body.
    pub body: Option<&'static str>,
    /// Whether a value that breaks its type's rules is refused with `422` (`Valid<T>`).
    pub validated: bool,
}

/// What the API's describing function answers for one route and index: the argument at that
/// index, or, past the last argument, the responses of the return type.
///
/// One function for the whole API, written by the router, rather than one per route or per
/// argument: every item a route adds is one that each `cargo check` validates and caches again.
#[doc(hidden)]
pub enum Described {
    Arg(ArgDoc),
    Responses(Vec<ResponseDoc>),
}

/// The API's describing function: `describe(schemas, route, index)`.
#[doc(hidden)]
pub type DescribeFn = fn(&mut Schemas, u16, usize) -> Described;

impl ArgDoc {
    /// Not read from the request's parameters or body.
    pub fn other() -> Self {
        ArgDoc {
            schema: Value::Object(Default::default()),
            required: false,
            body: None,
            validated: false,
        }
    }
}

/// One argument of a route's handler.
#[derive(Debug, Clone, Copy)]
pub struct ArgInfo {
    wire: Wire,
    name: &'static str,
    binding: &'static str,
    rust_type: &'static str,
    describe: DescribeFn,
    route: u16,
    index: usize,
}

impl ArgInfo {
    #[doc(hidden)]
    pub const fn __new(
        wire: Wire,
        name: &'static str,
        binding: &'static str,
        rust_type: &'static str,
        describe: DescribeFn,
        route: u16,
        index: usize,
    ) -> Self {
        ArgInfo {
            wire,
            name,
            binding,
            rust_type,
            describe,
            route,
            index,
        }
    }

    /// The name on the wire: the path parameter, query parameter, stage variable or header
    /// (lowercase) it is read from; for other arguments, the argument's name (empty for a
    /// pattern such as `Json(item)`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The argument as written in the function: `id`, `Json(item)`.
    pub fn binding(&self) -> &'static str {
        self.binding
    }

    /// The Rust type as written: `Option<String>`.
    pub fn rust_type(&self) -> &'static str {
        self.rust_type
    }

    /// Where the value comes from.
    pub fn source(&self) -> ArgSource {
        match self.wire {
            Wire::Path => ArgSource::Path,
            Wire::Greedy => ArgSource::Greedy,
            Wire::Query => ArgSource::Query,
            Wire::Stage => ArgSource::Stage,
            Wire::Header => ArgSource::Header,
            Wire::Cookie => ArgSource::Cookie,
            Wire::Request if self.content_type().is_some() => ArgSource::Body,
            Wire::Request => ArgSource::Other,
        }
    }

    /// Whether a request without a value is refused (always, for path parameters).
    pub fn required(&self) -> bool {
        match self.wire {
            Wire::Path | Wire::Greedy => true,
            _ => self.doc().required,
        }
    }

    /// The JSON schema (an OpenAPI 3.0 Schema Object) of the value: of one parameter value, or
    /// of the body. `{}` (anything) when the type doesn't describe itself. It stands alone:
    /// nested types are written out (see [`schema_in`](ArgInfo::schema_in)).
    pub fn schema(&self) -> Value {
        self.schema_in(&mut Schemas::inline())
    }

    /// The JSON schema as part of a document whose shared schemas are `schemas`: with the
    /// `schemars` feature, a named type is a `$ref` to its entry there.
    pub fn schema_in(&self, schemas: &mut Schemas) -> Value {
        self.doc_in(schemas).schema
    }

    /// Whether a value that breaks its type's rules is refused with `422`: an argument of type
    /// `Valid<T>` (the `garde` feature).
    pub fn validated(&self) -> bool {
        self.doc().validated
    }

    /// For a body, its content type: `application/json` for `Json<T>`.
    pub fn content_type(&self) -> Option<&'static str> {
        match self.wire {
            Wire::Request => self.doc().body,
            _ => None,
        }
    }

    fn doc(&self) -> ArgDoc {
        self.doc_in(&mut Schemas::inline())
    }

    fn doc_in(&self, schemas: &mut Schemas) -> ArgDoc {
        match (self.describe)(schemas, self.route, self.index) {
            Described::Arg(doc) => doc,
            Described::Responses(_) => ArgDoc::other(),
        }
    }
}

/// One response a handler's return type can produce.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ResponseDoc {
    /// The status; `None` when the handler chooses it at run time.
    pub status: Option<StatusCode>,
    /// The `content-type`, when there is a body.
    pub content_type: Option<&'static str>,
    /// The JSON schema of the body, when there is one.
    pub schema: Option<Value>,
    /// The headers it carries, each with what it says: `("location", "...")`.
    pub headers: Vec<(&'static str, &'static str)>,
}

impl ResponseDoc {
    /// A response with this status and no body.
    pub fn empty(status: Option<StatusCode>) -> Self {
        ResponseDoc {
            status,
            content_type: None,
            schema: None,
            headers: Vec::new(),
        }
    }

    /// A `200` response with a body of this content type and schema.
    pub fn ok(content_type: &'static str, schema: Value) -> Self {
        ResponseDoc {
            status: Some(StatusCode::OK),
            content_type: Some(content_type),
            schema: Some(schema),
            headers: Vec::new(),
        }
    }

    /// A response with this status (`None`: chosen at run time) and a JSON body of this
    /// schema, such as one of your error type's.
    pub fn json(status: impl Into<Option<StatusCode>>, schema: Value) -> Self {
        ResponseDoc {
            status: status.into(),
            content_type: Some("application/json"),
            schema: Some(schema),
            headers: Vec::new(),
        }
    }

    /// Whether the body is sent base64-encoded (bytes rather than text).
    pub fn is_binary(&self) -> bool {
        self.schema
            .as_ref()
            .is_some_and(|schema| schema.get("format") == Some(&Value::from("binary")))
    }
}

/// One route of an API.
#[derive(Debug, Clone, Copy)]
pub struct RouteInfo {
    methods: &'static [&'static str],
    template: &'static str,
    handler: &'static str,
    listed_as: &'static str,
    doc: &'static str,
    args: &'static [ArgInfo],
    describe: DescribeFn,
    route: u16,
    auth: RouteAuth,
}

impl RouteInfo {
    /// `template` is the full template, with the prefix of the group the route is mounted in.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn __new(
        methods: &'static [&'static str],
        template: &'static str,
        handler: &'static str,
        listed_as: &'static str,
        doc: &'static str,
        args: &'static [ArgInfo],
        describe: DescribeFn,
        route: u16,
    ) -> Self {
        RouteInfo {
            methods,
            template,
            handler,
            listed_as,
            doc,
            args,
            describe,
            route,
            auth: RouteAuth::Authorizer,
        }
    }

    /// The route's `auth` or `scopes` option.
    #[doc(hidden)]
    pub const fn __auth(self, auth: RouteAuth) -> Self {
        RouteInfo { auth, ..self }
    }

    /// What the API's authorizer does for the route.
    pub fn auth(&self) -> RouteAuth {
        self.auth
    }

    /// The methods as written: `["GET", "HEAD"]`, or `["ANY"]`.
    pub fn methods(&self) -> &'static [&'static str] {
        self.methods
    }

    /// Whether the route takes every method.
    pub fn is_any(&self) -> bool {
        self.methods == ["ANY"]
    }

    /// The template as written, with the prefix of the group it is mounted in:
    /// `/users/<id>`, `/v1/users/<id>`.
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// The template in API Gateway's syntax: `/users/{id}`, `/{proxy+}`.
    pub fn api_gateway_path(&self) -> String {
        self.template.replace('<', "{").replace('>', "}")
    }

    /// The handler function's name: `user`.
    pub fn handler(&self) -> &'static str {
        self.handler
    }

    /// The handler's path as listed in `main!` or `api!`: `routes::user`.
    pub fn listed_as(&self) -> &'static str {
        self.listed_as
    }

    /// The handler's doc comment, each line trimmed of the one space after `///`.
    pub fn doc(&self) -> &'static str {
        self.doc
    }

    /// The first paragraph of the doc comment, on one line.
    pub fn summary(&self) -> String {
        self.doc
            .split("\n\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The handler's arguments, in order.
    pub fn args(&self) -> &'static [ArgInfo] {
        self.args
    }

    /// The responses the return type can produce; empty when it doesn't say (a type of yours
    /// that doesn't implement [`DescribeResponse`](crate::DescribeResponse), or `impl Trait`).
    pub fn responses(&self) -> Vec<ResponseDoc> {
        self.responses_in(&mut Schemas::inline())
    }

    /// The responses as part of a document whose shared schemas are `schemas`.
    pub fn responses_in(&self, schemas: &mut Schemas) -> Vec<ResponseDoc> {
        match (self.describe)(schemas, self.route, self.args.len()) {
            Described::Responses(responses) => responses,
            Described::Arg(_) => Vec::new(),
        }
    }

    /// The names of the stage variables the handler reads, with whether each is required.
    pub fn stage_variables(&self) -> impl Iterator<Item = (&'static str, bool)> + '_ {
        self.args
            .iter()
            .filter(|arg| arg.source() == ArgSource::Stage)
            .map(|arg| (arg.name(), arg.required()))
    }
}

/// Who built the API: `gatewright::main!` fills this in from Cargo's environment.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct Package {
    /// The package's name.
    pub name: Option<&'static str>,
    /// The package's version.
    pub version: Option<&'static str>,
    /// The package's description.
    pub description: Option<&'static str>,
    /// The binary's name.
    pub bin: Option<&'static str>,
}

impl Package {
    /// Nothing known.
    pub const UNKNOWN: Package = Package {
        name: None,
        version: None,
        description: None,
        bin: None,
    };
}

/// What API Gateway must do besides sending the routes' own methods to the function: forward
/// what the API answers itself, run the API's authorizer; what the `openapi` and `sam`
/// documents add for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Forwarding {
    /// The authorizer API Gateway runs before the routes (`Api::authorizer`).
    pub authorizer: Option<Authorizer>,
    /// CORS preflights: an `OPTIONS` operation on every path.
    pub preflight: bool,
    /// Unmatched paths and methods, answered by the API's catcher: every method of every
    /// path, and a catch-all path.
    pub unmatched: bool,
    /// The body of the answers gatewright makes itself (`400`, `404`, `422`, ...), where a
    /// catcher gives them another ([`describe_as`](crate::layers::Layered::describe_as));
    /// `None`: [`Rejection::body`](crate::Rejection::body)'s.
    pub rejection_body: Option<BodySchema>,
}

/// A function that gives the schema of a body, such as `MyError::schema_in` of a type that
/// implements [`Describe`](crate::Describe).
#[derive(Debug, Clone, Copy)]
pub struct BodySchema(pub fn(&mut Schemas) -> Value);

impl PartialEq for BodySchema {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.0, other.0)
    }
}

impl Eq for BodySchema {}
