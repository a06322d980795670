//! The routes. Every one under `/v1` takes a [`Caller`], so it runs only for a known token;
//! deployed, API Gateway's authorizer also requires the scope each names (`notes/read`,
//! `notes/write`), and lets anyone call `/health`.

use gatewright::prelude::*;
use gatewright::{Created, Valid};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::{Note, NoteInput, Store};

/// Whether the API is up: no token needed.
#[route(GET, "/health", auth = none)]
pub fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// The caller's notes.
#[route(GET, "/notes", scopes = ["notes/read"])]
pub async fn list_notes(caller: Caller, store: State<Store>) -> Json<Vec<Note>> {
    Json(store.list(&caller.name).await)
}

/// A new note: `201 Created` with its `Location`; a text that breaks `NoteInput`'s rules is a
/// `422` that says which.
#[route(POST, "/notes", scopes = ["notes/write"])]
pub async fn create_note(
    caller: Caller,
    store: State<Store>,
    Valid(Json(input)): Valid<Json<NoteInput>>,
) -> Created<Json<Note>> {
    let note = store
        .create(&caller.name, input.text.trim().to_owned())
        .await;
    Created::at(gatewright::uri!("/v1", get_note(id = note.id)), Json(note))
}

/// One of the caller's notes.
#[route(GET, "/notes/<id>", scopes = ["notes/read"])]
pub async fn get_note(
    caller: Caller,
    store: State<Store>,
    id: u64,
) -> Result<Json<Note>, ApiError> {
    store
        .get(&caller.name, id)
        .await
        .map(Json)
        .ok_or(ApiError::NotFound(id))
}

/// Replaces the text of one of the caller's notes.
#[route(PUT, "/notes/<id>", scopes = ["notes/write"])]
pub async fn update_note(
    caller: Caller,
    store: State<Store>,
    id: u64,
    Valid(Json(input)): Valid<Json<NoteInput>>,
) -> Result<Json<Note>, ApiError> {
    store
        .update(&caller.name, id, input.text.trim().to_owned())
        .await
        .map(Json)
        .ok_or(ApiError::NotFound(id))
}

/// Deletes one of the caller's notes: `204`.
#[route(DELETE, "/notes/<id>", scopes = ["notes/write"])]
pub async fn delete_note(
    caller: Caller,
    store: State<Store>,
    id: u64,
) -> Result<StatusCode, ApiError> {
    match store.delete(&caller.name, id).await {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(ApiError::NotFound(id)),
    }
}
