//! The routes. Every one under `/v1` takes a [`Caller`], so it runs only for a known token.

use gatewright::prelude::*;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::{Note, NoteInput, Store};

/// The longest note.
const MAX_TEXT: usize = 1000;

fn checked(input: NoteInput) -> Result<String, ApiError> {
    let text = input.text.trim().to_owned();
    match text.chars().count() {
        0 => Err(ApiError::Invalid("`text` is empty".into())),
        n if n > MAX_TEXT => Err(ApiError::Invalid(format!(
            "`text` has {n} characters; the most is {MAX_TEXT}"
        ))),
        _ => Ok(text),
    }
}

/// Whether the API is up: no token needed.
#[route(GET, "/health")]
pub fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok" }))
}

/// The caller's notes.
#[route(GET, "/notes")]
pub async fn list_notes(caller: Caller, store: State<Store>) -> Json<Vec<Note>> {
    Json(store.list(&caller.name).await)
}

/// A new note: `201 Created` with its `Location`.
#[route(POST, "/notes")]
pub async fn create_note(
    caller: Caller,
    store: State<Store>,
    Json(input): Json<NoteInput>,
) -> Result<(StatusCode, [(&'static str, String); 1], Json<Note>), ApiError> {
    let note = store.create(&caller.name, checked(input)?).await;
    let location = gatewright::uri!("/v1", get_note(id = note.id));
    Ok((StatusCode::CREATED, [("location", location)], Json(note)))
}

/// One of the caller's notes.
#[route(GET, "/notes/<id>")]
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
#[route(PUT, "/notes/<id>")]
pub async fn update_note(
    caller: Caller,
    store: State<Store>,
    id: u64,
    Json(input): Json<NoteInput>,
) -> Result<Json<Note>, ApiError> {
    let text = checked(input)?;
    store
        .update(&caller.name, id, text)
        .await
        .map(Json)
        .ok_or(ApiError::NotFound(id))
}

/// Deletes one of the caller's notes: `204`.
#[route(DELETE, "/notes/<id>")]
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
