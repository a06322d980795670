//! `Form<T>`: an `application/x-www-form-urlencoded` body read with serde (the `forms` feature).
//!
//! The body is parsed by `serde_html_form`, which reads a repeated name (`tag=a&tag=b`) into a
//! `Vec` and an empty value as `None` for an `Option`, as browsers send forms; the field that
//! didn't parse is named by `serde_path_to_error`.

use std::future::Ready;

use serde::de::DeserializeOwned;

use super::extract::FromRequest;
use super::media_type;
use super::parts::Request;
use crate::response::Rejection;

/// The media type [`Form`] reads.
pub const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";

/// A form body (`application/x-www-form-urlencoded`), deserialized into `T`.
///
/// Another `Content-Type` is a `415`; a field that is missing or doesn't parse is a `400` whose
/// JSON body names it. A base64-encoded body (`isBase64Encoded`) is decoded first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Form<T>(pub T);

impl<'r, T: DeserializeOwned + Send> FromRequest<'r> for Form<T> {
    type Rejection = Rejection;
    type Future = Ready<Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        std::future::ready(read(request))
    }
}

fn read<T: DeserializeOwned>(request: &Request<'_>) -> Result<Form<T>, Rejection> {
    media_type::require(request, FORM_URLENCODED)?;
    let body = request.body()?;
    let deserializer = serde_html_form::Deserializer::from_bytes(&body);
    serde_path_to_error::deserialize(deserializer)
        .map(Form)
        .map_err(|err| {
            let reason = err.inner().to_string();
            let path = err.path().to_string();
            let field = match path.as_str() {
                // The struct itself failed: serde says which field was missing.
                "." => missing_field(&reason).unwrap_or_default().to_owned(),
                _ => path,
            };
            Rejection::InvalidBodyField { field, reason }
        })
}

/// The name in serde's "missing field `name`".
fn missing_field(reason: &str) -> Option<&str> {
    reason.strip_prefix("missing field `")?.strip_suffix('`')
}
