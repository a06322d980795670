//! Who the caller is, as the API's authorizer said: [`Claims<T>`], [`Scopes`], [`IamCaller`].
//!
//! Each source puts the authorizer's output somewhere else in `requestContext`:
//!
//! | authorizer | source | claims | scopes |
//! |---|---|---|---|
//! | Cognito user pool | REST API | `authorizer.claims` (strings) | `authorizer.scopes`, else the `scope` claim |
//! | Lambda authorizer | REST API | `authorizer` (its context, strings, with `principalId`) | — |
//! | JWT | HTTP API 2.0 | `authorizer.jwt.claims` (strings) | `authorizer.jwt.scopes`, else the `scope` claim |
//! | Lambda authorizer | HTTP API 2.0 | `authorizer.lambda` (its context, JSON) | — |
//! | JWT | HTTP API 1.0 | `authorizer.claims` | `authorizer.scopes` |
//! | IAM | REST API, HTTP API 1.0 | `identity.userArn`, ... ([`IamCaller`]) | — |
//! | IAM | HTTP API 2.0, Function URL | `authorizer.iam` ([`IamCaller`]) | — |
//!
//! Application Load Balancers have no authorizer. Nothing is read unless a handler takes one
//! of these types; each lookup follows the event reader's rules (a key given twice counts
//! once, with its last value).

use std::borrow::Cow;
use std::future::Ready;

use serde::de::DeserializeOwned;

use super::claims_de::from_raw;
use super::extract::FromRequest;
use super::parts::Request;
use crate::event::raw::{nullable_string, BadValue, Case, RawObject};
use crate::response::Rejection;

/// The claims of the caller's token (or a Lambda authorizer's context), read into `T`.
///
/// ```
/// use gatewright::prelude::*;
/// use gatewright::testing::TestClient;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct User {
///     sub: String,
///     #[serde(rename = "custom:tier", default)]
///     tier: u8,
/// }
///
/// #[route(GET, "/me")]
/// fn me(Claims(user): Claims<User>) -> String {
///     format!("{} (tier {})", user.sub, user.tier)
/// }
///
/// let client = TestClient::new(gatewright::api!(me));
/// let response = client.get("/me").claims(serde_json::json!({ "sub": "ann", "custom:tier": 2 })).send();
/// assert_eq!(response.text(), "ann (tier 2)");
/// assert_eq!(client.get("/me").send().status(), StatusCode::UNAUTHORIZED);
/// ```
///
/// API Gateway passes most claims as strings (`"true"`, `"1700000000"`, `"[a b]"`): a number,
/// `bool` or `Vec` field reads such a string as the type it asks for, and a `String` field
/// reads a number as its text, so one `T` fits every source. Without claims (no authorizer
/// on the route, a load balancer): `401`; with claims that don't fit `T`: `403` naming the
/// field. Take `Option<Claims<T>>` for a route open to both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claims<T>(pub T);

/// The OAuth scopes the caller's token was granted: `authorizer.jwt.scopes` or
/// `authorizer.scopes`, else the token's `scope` claim split on spaces. Empty when the token
/// has none; a `401` when there is no authorizer at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(Vec<String>);

impl Scopes {
    /// Whether `scope` was granted.
    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|granted| granted == scope)
    }

    /// Every scope, in the order the authorizer gave them.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// `Ok` when `scope` was granted, else the `403` to answer with.
    pub fn require(&self, scope: &str) -> Result<(), Rejection> {
        if self.contains(scope) {
            Ok(())
        } else {
            Err(Rejection::MissingScope {
                scope: scope.to_owned(),
            })
        }
    }
}

/// The AWS identity that signed the request, for routes with IAM authorization: from
/// `authorizer.iam` (HTTP API 2.0, Function URLs) or `identity` (REST API, HTTP API 1.0).
/// A `401` when the request wasn't signed (no `userArn`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IamCaller<'r> {
    /// The caller's ARN, such as `arn:aws:iam::123456789012:user/ann`.
    pub arn: Cow<'r, str>,
    /// The caller's AWS account.
    pub account_id: Option<Cow<'r, str>>,
    /// The principal's unique id (`userId`; REST APIs' `user`).
    pub user_id: Option<Cow<'r, str>>,
    /// The caller id (`callerId`; REST APIs' `caller`), such as `AROA…:session`.
    pub caller_id: Option<Cow<'r, str>>,
    /// The access key the request was signed with.
    pub access_key: Option<Cow<'r, str>>,
    /// The caller's AWS Organizations id.
    pub principal_org_id: Option<Cow<'r, str>>,
    /// The Cognito identity id, for credentials from an identity pool.
    pub cognito_identity_id: Option<Cow<'r, str>>,
    /// The Cognito identity pool id.
    pub cognito_identity_pool_id: Option<Cow<'r, str>>,
}

fn malformed(field: &str, bad: BadValue) -> Rejection {
    Rejection::MalformedEvent {
        message: format!("in `{field}`: {bad}"),
    }
}

/// `requestContext.authorizer`, empty when absent or `null`.
fn authorizer<'a>(request: &Request<'a>) -> Result<RawObject<'a>, Rejection> {
    request
        .event()
        .request_context_object()
        .get_object("authorizer")
        .map_err(|bad| malformed("requestContext", bad))
}

