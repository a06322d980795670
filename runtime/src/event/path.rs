//! The API-relative path of a request, as the list of decoded segments the router matches.
//!
//! API Gateway tells the path twice. The template that matched (`resource` such as
//! `/users/{id}`, or the path of an HTTP API's `routeKey`) with `pathParameters` is relative to
//! the API and already decoded, whatever stage name or custom-domain base path the client used.
//! The path itself (`path`, `rawPath`) is what the client sent after the domain. So segments are
//! rebuilt from the template and its parameters wherever they are given, and read from the path
//! otherwise: split on `/`, then each segment percent-decoded where the source leaves the path
//! encoded (see `proxy_event.rs`). An HTTP API's path starts with the stage name unless the stage is
//! `$default`; that prefix is removed.

use std::borrow::Cow;
use std::fmt;

use super::percent::percent_decode;
use super::proxy_event::{Event, EventSource};
use super::raw::Case;

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
pub fn segments<'a>(event: &Event<'a>) -> Result<Vec<Cow<'a, str>>, BadPath> {
    if let Some(resource) = event.resource_cow() {
        if let Some(segments) = from_template(resource, event) {
            return Ok(segments);
        }
    }
    let Some(path) = event.path_cow() else {
        return Ok(Vec::new());
    };
    // Only HTTP APIs put the stage in the path; the lookup scans `requestContext`, so skip it
    // for the others.
    let stage = match event.source() {
        EventSource::HttpApiV1 | EventSource::HttpApiV2 => event.stage(),
        _ => None,
    };
    let path = match stage {
        Some(stage) if stage != "$default" => strip_stage(path, &stage),
        _ => path.clone(),
    };
    from_path(&path, event.path_is_encoded())
}

/// `/prod/users` → `/users` for stage `prod`.
fn strip_stage<'a>(path: &Cow<'a, str>, stage: &str) -> Cow<'a, str> {
    let text: &str = path;
    match text
        .strip_prefix('/')
        .and_then(|rest| rest.strip_prefix(stage))
    {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => reborrow(path, rest),
        _ => path.clone(),
    }
}

/// Rebuilds the segments from a template and `pathParameters`; `None` when a parameter the
/// template names is missing.
fn from_template<'a>(template: &Cow<'a, str>, event: &Event<'a>) -> Option<Vec<Cow<'a, str>>> {
    let mut segments = Vec::with_capacity(8);
    for part in template.split('/').filter(|part| !part.is_empty()) {
        match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(name) => match name.strip_suffix('+') {
                Some(greedy) => {
                    let value = event.path_parameters.get(greedy, Case::Sensitive).ok()??;
                    push_split(&mut segments, &value);
                }
                None => segments.push(event.path_parameters.get(name, Case::Sensitive).ok()??),
            },
            None => segments.push(reborrow(template, part)),
        }
    }
    Some(segments)
}

/// Splits a greedy parameter's value on `/`, dropping one leading and one trailing `/`.
#[allow(clippy::ptr_arg)] // The `Cow` says whether the pieces can borrow from the event.
fn push_split<'a>(segments: &mut Vec<Cow<'a, str>>, value: &Cow<'a, str>) {
    let text: &str = value;
    let trimmed = text.strip_suffix('/').unwrap_or(text);
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

fn from_path<'a>(path: &Cow<'a, str>, encoded: bool) -> Result<Vec<Cow<'a, str>>, BadPath> {
    let text: &str = path;
    let trimmed = text.strip_prefix('/').unwrap_or(text);
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let mut segments = Vec::with_capacity(8);
    if trimmed.is_empty() {
        return Ok(segments);
    }
    for raw in trimmed.split('/') {
        let segment = if encoded {
            match percent_decode(raw) {
                Some(Cow::Owned(decoded)) => Cow::Owned(decoded),
                Some(Cow::Borrowed(_)) => reborrow(path, raw),
                None => {
                    return Err(BadPath {
                        segment: raw.to_owned(),
                    })
                }
            }
        } else {
            reborrow(path, raw)
        };
        segments.push(segment);
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(json: &str) -> Result<Vec<String>, BadPath> {
        let event = Event::parse(json.as_bytes()).unwrap();
        segments(&event).map(|s| s.into_iter().map(Cow::into_owned).collect())
    }

    #[test]
    fn rebuilt_from_the_template_ignoring_stage_and_base_path() {
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
            (
                r#"{"version":"2.0","routeKey":"GET /users/{id}","rawPath":"/prod/users/7","pathParameters":{"id":"7"},"requestContext":{"http":{"method":"GET"},"stage":"prod"}}"#,
                &["users", "7"],
            ),
        ];
        for (json, expected) in table {
            assert_eq!(segs(json).unwrap(), *expected, "{json}");
        }
    }

    #[test]
    fn read_from_the_path_when_the_template_cannot_tell() {
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
            // HTTP APIs decode the path and put the stage in front of it.
            (
                r#"{"version":"2.0","routeKey":"$default","rawPath":"/prod/a%20b/c","requestContext":{"http":{"method":"GET"},"stage":"prod"}}"#,
                &["a%20b", "c"],
            ),
            (
                r#"{"version":"2.0","routeKey":"$default","rawPath":"/production/x","requestContext":{"http":{"method":"GET"},"stage":"prod"}}"#,
                &["production", "x"],
            ),
            (
                r#"{"version":"2.0","routeKey":"$default","rawPath":"/x","requestContext":{"http":{"method":"GET"},"stage":"$default"}}"#,
                &["x"],
            ),
            // Function URLs and load balancers leave it encoded.
            (
                r#"{"version":"2.0","rawPath":"/a%20b","requestContext":{"http":{"method":"GET"},"domainName":"f.lambda-url.eu-west-1.on.aws"}}"#,
                &["a b"],
            ),
            // cargo-lambda's emulated Function URL.
            (
                r#"{"version":"2.0","httpMethod":"GET","routeKey":"$default","rawPath":"/hello/b%20ob","requestContext":{"http":{"method":"GET"},"stage":"$default","apiId":null,"domainName":"localhost","domainPrefix":"_"}}"#,
                &["hello", "b ob"],
            ),
            (
                r#"{"httpMethod":"GET","path":"/a%20b","requestContext":{"elb":{}}}"#,
                &["a b"],
            ),
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
