//! One request, as the router and the extractors see it.

use std::borrow::Cow;

use base64::Engine as _;
use http::Method;
use lambda_runtime::Context;

use crate::event::RestEvent;
use crate::method::MethodKind;
use crate::path;
use crate::rejection::Rejection;

/// A request: the event it came in, borrowed from the event's bytes, and its routing facts.
#[derive(Debug)]
pub struct Request<'a> {
    event: RestEvent<'a>,
    method: Method,
    segments: Vec<Cow<'a, str>>,
    context: &'a Context,
}

impl<'a> Request<'a> {
    /// Reads a request from the bytes of a REST API proxy event.
    pub fn from_event(bytes: &'a [u8], context: &'a Context) -> Result<Self, Rejection> {
        let event = RestEvent::parse(bytes).map_err(|err| Rejection::MalformedEvent {
            message: err.to_string(),
        })?;
        let method = Method::from_bytes(event.http_method.as_bytes()).map_err(|_| {
            Rejection::MalformedEvent {
                message: format!(
                    "`httpMethod` is not an HTTP method: {:?}",
                    event.http_method
                ),
            }
        })?;
        let segments = path::segments(&event).map_err(|err| Rejection::BadPath {
            segment: err.segment,
        })?;
        Ok(Request {
            event,
            method,
            segments,
            context,
        })
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    #[doc(hidden)]
    pub fn method_kind(&self) -> MethodKind {
        MethodKind::of(&self.method)
    }

    /// The decoded segments of the API-relative path (see the crate docs on matching).
    pub fn segments(&self) -> &[Cow<'a, str>] {
        &self.segments
    }

    /// The event, for fields no extractor covers.
    pub fn event(&self) -> &RestEvent<'a> {
        &self.event
    }

    /// The Lambda invocation's context.
    pub fn lambda_context(&self) -> &'a Context {
        self.context
    }

    /// The query parameter `name`.
    pub fn query(&self, name: &str) -> Field<'_> {
        Field {
            single: self
                .event
                .query_string_parameters
                .get(name)
                .map(|v| v.as_ref()),
            multi: self.event.multi_value_query_string_parameters.get(name),
        }
    }

    /// The header `name`, compared ignoring ASCII case.
    pub fn header(&self, name: &str) -> Field<'_> {
        Field {
            single: self.event.headers.get_ignore_case(name).map(|v| v.as_ref()),
            multi: self.event.multi_value_headers.get_ignore_case(name),
        }
    }

    /// The stage variable `name`.
    pub fn stage_variable(&self, name: &str) -> Field<'_> {
        Field {
            single: self.event.stage_variables.get(name).map(|v| v.as_ref()),
            multi: None,
        }
    }

    /// The body's bytes: decoded from base64 when the event says it is base64, borrowed otherwise.
    pub fn body(&self) -> Result<Cow<'_, [u8]>, Rejection> {
        let Some(body) = &self.event.body else {
            return Ok(Cow::Borrowed(&[]));
        };
        if !self.event.is_base64_encoded {
            return Ok(Cow::Borrowed(body.as_bytes()));
        }
        base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map(Cow::Owned)
            .map_err(|err| Rejection::InvalidBody {
                reason: format!("the body is marked base64 but is not: {err}"),
            })
    }
}

/// The values of one named field of a request: a query parameter, header or stage variable.
///
/// API Gateway gives each field twice: the last value alone, and every value. A single value is
/// the last one, as API Gateway chose it; a list is every value.
#[derive(Debug, Clone, Copy)]
pub struct Field<'r> {
    single: Option<&'r str>,
    multi: Option<&'r [Cow<'r, str>]>,
}

impl<'r> Field<'r> {
    /// A field with the given values, for extractors' tests.
    pub fn from_values(values: &'r [Cow<'r, str>]) -> Self {
        Field {
            single: None,
            multi: Some(values),
        }
    }

    /// The last value, if any.
    pub fn last(&self) -> Option<&'r str> {
        self.single.or_else(|| {
            self.multi
                .and_then(|values| values.last())
                .map(|v| v.as_ref())
        })
    }

    /// Every value, in order.
    pub fn all(&self) -> impl Iterator<Item = &'r str> {
        let multi = self.multi.filter(|values| !values.is_empty());
        let single = if multi.is_none() { self.single } else { None };
        multi
            .into_iter()
            .flatten()
            .map(|v| v.as_ref())
            .chain(single)
    }
}
