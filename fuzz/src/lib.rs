//! What the fuzz targets share (see the README's "Fuzzing"): the API they serve events with
//! (`api`), the checks of any bytes (`check`), serde_json's reading of an event that
//! gatewright's must equal (`reading`), and the edits of real events (`mutation`) with the
//! lexer they find their way with (`tokens`).

pub mod api;
pub mod check;
pub mod mutation;
pub mod reading;
mod tokens;
