//! The body's media type, checked before a typed body extractor reads the body.

use std::borrow::Cow;

use super::parts::Request;
use crate::response::Rejection;

/// The request's `Content-Type` when its media type is `expected` (compared ignoring ASCII
/// case and parameters such as `charset` or `boundary`); otherwise a `415` that names both.
pub(crate) fn require<'a>(
    request: &Request<'a>,
    expected: &'static str,
) -> Result<Cow<'a, str>, Rejection> {
    let value = request.header("content-type")?.as_slice().last().cloned();
    match value {
        Some(value) if essence(&value).eq_ignore_ascii_case(expected) => Ok(value),
        received => Err(Rejection::UnsupportedMediaType {
            expected,
            received: received.map(Cow::into_owned),
        }),
    }
}

/// `type/subtype` of a `Content-Type` value, without its parameters.
fn essence(value: &str) -> &str {
    value.split(';').next().unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::essence;

    #[test]
    fn parameters_are_not_part_of_the_media_type() {
        assert_eq!(
            essence("application/x-www-form-urlencoded; charset=UTF-8"),
            "application/x-www-form-urlencoded"
        );
        assert_eq!(
            essence(" multipart/form-data;boundary=x"),
            "multipart/form-data"
        );
        assert_eq!(essence(""), "");
    }
}
