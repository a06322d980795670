//! Where notes live: a store opened once per cold start and shared by every request.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;

/// The API's settings, from the environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `NOTES_STORE`: which store to open; `memory` (the default) is the one there is.
    pub store: String,
    /// `NOTES_TOKENS`: the bearer tokens that may call the API, as `token=name,...`.
    pub tokens: Vec<(String, String)>,
    /// `NOTES_CORS_ORIGINS`: the browser origins allowed to call it, comma-separated.
    pub cors_origins: Vec<String>,
}

impl Config {
    /// Reads the environment; `NOTES_TOKENS` defaults to one token for development.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        let tokens = match var("NOTES_TOKENS") {
            spec if spec.is_empty() => vec![("dev-token".to_owned(), "dev".to_owned())],
            spec => spec
                .split(',')
                .filter_map(|pair| pair.split_once('='))
                .map(|(token, name)| (token.trim().to_owned(), name.trim().to_owned()))
                .collect(),
        };
        Config {
            store: match var("NOTES_STORE") {
                store if store.is_empty() => "memory".to_owned(),
                store => store,
            },
            tokens,
            cors_origins: var("NOTES_CORS_ORIGINS")
                .split(',')
                .map(str::trim)
                .filter(|origin| !origin.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// A note as stored and as answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Note {
    /// Its id, given by the store.
    pub id: u64,
    /// Who wrote it.
    pub owner: String,
    /// The text.
    pub text: String,
}

/// A note as a client sends it.
#[derive(Debug, Clone, Deserialize, JsonSchema, garde::Validate)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// The text, 1 to 1000 characters, not only whitespace.
    #[garde(length(chars, min = 1, max = 1000), custom(not_blank))]
    pub text: String,
}

fn not_blank(text: &str, _: &()) -> garde::Result {
    match text.trim().is_empty() {
        true => Err(garde::Error::new("is only whitespace")),
        false => Ok(()),
    }
}

/// The notes and the tokens of who may read them.
pub struct Store {
    notes: Mutex<BTreeMap<u64, Note>>,
    next_id: Mutex<u64>,
    tokens: Vec<(String, String)>,
}

impl Store {
    /// Opens the store `config` names: the work a real store does with `.await` (connect,
    /// fetch secrets) once per cold start. An unknown store is an error, which Lambda shows.
    pub async fn open(config: &Config) -> Result<Store, String> {
        tokio::task::yield_now().await;
        if config.store != "memory" {
            return Err(format!(
                "NOTES_STORE is {:?}; the store this build has is \"memory\"",
                config.store
            ));
        }
        Ok(Store {
            notes: Mutex::new(BTreeMap::new()),
            next_id: Mutex::new(1),
            tokens: config.tokens.clone(),
        })
    }

    /// Who owns `token`, if anyone.
    pub async fn caller(&self, token: &str) -> Option<String> {
        self.tokens
            .iter()
            .find(|(known, _)| known == token)
            .map(|(_, name)| name.clone())
    }

    /// Every note of `owner`, by id.
    pub async fn list(&self, owner: &str) -> Vec<Note> {
        let notes = self.notes.lock().await;
        notes
            .values()
            .filter(|note| note.owner == owner)
            .cloned()
            .collect()
    }

    /// A new note of `owner`.
    pub async fn create(&self, owner: &str, text: String) -> Note {
        let mut next_id = self.next_id.lock().await;
        let note = Note {
            id: *next_id,
            owner: owner.to_owned(),
            text,
        };
        *next_id += 1;
        self.notes.lock().await.insert(note.id, note.clone());
        note
    }

    /// Note `id`, if `owner` has it.
    pub async fn get(&self, owner: &str, id: u64) -> Option<Note> {
        let notes = self.notes.lock().await;
        notes.get(&id).filter(|note| note.owner == owner).cloned()
    }

    /// Replaces the text of note `id` of `owner`.
    pub async fn update(&self, owner: &str, id: u64, text: String) -> Option<Note> {
        let mut notes = self.notes.lock().await;
        let note = notes.get_mut(&id).filter(|note| note.owner == owner)?;
        note.text = text;
        Some(note.clone())
    }

    /// Removes note `id` of `owner`; whether there was one.
    pub async fn delete(&self, owner: &str, id: u64) -> bool {
        let mut notes = self.notes.lock().await;
        match notes.get(&id) {
            Some(note) if note.owner == owner => notes.remove(&id).is_some(),
            _ => false,
        }
    }
}
