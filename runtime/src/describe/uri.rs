//! Typed reverse routing: [`uri!`](crate::uri!) builds the path of a route from values for its
//! arguments, checked at compile time against the handler's argument types.
//!
//! ```
//! use gatewright::prelude::*;
//!
//! #[route(GET, "/hello/<name>")]
//! fn hello(name: String, #[query] greeting: Option<String>, #[query] tags: Vec<u8>) -> String {
//!     format!("{greeting:?}, {name} {tags:?}")
//! }
//!
//! assert_eq!(gatewright::uri!(hello(name = "bob")), "/hello/bob");
//! assert_eq!(
//!     gatewright::uri!(hello(name = "Jo Doe/2", greeting = "Hi & bye", tags = [1, 2])),
//!     "/hello/Jo%20Doe%2F2?greeting=Hi%20%26%20bye&tags=1&tags=2"
//! );
//! ```
//!
//! Arguments are given by name, in any order. Every path parameter must be given; a query
//! parameter may be left out when its type is `Option<T>` or `Vec<T>`. Stage variables,
//! headers and other arguments are not part of the URI and can't be given. The result is the
//! API-relative path and query (no stage or base path), each path segment and query value
//! percent-encoded (everything but `A-Z a-z 0-9 - . _ ~`), the `/` inside a `<name+>` value
//! kept. A value that is empty for a `<name>` segment gives a path the route doesn't match.
//!
//! A value is accepted for an argument of type `T` when it implements [`IntoParam<T>`]: the
//! integer and float types, `bool` and `char` for themselves (or a reference to one), and
//! `&str`, `String`, `&String` and `Cow<str>` for any string type (`String`, `&str`,
//! `Cow<str>`, `FileName`, and `Segments` for `<name+>`). For `Option<T>` give a value for
//! `T`; for `Vec<T>` anything that iterates over values for `T`. For your own [`FromParam`]
//! types, implement [`IntoParam`].
//!
//! [`FromParam`]: crate::FromParam

use std::borrow::Cow;

use crate::request::extract::Segments;
use crate::request::FileName;

/// A value `uri!` accepts for a route argument of type `T`: the inverse of
/// [`FromParam`](crate::FromParam).
///
/// ```
/// use gatewright::{FromParam, IntoParam, ParamError};
/// use std::borrow::Cow;
///
/// struct Slug(String);
///
/// impl<'r> FromParam<'r> for Slug {
///     fn from_param(value: &'r str) -> Result<Self, ParamError> {
///         Ok(Slug(value.to_owned()))
///     }
/// }
///
/// impl IntoParam<Slug> for &Slug {
///     fn to_param(&self) -> Cow<'_, str> {
///         Cow::Borrowed(&self.0)
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "a `{Self}` can't be given for a route argument of type `{T}` in `uri!`",
    label = "expected a value for a `{T}` argument",
    note = "give a value of type `{T}` (or a string for a string argument); a type of your crate can be given for it by implementing `gatewright::IntoParam<{T}>` for that type"
)]
pub trait IntoParam<T: ?Sized> {
    /// The value as text, before percent-encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

macro_rules! into_param_display {
    ($($ty:ty),*) => {$(
        impl IntoParam<$ty> for $ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }

        impl IntoParam<$ty> for &$ty {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}

into_param_display!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, bool, char
);

macro_rules! into_param_str {
    ($($target:ty),*) => {$(
        impl IntoParam<$target> for &str {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Borrowed(self)
            }
        }

        impl IntoParam<$target> for String {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Borrowed(self)
            }
        }

        impl IntoParam<$target> for &String {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Borrowed(self)
            }
        }

        impl IntoParam<$target> for Cow<'_, str> {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Borrowed(self)
            }
        }
    )*};
}

into_param_str!(String, &str, Cow<'_, str>, FileName<'_>, Segments<'_>);

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 15)] as char);
        }
    }
}

/// One path segment: `.` and `..` are encoded too, so that no client resolves them.
fn encode_segment(text: &str, out: &mut String) {
    match text {
        "." => out.push_str("%2E"),
        ".." => out.push_str("%2E%2E"),
        _ => encode(text, out),
    }
}

/// The URI being built by the code `uri!` writes.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct UriBuilder {
    path: String,
    query: String,
}

impl UriBuilder {
    pub fn new() -> Self {
        UriBuilder::default()
    }

    /// Text already encoded at compile time, such as `/hello`.
    pub fn push_encoded(&mut self, text: &'static str) {
        self.path.push_str(text);
    }

    fn segment(&mut self, value: &str) {
        self.path.push('/');
        encode_segment(value, &mut self.path);
    }

    fn greedy(&mut self, value: &str) {
        for segment in value.split('/') {
            self.segment(segment);
        }
    }

    fn query(&mut self, name: &str, value: &str) {
        self.query
            .push(if self.query.is_empty() { '?' } else { '&' });
        encode(name, &mut self.query);
        self.query.push('=');
        encode(value, &mut self.query);
    }

    pub fn finish(mut self) -> String {
        if self.path.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(&self.query);
        self.path
    }
}

