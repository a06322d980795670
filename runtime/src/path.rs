//! The API-relative path of a request, as the list of decoded segments the router matches.
//!
//! API Gateway tells the path twice. `resource` (`/users/{id}`, `/{proxy+}`) with
//! `pathParameters` is relative to the API and already percent-decoded, whatever stage name or
//! custom-domain base path the client used; `path` is what the client sent after the domain,
//! still percent-encoded, and may carry a base path. So the segments are rebuilt from
//! `resource` and `pathParameters` wherever they are given, and read from `path` otherwise.

use std::borrow::Cow;
use std::fmt;

use crate::event::RestEvent;

/// A path that can't be routed.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath {
    /// The segment that was wrong, as sent.
    pub segment: String,
}

impl fmt::Display for BadPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the path segment `{}` is not valid percent-encoded UTF-8",
            self.segment
        )
    }
}

/// The decoded segments of the request's API-relative path, the leading `/` and one trailing
/// `/` left out: `/` gives none, `/users/42/` gives `users`, `42`.
pub fn segments<'a>(event: &RestEvent<'a>) -> Result<Vec<Cow<'a, str>>, BadPath> {
    if let Some(resource) = &event.resource {
        if let Some(segments) = from_resource(resource, event) {
            return Ok(segments);
        }
    }
    from_path(
        event.path.as_ref().map_or("/", |p| p.as_ref()),
        event.path.as_ref(),
    )
}

/// Rebuilds the segments from `resource` and `pathParameters`; `None` when a parameter the
/// resource names is missing.
fn from_resource<'a>(resource: &Cow<'a, str>, event: &RestEvent<'a>) -> Option<Vec<Cow<'a, str>>> {
    let mut segments = Vec::with_capacity(8);
    for part in resource.split('/').filter(|part| !part.is_empty()) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => match name.strip_suffix('+') {
                Some(greedy) => {
                    let value = event.path_parameters.get(greedy)?;
                    push_split(&mut segments, value);
                }
                None => segments.push(event.path_parameters.get(name)?.clone()),
            },
            None => segments.push(reborrow(resource, part)),
        }
    }
    Some(segments)
}

/// Splits a greedy parameter's value on `/`, dropping one trailing empty segment.
#[allow(clippy::ptr_arg)] // The `Cow` says whether the pieces can borrow from the event.
fn push_split<'a>(segments: &mut Vec<Cow<'a, str>>, value: &Cow<'a, str>) {
    let value_str: &str = value;
    let trimmed = value_str.strip_suffix('/').unwrap_or(value_str);
    let trimmed = trimmed.strip_prefix('/').unwrap_or(trimmed);
    for piece in trimmed.split('/') {
        segments.push(reborrow(value, piece));
    }
}

/// `piece`, a slice of `whole`, with the lifetime of the event when `whole` is borrowed from it.
fn reborrow<'a>(whole: &Cow<'a, str>, piece: &str) -> Cow<'a, str> {
    match whole {
        Cow::Borrowed(s) => {
            let start = piece.as_ptr() as usize - s.as_ptr() as usize;
            Cow::Borrowed(&s[start..start + piece.len()])
        }
        Cow::Owned(_) => Cow::Owned(piece.to_owned()),
    }
}

fn from_path<'a>(path: &str, whole: Option<&Cow<'a, str>>) -> Result<Vec<Cow<'a, str>>, BadPath> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    let mut segments = Vec::with_capacity(8);
    if path.is_empty() {
        return Ok(segments);
    }
    for raw in path.split('/') {
        let decoded = match percent_decode(raw) {
            Some(Cow::Owned(s)) => Cow::Owned(s),
            Some(Cow::Borrowed(_)) => match whole {
                Some(whole) => reborrow(whole, raw),
                None => Cow::Owned(raw.to_owned()),
            },
            None => {
                return Err(BadPath {
                    segment: raw.to_owned(),
                })
            }
        };
        segments.push(decoded);
    }
    Ok(segments)
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
/// `+` stays `+`: it means a space only in query strings.
pub fn percent_decode(input: &str) -> Option<Cow<'_, str>> {
    if !input.contains('%') {
        return Some(Cow::Borrowed(input));
    }
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> RestEvent<'_> {
        RestEvent::parse(json.as_bytes()).unwrap()
    }

    fn segs(json: &str) -> Result<Vec<String>, BadPath> {
        segments(&event(json)).map(|s| s.into_iter().map(Cow::into_owned).collect())
    }

    #[test]
    fn rebuilt_from_resource_and_path_parameters_ignoring_the_stage() {
        let table: &[(&str, &[&str])] = &[
            (
                r#"{"httpMethod":"GET","resource":"/{proxy+}","path":"/test/hello","pathParameters":{"proxy":"hello"}}"#,
                &["hello"],
            ),
            (
                r#"{"httpMethod":"GET","resource":"/{proxy+}","path":"/base/a/b/","pathParameters":{"proxy":"a/b/"}}"#,
                &["a", "b"],
            ),
            (
                r#"{"httpMethod":"GET","resource":"/users/{id}","path":"/prod/users/a%2Fb","pathParameters":{"id":"a/b"}}"#,
                &["users", "a/b"],
            ),
            (
                r#"{"httpMethod":"GET","resource":"/","path":"/prod/"}"#,
                &[],
            ),
            (
                r#"{"httpMethod":"GET","resource":"/hello","path":"/v1/hello"}"#,
                &["hello"],
            ),
        ];
        for (json, expected) in table {
            assert_eq!(segs(json).unwrap(), *expected, "{json}");
        }
    }

    #[test]
    fn read_from_the_path_when_the_resource_cannot_tell() {
        let table: &[(&str, &[&str])] = &[
            (
                r#"{"httpMethod":"GET","path":"/hello/w%C3%B6rld"}"#,
                &["hello", "wörld"],
            ),
            (r#"{"httpMethod":"GET","path":"/a%2Fb/c/"}"#, &["a/b", "c"]),
            (r#"{"httpMethod":"GET","path":"/a+b"}"#, &["a+b"]),
            (
                r#"{"httpMethod":"GET","resource":"/x/{id}","path":"/x/1"}"#,
                &["x", "1"],
            ),
            (r#"{"httpMethod":"GET"}"#, &[]),
            (r#"{"httpMethod":"GET","path":"/a//b"}"#, &["a", "", "b"]),
        ];
        for (json, expected) in table {
            assert_eq!(segs(json).unwrap(), *expected, "{json}");
        }
    }

    #[test]
    fn bad_percent_encoding_is_an_error() {
        for path in ["/a%zz", "/a%2", "/a%FF"] {
            let json = format!(r#"{{"httpMethod":"GET","path":"{path}"}}"#);
            assert!(segs(&json).is_err(), "{path}");
        }
    }
}
