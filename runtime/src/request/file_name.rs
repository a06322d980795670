//! [`FileName`]: a value read from one path segment (or a query parameter, header or stage
//! variable) that is safe to use as the name of a file or directory.

use std::fmt;
use std::ops::Deref;
use std::path::Path;

use super::extract::{FromParam, ParamError};

/// One file or directory name: not empty, not `.` or `..`, and without `/`, `\`, NUL or any
/// other control character; anything else is a `400` that says why.
///
/// Take it where a `<name>` segment becomes part of a path on disk, a key or a URL: a `String`
/// receives the value as it comes, and that may be `../../etc/passwd`, which API Gateway
/// decodes from `..%2F..%2Fetc%2Fpasswd` into a single segment. It derefs to `str`.
///
/// ```
/// use std::path::Path;
/// use gatewright::prelude::*;
/// use gatewright::testing::TestClient;
///
/// #[route(GET, "/files/<name>")]
/// fn download(name: FileName) -> String {
///     Path::new("/srv/files").join(name).display().to_string()
/// }
///
/// let client = TestClient::new(gatewright::api!(download));
/// assert_eq!(client.get("/files/report.pdf").send().text(), "/srv/files/report.pdf");
/// let refused = client.get("/files/..%2F..%2Fetc%2Fpasswd").send();
/// assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
/// ```
///
/// Names it lets through that may still need care: names starting with `.` (hidden files,
/// `.env`), names that are reserved on Windows (`CON`, `a:b`), names longer than the file
/// system allows, and a name that is a symbolic link in the directory. For the rest of a path
/// (`<path+>`), take [`Segments`](crate::Segments).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileName<'r>(&'r str);

impl<'r> FileName<'r> {
    /// The name.
    pub fn as_str(&self) -> &'r str {
        self.0
    }
}

impl<'r> FromParam<'r> for FileName<'r> {
    fn from_param(value: &'r str) -> Result<Self, ParamError> {
        match refusal(value) {
            None => Ok(FileName(value)),
            Some(reason) => Err(ParamError::new("file name", reason)),
        }
    }
}

/// Why `value` can't be a file name, if it can't.
fn refusal(value: &str) -> Option<&'static str> {
    match value {
        "" => Some("a file name can't be empty"),
        "." | ".." => Some("`.` and `..` are not file names"),
        _ if value.contains('/') => Some("a file name can't contain `/`"),
        _ if value.contains('\\') => Some("a file name can't contain `\\`"),
        _ if value.contains(char::is_control) => {
            Some("a file name can't contain NUL or other control characters")
        }
        _ => None,
    }
}

impl Deref for FileName<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for FileName<'_> {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl AsRef<Path> for FileName<'_> {
    fn as_ref(&self) -> &Path {
        Path::new(self.0)
    }
}

impl fmt::Display for FileName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for FileName<'_> {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for FileName<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_one_plain_name() {
        let table: [(&str, Option<&str>); 17] = [
            ("report.pdf", None),
            (".env", None),
            ("...", None),
            ("..a", None),
            ("a b", None),
            ("café", None),
            ("\u{a0}", None),
            ("", Some("a file name can't be empty")),
            (".", Some("`.` and `..` are not file names")),
            ("..", Some("`.` and `..` are not file names")),
            ("../../etc/passwd", Some("a file name can't contain `/`")),
            ("a/b", Some("a file name can't contain `/`")),
            ("..\\windows", Some("a file name can't contain `\\`")),
            (
                "a\0b",
                Some("a file name can't contain NUL or other control characters"),
            ),
            (
                "bell\u{7}",
                Some("a file name can't contain NUL or other control characters"),
            ),
            (
                "del\u{7f}",
                Some("a file name can't contain NUL or other control characters"),
            ),
            (
                "next\u{85}line",
                Some("a file name can't contain NUL or other control characters"),
            ),
        ];
        for (value, reason) in table {
            let result = FileName::from_param(value);
            match reason {
                None => assert_eq!(result, Ok(FileName(value)), "{value:?}"),
                Some(reason) => {
                    assert_eq!(
                        result,
                        Err(ParamError::new("file name", reason)),
                        "{value:?}"
                    )
                }
            }
        }
    }
}