/// The object under `key` of `object`, if it is one with members. Anything else there is not
/// what is looked for: a REST Lambda authorizer's context may well have a string `claims`.
fn nested<'a>(object: RawObject<'a>, key: &str) -> Option<RawObject<'a>> {
    object
        .get_object(key)
        .ok()
        .filter(|inner| !inner.is_empty())
}
/// Where the claims are, with the name of the field for errors.
fn claims_object<'a>(
    request: &Request<'a>,
) -> Result<Option<(RawObject<'a>, &'static str)>, Rejection> {
    let authorizer = authorizer(request)?;
    if authorizer.is_empty() {
        return Ok(None);
    }
    if let Some(jwt) = nested(authorizer, "jwt") {
        if let Some(claims) = nested(jwt, "claims") {
            return Ok(Some((claims, "requestContext.authorizer.jwt.claims")));
        }
    }
    if let Some(claims) = nested(authorizer, "claims") {
        return Ok(Some((claims, "requestContext.authorizer.claims")));
    }
    if let Some(lambda) = nested(authorizer, "lambda") {
        return Ok(Some((lambda, "requestContext.authorizer.lambda")));
    }
    if request.event().source().is_v2() {
        return Ok(None);
    }
    // A REST API Lambda authorizer's context is the authorizer object itself; a Cognito
    // authorizer that didn't run leaves `claims` and `scopes` null.
    let members = authorizer
        .members()
        .map_err(|bad| malformed("requestContext.authorizer", bad))?;
    let context = members
        .iter()
        .any(|(key, raw)| !matches!(&**key, "claims" | "scopes") && *raw != "null");
    Ok(context.then_some((authorizer, "requestContext.authorizer")))
}

impl<'r, T: DeserializeOwned + Send> FromRequest<'r> for Claims<T> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(claims(request))
    }
}

fn claims<T: DeserializeOwned>(request: &Request<'_>) -> Result<Claims<T>, Rejection> {
    let Some((object, _)) = claims_object(request)? else {
        return Err(Rejection::Unauthenticated { expected: "claims" });
    };
    let raw = object.text().unwrap_or("{}");
    from_raw(raw)
        .map(Claims)
        .map_err(|err| Rejection::InvalidClaims {
            field: err.field(),
            reason: err.reason().to_owned(),
        })
}

impl<'r> FromRequest<'r> for Scopes {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(scopes(request))
    }
}

fn scopes(request: &Request<'_>) -> Result<Scopes, Rejection> {
    let authorizer = authorizer(request)?;
    // `null` scopes (a token without any) fall through to the next place.
    let listed = |object: RawObject<'_>, field: &str| -> Result<Option<Vec<String>>, Rejection> {
        match object
            .fields(["scopes"])
            .map_err(|bad| malformed(field, bad))?
        {
            [None | Some("null")] => Ok(None),
            [Some(_)] => Ok(object
                .get_list("scopes", Case::Sensitive)
                .map_err(|bad| malformed(field, bad))?
                .map(|scopes| scopes.into_iter().map(Cow::into_owned).collect())),
        }
    };
    if let Some(jwt) = nested(authorizer, "jwt") {
        if let Some(scopes) = listed(jwt, "requestContext.authorizer.jwt")? {
            return Ok(Scopes(scopes));
        }
    }
    if let Some(scopes) = listed(authorizer, "requestContext.authorizer")? {
        return Ok(Scopes(scopes));
    }
    let Some((claims, field)) = claims_object(request)? else {
        return Err(Rejection::Unauthenticated { expected: "scopes" });
    };
    let scope = claims
        .get("scope", Case::Sensitive)
        .map_err(|bad| malformed(field, bad))?;
    Ok(Scopes(
        scope
            .iter()
            .flat_map(|scope| scope.split_whitespace())
            .map(str::to_owned)
            .collect(),
    ))
}

impl<'r> FromRequest<'r> for IamCaller<'r> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(iam_caller(request))
    }
}

fn iam_caller<'a>(request: &Request<'a>) -> Result<IamCaller<'a>, Rejection> {
    let context = request.event().request_context_object();
    let v2 = request.event().source().is_v2();
    let (object, field) = if v2 {
        let iam = nested(authorizer(request)?, "iam");
        (iam, "requestContext.authorizer.iam")
    } else {
        let identity = nested(context, "identity");
        (identity, "requestContext.identity")
    };
    let Some(object) = object else {
        return Err(Rejection::Unauthenticated {
            expected: "an IAM caller",
        });
    };
    let names = if v2 {
        [
            "userArn",
            "accountId",
            "userId",
            "callerId",
            "accessKey",
            "principalOrgId",
        ]
    } else {
        [
            "userArn",
            "accountId",
            "user",
            "caller",
            "accessKey",
            "principalOrgId",
        ]
    };
    let raw = object.fields(names).map_err(|bad| malformed(field, bad))?;
    let string = |at: usize| match raw[at] {
        Some(value) => nullable_string(value, names[at]).map_err(|bad| malformed(field, bad)),
        None => Ok(None),
    };
    let Some(arn) = string(0)? else {
        return Err(Rejection::Unauthenticated {
            expected: "an IAM caller",
        });
    };
    let (cognito_identity_id, cognito_identity_pool_id) = if v2 {
        let cognito = nested(object, "cognitoIdentity").unwrap_or_default();
        let in_cognito = |bad| malformed("requestContext.authorizer.iam.cognitoIdentity", bad);
        (
            cognito
                .get("identityId", Case::Sensitive)
                .map_err(in_cognito)?,
            cognito
                .get("identityPoolId", Case::Sensitive)
                .map_err(in_cognito)?,
        )
    } else {
        let in_identity = |bad| malformed(field, bad);
        (
            object
                .get("cognitoIdentityId", Case::Sensitive)
                .map_err(in_identity)?,
            object
                .get("cognitoIdentityPoolId", Case::Sensitive)
                .map_err(in_identity)?,
        )
    };
    Ok(IamCaller {
        arn,
        account_id: string(1)?,
        user_id: string(2)?,
        caller_id: string(3)?,
        access_key: string(4)?,
        principal_org_id: string(5)?,
        cognito_identity_id,
        cognito_identity_pool_id,
    })
}
