//! A small JSON API as a team would ship it: notes under `/v1`, a Cognito user pool's token
//! for every call to them (a bearer token of its store where no authorizer runs), CORS for a
//! browser front end, its own error body for everything that goes wrong.

mod auth;
mod error;
mod middleware;
mod routes;
mod store;

use gatewright::{Api, Authorizer, Cors, Describe};

pub use auth::Caller;
pub use error::{catcher, ApiError, ErrorBody, ErrorDetail};
pub use store::{Config, Note, NoteInput, Store};

/// The API: the health check at the root, the notes under `/v1` behind a Cognito user pool
/// (each route with its scope) and the token check, every response timed, every rejection
/// in the API's own JSON, and CORS for the origins in `NOTES_CORS_ORIGINS`.
pub fn api() -> impl Api {
    api_with(&Config::from_env())
}

/// The API as [`api`] builds it, with CORS for the origins of `config` rather than those of
/// the environment (tests build their own [`Config`]). The store still comes from
/// [`Store::open`], attached with `with_state`.
pub fn api_with(config: &Config) -> impl Api {
    gatewright::api!(
        routes::health,
        mount(
            "/v1",
            [
                routes::list_notes,
                routes::create_note,
                routes::get_note,
                routes::update_note,
                routes::delete_note,
            ],
            wrap = [middleware::no_store],
        ),
    )
    .authorizer(Authorizer::CognitoUserPool)
    .catch(catcher)
    // The catcher's bodies are `ErrorBody`s: so the OpenAPI document says.
    .describe_as(ErrorBody::schema_in)
    .cors(cors(config))
    // Outermost, so that it times the preflights CORS answers too.
    .wrap(middleware::timing)
}

/// Who may call the API from a browser: the front end's origins, with the token header.
pub fn cors(config: &Config) -> Cors {
    Cors::new()
        .allow_origins(&config.cors_origins)
        .allow_headers(["authorization", "content-type"])
        .expose_headers(["location"])
        .max_age(std::time::Duration::from_secs(600))
}
