//! [`Valid<T>`]: a body or parameter checked against its type's `garde` rules; a value that
//! breaks them is a `422` listing every failing field (the `garde` feature).

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use garde::Validate;

use super::extract::{FromParam, FromRequest, ParamError};
use super::parts::Request;
use crate::response::{Json, Rejection, Source, Violation};

/// A value that parsed and keeps its type's rules (`#[derive(garde::Validate)]`), or the
/// request is refused with `422` and a JSON body that lists every field that doesn't, with
/// what is wrong:
///
/// - `Valid<Json<T>>`, `Valid<Form<T>>` (with the `forms` feature): a body; `{"error": ..., "fields": [{"path": "items[1].name", "message": ...}], "source": "body"}`;
/// - `Valid<T>` as a path, query or header parameter (`#[query] page: Valid<Page>`), for a
///   `T` that implements [`FromParam`]; `Option<Valid<T>>` and `Vec<Valid<T>>` too.
///
/// With the `schemars` feature the rules are in the OpenAPI document's schemas too, and every
/// route that takes a `Valid` argument documents its `422`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Valid<T>(pub T);

impl<T> Valid<T> {
    /// The value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Valid<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// A JSON body keeps the rules of the value in it.
impl<T: Validate> Validate for Json<T> {
    type Context = T::Context;

    fn validate_into(
        &self,
        ctx: &Self::Context,
        parent: &mut dyn FnMut() -> garde::Path,
        report: &mut garde::Report,
    ) {
        self.0.validate_into(ctx, parent, report);
    }
}

/// A form body keeps the rules of the value in it.
#[cfg(feature = "forms")]
impl<T: Validate> Validate for super::form::Form<T> {
    type Context = T::Context;

    fn validate_into(
        &self,
        ctx: &Self::Context,
        parent: &mut dyn FnMut() -> garde::Path,
        report: &mut garde::Report,
    ) {
        self.0.validate_into(ctx, parent, report);
    }
}

/// Each failing field of `report`. For a parameter, paths are within it (the wire puts its
/// name in front), and a newtype's own field (`[0]`) is the parameter itself.
fn violations(report: &garde::Report, parameter: bool) -> Vec<Violation> {
    report
        .iter()
        .map(|(path, error)| {
            let path = path.to_string();
            let path = match path.strip_prefix("[0]") {
                Some(rest) if parameter => rest.strip_prefix('.').unwrap_or(rest).to_owned(),
                _ => path,
            };
            Violation::new(path, error.message())
        })
        .collect()
}

/// A parameter that parses as `T` and keeps its rules.
impl<'r, T> FromParam<'r> for Valid<T>
where
    T: FromParam<'r> + Validate,
    T::Context: Default,
{
    fn from_param(value: &'r str) -> Result<Self, ParamError> {
        let value = T::from_param(value)?;
        match value.validate() {
            Ok(()) => Ok(Valid(value)),
            Err(report) => {
                let reason = report
                    .iter()
                    .map(|(_, error)| error.message().to_owned())
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut error = ParamError::new(std::any::type_name::<T>(), reason);
                error.violations = violations(&report, true);
                Err(error)
            }
        }
    }
}

/// A value read from the request (such as `Json<T>`) that keeps its rules.
impl<'r, T> FromRequest<'r> for Valid<T>
where
    T: FromRequest<'r, Rejection = Rejection> + Validate,
    T::Context: Default,
    T::Future: Unpin,
{
    type Rejection = Rejection;
    type Future = Checked<T::Future>;

    fn from_request(request: &'r Request<'r>) -> Self::Future {
        Checked(T::from_request(request))
    }
}

/// The future of [`Valid<T>`] read from the request: `T`'s, then the check.
#[doc(hidden)]
pub struct Checked<F>(F);

impl<T, F> Future for Checked<F>
where
    T: Validate,
    T::Context: Default,
    F: Future<Output = Result<T, Rejection>> + Unpin,
{
    type Output = Result<Valid<T>, Rejection>;

    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.get_mut().0).poll(cx).map(|value| {
            let value = value?;
            match value.validate() {
                Ok(()) => Ok(Valid(value)),
                Err(report) => Err(Rejection::Invalid {
                    source: Source::Body,
                    name: "",
                    violations: violations(&report, false),
                }),
            }
        })
    }
}
