//! An API with an authorizer of each kind, picked by `AUTHORIZER` (`cognito`, `jwt`, `lambda`,
//! `iam`): CI validates its `openapi` and `sam` documents (`.ci/artifacts.sh`), one per kind.

use std::collections::BTreeMap;
use std::process::ExitCode;

use gatewright::prelude::*;
use gatewright::{Authorizer, IamCaller, Scopes};

/// The caller's claims.
#[route(GET, "/me", scopes = ["profile"])]
fn me(Claims(claims): Claims<BTreeMap<String, String>>, scopes: Scopes) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "claims": claims, "scopes": scopes.iter().collect::<Vec<_>>() }))
}

/// The signing AWS identity.
#[route(GET, "/iam")]
fn iam(caller: IamCaller<'_>) -> String {
    caller.arn.into_owned()
}

/// An avatar: a binary response, and a stage variable.
#[route(GET, "/avatars/<name>")]
fn avatar(name: String, #[stage("bucket")] bucket: Option<String>) -> Vec<u8> {
    format!("{name} from {}", bucket.unwrap_or_default()).into_bytes()
}

/// Open to anyone.
#[route(GET, "/health", auth = none)]
fn health() -> &'static str {
    "ok"
}

fn main() -> ExitCode {
    let api = gatewright::api!(me, iam, avatar, health);
    let authorizer = match std::env::var("AUTHORIZER").as_deref() {
        Ok("jwt") => Authorizer::Jwt,
        Ok("lambda") => Authorizer::Lambda,
        Ok("iam") => Authorizer::Iam,
        _ => Authorizer::CognitoUserPool,
    };
    gatewright::run(api.authorizer(authorizer))
}
