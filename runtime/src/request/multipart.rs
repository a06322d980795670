//! `Multipart`: a `multipart/form-data` body, its fields and files (the `multipart` feature).
//!
//! Lambda hands the function the whole body (at most 6 MB, base64-encoded when binary, which
//! is decoded first), so every part is read before the handler runs, with `multer`.

use std::convert::Infallible;

use bytes::Bytes;

use super::extract::{BoxFuture, FromRequest};
use super::media_type;
use super::parts::Request;
use crate::response::Rejection;

/// The media type [`Multipart`] reads.
pub const MULTIPART_FORM_DATA: &str = "multipart/form-data";

/// A `multipart/form-data` body: the parts of an HTML form with `enctype="multipart/form-data"`,
/// text fields and uploaded files, in the order sent.
///
/// Another `Content-Type` (or one without a `boundary`) is a `415`/`400`; a body that isn't
/// well-formed multipart is a `400` that names the part where it broke.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// One part of a [`Multipart`] body: a field, or a file when it has a file name.
#[derive(Debug, Clone)]
pub struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Multipart {
    /// Every part, in the order sent.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The first part named `name`.
    pub fn get(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|part| part.name == name)
    }

    /// Every part named `name` (a `<select multiple>`, several files under one name).
    pub fn get_all<'m>(&'m self, name: &'m str) -> impl Iterator<Item = &'m Part> + 'm {
        self.parts.iter().filter(move |part| part.name == name)
    }

    /// The text of the first part named `name`: `None` when there is none, a `400` naming the
    /// field when it is not UTF-8.
    pub fn text(&self, name: &str) -> Result<Option<&str>, Rejection> {
        self.get(name).map(Part::text).transpose()
    }

    /// The parts that are files (those sent with a file name).
    pub fn files(&self) -> impl Iterator<Item = &Part> {
        self.parts.iter().filter(|part| part.file_name.is_some())
    }
}

impl Part {
    /// The form field's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file name the client gave, for a file. It is the client's text: to store the file
    /// under it, check it as [`FileName`](crate::FileName) does.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The part's `Content-Type`, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The part's bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.data
    }

    /// The part's bytes as text; a `400` naming the field when they are not UTF-8.
    pub fn text(&self) -> Result<&str, Rejection> {
        std::str::from_utf8(&self.data).map_err(|err| Rejection::InvalidBodyField {
            field: self.name.clone(),
            reason: format!("the field is not UTF-8 text: {err}"),
        })
    }
}

impl<'r> FromRequest<'r> for Multipart {
    type Rejection = Rejection;
    type Future = BoxFuture<'r, Result<Self, Rejection>>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        let start = media_type::require(request, MULTIPART_FORM_DATA).and_then(|content_type| {
            let boundary = multer::parse_boundary(content_type.as_ref()).map_err(|_| {
                Rejection::InvalidBodyField {
                    field: String::new(),
                    reason: "the `Content-Type` of a multipart body needs a `boundary`".to_owned(),
                }
            })?;
            Ok((boundary, Bytes::from(request.body()?.into_owned())))
        });
        Box::pin(async move {
            let (boundary, body) = start?;
            read(body, boundary).await
        })
    }
}

/// Reads every part of `body`.
async fn read(body: Bytes, boundary: String) -> Result<Multipart, Rejection> {
    let stream = futures_util::stream::once(async move { Ok::<_, Infallible>(body) });
    let mut reader = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    let mut last_name = String::new();
    loop {
        let field = match reader.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => {
                // Between parts: the body as a whole is broken, after the last good part.
                let after = match last_name.as_str() {
                    "" => String::new(),
                    name => format!(" after the part `{name}`"),
                };
                return Err(Rejection::InvalidBodyField {
                    field: String::new(),
                    reason: format!("the multipart body is malformed{after}: {err}"),
                });
            }
        };
        let Some(name) = field.name().map(str::to_owned) else {
            return Err(Rejection::InvalidBodyField {
                field: String::new(),
                reason: format!(
                    "part {} has no name in its `Content-Disposition: form-data; name=\"...\"`",
                    parts.len() + 1
                ),
            });
        };
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let data = field.bytes().await.map_err(|err| malformed(&name, err))?;
        last_name.clone_from(&name);
        parts.push(Part {
            name,
            file_name,
            content_type,
            data,
        });
    }
    Ok(Multipart { parts })
}

/// A part whose data broke off, named.
fn malformed(field: &str, err: multer::Error) -> Rejection {
    let field = match &err {
        multer::Error::IncompleteFieldData {
            field_name: Some(name),
        } => name.clone(),
        _ => field.to_owned(),
    };
    Rejection::InvalidBodyField {
        field,
        reason: format!("the multipart body is malformed: {err}"),
    }
}