/// The type of argument `K` of a function pointer: `uri!` casts the handler to
/// `fn(_, ...) -> _` and reads its argument types through this, so that they are named in the
/// handler's module, not where `uri!` is written.
#[doc(hidden)]
pub trait Arg<const K: usize> {
    type Type;
}

macro_rules! fn_args {
    ($($all:ident)*) => {
        fn_args!(@each [$($all)*] [] $($all)*);
    };
    (@each [$($all:ident)*] [$($seen:ident)*]) => {};
    (@each [$($all:ident)*] [$($seen:ident)*] $current:ident $($rest:ident)*) => {
        impl<$($all,)* R> Arg<{ 0 $(+ fn_args!(@one $seen))* }> for fn($($all),*) -> R {
            type Type = $current;
        }
        fn_args!(@each [$($all)*] [$($seen)* $current] $($rest)*);
    };
    (@one $seen:ident) => { 1 };
}

fn_args!(A0);
fn_args!(A0 A1);
fn_args!(A0 A1 A2);
fn_args!(A0 A1 A2 A3);
fn_args!(A0 A1 A2 A3 A4);
fn_args!(A0 A1 A2 A3 A4 A5);
fn_args!(A0 A1 A2 A3 A4 A5 A6);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14);
fn_args!(A0 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10 A11 A12 A13 A14 A15);

/// A query argument of type `T`, for method resolution to pick how its value is written:
/// `&&Query<T>` finds [`QueryWrapped`] for `Option<T>` (one value for `T`) and `Vec<T>` (values
/// for `T`), and `Query<T>` finds [`QueryOne`] (one value for `T`) for any other `T`.
#[doc(hidden)]
pub struct Query<T>(std::marker::PhantomData<fn() -> T>);

#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a `{V}` can't be given for this query parameter in `uri!`",
    label = "expected a value for the query parameter",
    note = "for `Option<T>` give a value for `T`; for `Vec<T>` anything that iterates over values for `T`"
)]
pub trait QueryWrapped<V> {
    fn write(&self, uri: &mut UriBuilder, name: &str, value: V);
}

impl<T, V: IntoParam<T>> QueryWrapped<V> for &Query<Option<T>> {
    fn write(&self, uri: &mut UriBuilder, name: &str, value: V) {
        uri.query(name, &value.to_param());
    }
}

impl<T, I> QueryWrapped<I> for &Query<Vec<T>>
where
    I: IntoIterator,
    I::Item: IntoParam<T>,
{
    fn write(&self, uri: &mut UriBuilder, name: &str, values: I) {
        for value in values {
            uri.query(name, &value.to_param());
        }
    }
}

#[doc(hidden)]
pub trait QueryOne<T> {
    fn write<V: IntoParam<T>>(&self, uri: &mut UriBuilder, name: &str, value: V);
}

impl<T> QueryOne<T> for Query<T> {
    fn write<V: IntoParam<T>>(&self, uri: &mut UriBuilder, name: &str, value: V) {
        uri.query(name, &value.to_param());
    }
}

/// The query parameters `uri!` may leave out; `Name` is a unit struct named after the
/// argument, so that the error names it.
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "`uri!` is missing the query parameter `{Name}`, which is required",
    label = "add `{Name} = ...`",
    note = "only `Option<T>` and `Vec<T>` query parameters may be left out; this one is a `{Self}`"
)]
pub trait Omittable<Name> {}

impl<T, Name> Omittable<Name> for Option<T> {}
impl<T, Name> Omittable<Name> for Vec<T> {}

pub fn path<const K: usize, F: Arg<K>, V: IntoParam<F::Type>>(
    uri: &mut UriBuilder,
    _handler: &F,
    value: V,
) {
    uri.segment(&value.to_param());
}

pub fn greedy<const K: usize, F: Arg<K>, V: IntoParam<F::Type>>(
    uri: &mut UriBuilder,
    _handler: &F,
    value: V,
) {
    uri.greedy(&value.to_param());
}

pub fn query<const K: usize, F: Arg<K>>(_handler: &F) -> Query<F::Type> {
    Query(std::marker::PhantomData)
}

pub fn omit<const K: usize, Name, F: Arg<K>>(_handler: &F)
where
    F::Type: Omittable<Name>,
{
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_all_but_unreserved() {
        let table = [
            ("bob", "bob"),
            ("a b", "a%20b"),
            ("a/b", "a%2Fb"),
            ("a+b", "a%2Bb"),
            ("café", "caf%C3%A9"),
            ("~-._", "~-._"),
            ("?#&=%", "%3F%23%26%3D%25"),
            (".", "%2E"),
            ("..", "%2E%2E"),
            ("...", "..."),
        ];
        for (text, encoded) in table {
            let mut out = String::new();
            encode_segment(text, &mut out);
            assert_eq!(out, encoded, "{text}");
        }
    }

    #[test]
    fn builds_paths_and_queries() {
        let mut uri = UriBuilder::new();
        uri.push_encoded("/files");
        uri.greedy("a b/c");
        uri.query("q", "x&y");
        uri.query("q", "");
        assert_eq!(uri.finish(), "/files/a%20b/c?q=x%26y&q=");
        assert_eq!(UriBuilder::new().finish(), "/");
    }
}
