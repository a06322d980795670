//! One request, as the router and the extractors see it.

use std::borrow::Cow;
use std::sync::OnceLock;

use base64::Engine as _;
use http::Method;
use lambda_runtime::Context;
use serde_json::value::RawValue;

use super::state_map::{no_state, StateMap};
use crate::event::method::MethodKind;
use crate::event::path;
use crate::event::query;
use crate::event::raw::{nullable_string, BadValue, Case, Entry, RawObject};
use crate::event::{decode_component, Event, EventSource};
use crate::response::Rejection;

/// A request: the event it came in, borrowed from the event's bytes, and its routing facts.
#[derive(Debug)]
pub struct Request<'a> {
    event: Event<'a>,
    method: Method,
    segments: Vec<Cow<'a, str>>,
    bad_path: Option<String>,
    context: &'a Context,
    state: &'a StateMap,
    request_context: OnceLock<Result<RequestContext<'a>, Rejection>>,
}

fn malformed(field: &str, bad: BadValue) -> Rejection {
    Rejection::MalformedEvent {
        message: format!("in `{field}`: {bad}"),
    }
}

impl<'a> Request<'a> {
    /// Reads a request from the bytes of an HTTP event of any source.
    pub fn from_event(bytes: &'a [u8], context: &'a Context) -> Result<Self, Rejection> {
        let event = Event::parse(bytes).map_err(|err| Rejection::MalformedEvent {
            message: err.to_string(),
        })?;
        Self::from_parsed(event, context)
    }

    /// Reads a request from an event already parsed, so that a rejection can still be
    /// answered in the shape of the event's source.
    pub fn from_parsed(event: Event<'a>, context: &'a Context) -> Result<Self, Rejection> {
        let method = Method::from_bytes(event.method().as_bytes()).map_err(|_| {
            Rejection::MalformedEvent {
                message: format!("the method {:?} is not an HTTP method", event.method()),
            }
        })?;
        // A bad path is answered by the router, so that middleware and catchers see it too.
        let (segments, bad_path) = match path::segments(&event) {
            Ok(segments) => (segments, None),
            Err(err) => (Vec::new(), Some(err.segment)),
        };
        Ok(Request {
            event,
            method,
            segments,
            bad_path,
            context,
            state: no_state(),
            request_context: OnceLock::new(),
        })
    }

    /// Gives the request the API's shared state (see [`State`](crate::State)).
    pub fn with_state(mut self, state: &'a StateMap) -> Self {
        self.state = state;
        self
    }

    /// The API's shared state.
    pub fn state(&self) -> &'a StateMap {
        self.state
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    #[doc(hidden)]
    pub fn method_kind(&self) -> MethodKind {
        MethodKind::of(&self.method)
    }

    /// The path segment that isn't valid percent-encoded UTF-8, if any: such a request matches
    /// no route and is answered `400` by the router.
    pub fn bad_path(&self) -> Option<&str> {
        self.bad_path.as_deref()
    }

    /// The decoded segments of the API-relative path (see the crate docs on matching); empty
    /// when the path is bad.
    pub fn segments(&self) -> &[Cow<'a, str>] {
        &self.segments
    }

    /// The event, for fields no extractor covers.
    pub fn event(&self) -> &Event<'a> {
        &self.event
    }

    /// The Lambda invocation's context.
    pub fn lambda_context(&self) -> &'a Context {
        self.context
    }

    /// Every value of the query parameter `name`, decoded.
    ///
    /// REST and HTTP API (1.0) events give them decoded in `multiValueQueryStringParameters`
    /// (or `queryStringParameters`); payload 2.0 events in `rawQueryString`, decoded here; load
    /// balancers give them still encoded, decoded here.
    pub fn query(&self, name: &str) -> Result<Values<'a>, Rejection> {
        let event = &self.event;
        if event.source().is_v2() {
            // Some hand-written events leave `rawQueryString` empty beside a filled
            // `queryStringParameters`; AWS fills both.
            if let Some(raw) = event.raw_query_string_cow().filter(|raw| !raw.is_empty()) {
                return query::values(raw, name)
                    .map(Values::from_vec)
                    .map_err(|bad| Rejection::BadQuery { pair: bad.0 });
            }
        }
        // A load balancer passes names and values as the client sent them, percent-encoded.
        let case = match event.source() {
            EventSource::Alb { .. } => Case::QueryEncoded,
            _ => Case::Sensitive,
        };
        let values = match event.multi_value_query.get_list(name, case) {
            Ok(Some(values)) => Values::from_vec(values),
            Ok(None) => match event.query.get(name, case) {
                Ok(value) => Values::from_option(value),
                Err(bad) => return Err(malformed("queryStringParameters", bad)),
            },
            Err(bad) => return Err(malformed("multiValueQueryStringParameters", bad)),
        };
        if matches!(event.source(), EventSource::Alb { .. }) {
            return values.decoded_query();
        }
        Ok(values)
    }

    /// Every value of the header `name`, compared ignoring ASCII case. Payload 2.0 events join
    /// repeated headers with commas into one value, and keep cookies apart: `cookie` gives them
    /// joined with `; ` as a browser sends them.
    pub fn header(&self, name: &str) -> Result<Values<'a>, Rejection> {
        let event = &self.event;
        if event.source().is_v2() {
            if name.eq_ignore_ascii_case("cookie") && !event.cookies().is_empty() {
                return Ok(Values::One(Cow::Owned(event.cookies().join("; "))));
            }
        } else {
            match event.multi_value_headers.get_list(name, Case::Insensitive) {
                Ok(Some(values)) => return Ok(Values::from_vec(values)),
                Ok(None) => {}
                Err(bad) => return Err(malformed("multiValueHeaders", bad)),
            }
        }
        event
            .headers
            .get(name, Case::Insensitive)
            .map(Values::from_option)
            .map_err(|bad| malformed("headers", bad))
    }

    /// The stage variable `name`. Load balancers and Function URLs have none.
    pub fn stage_variable(&self, name: &str) -> Result<Values<'a>, Rejection> {
        self.event
            .stage_variables
            .get(name, Case::Sensitive)
            .map(Values::from_option)
            .map_err(|bad| malformed("stageVariables", bad))
    }

    /// Every header as name and value pairs, in the event's order.
    pub fn headers(&self) -> Result<Vec<Entry<'a>>, Rejection> {
        let event = &self.event;
        if !event.source().is_v2() && !event.multi_value_headers.is_empty() {
            let entries = event
                .multi_value_headers
                .list_entries()
                .map_err(|bad| malformed("multiValueHeaders", bad))?;
            return Ok(entries
                .into_iter()
                .flat_map(|(name, values)| {
                    values.into_iter().map(move |value| (name.clone(), value))
                })
                .collect());
        }
        let mut entries = event
            .headers
            .entries()
            .map_err(|bad| malformed("headers", bad))?;
        if event.source().is_v2() && !event.cookies().is_empty() {
            // `cookies` is the cookie header, as `header("cookie")` reads it; a Function URL
            // also leaves the original in `headers`, which would list it twice.
            entries.retain(|(name, _)| !name.eq_ignore_ascii_case("cookie"));
            entries.push((
                Cow::Borrowed("cookie"),
                Cow::Owned(event.cookies().join("; ")),
            ));
        }
        Ok(entries)
    }

    /// The body's bytes: decoded from base64 when the event says it is base64, borrowed otherwise.
    pub fn body(&self) -> Result<Cow<'_, [u8]>, Rejection> {
        let Some(body) = self.event.body() else {
            return Ok(Cow::Borrowed(&[]));
        };
        if !self.event.is_base64_encoded() {
            return Ok(Cow::Borrowed(body.as_bytes()));
        }
        base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map(Cow::Owned)
            .map_err(|err| Rejection::InvalidBody {
                reason: format!("the body is marked base64 but is not: {err}"),
            })
    }

    /// The request context, read from the event the first time it is asked for.
    pub fn request_context(&self) -> Result<&RequestContext<'a>, Rejection> {
        self.request_context
            .get_or_init(|| RequestContext::read(&self.event))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The values of one named field of a request: a query parameter, header or stage variable.
/// Most fields have one value, which needs no allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Values<'a> {
    /// The field is absent.
    None,
    /// One value.
    One(Cow<'a, str>),
    /// Several values, in order.
    Many(Vec<Cow<'a, str>>),
}

impl<'a> Values<'a> {
    fn from_option(value: Option<Cow<'a, str>>) -> Self {
        value.map_or(Values::None, Values::One)
    }

    fn from_vec(mut values: Vec<Cow<'a, str>>) -> Self {
        match values.len() {
            0 => Values::None,
            1 => Values::One(values.pop().expect("one value")),
            _ => Values::Many(values),
        }
    }

    /// The last value, the one API Gateway keeps when a single value is asked for.
    pub fn last(&self) -> Option<&str> {
        self.as_slice().last().map(|value| value.as_ref())
    }

    /// Every value, in order.
    pub fn as_slice(&self) -> &[Cow<'a, str>] {
        match self {
            Values::None => &[],
            Values::One(value) => std::slice::from_ref(value),
            Values::Many(values) => values,
        }
    }

    /// A load balancer's query values are as the client sent them: decode them.
    fn decoded_query(self) -> Result<Self, Rejection> {
        let decode = |value: Cow<'a, str>| -> Result<Cow<'a, str>, Rejection> {
            match decode_component(&value) {
                Some(Cow::Borrowed(_)) => Ok(value),
                Some(Cow::Owned(decoded)) => Ok(Cow::Owned(decoded)),
                None => Err(Rejection::BadQuery {
                    pair: value.into_owned(),
                }),
            }
        };
        Ok(match self {
            Values::None => Values::None,
            Values::One(value) => Values::One(decode(value)?),
            Values::Many(values) => {
                Values::Many(values.into_iter().map(decode).collect::<Result<_, _>>()?)
            }
        })
    }
}

/// Who called, through which API and stage: the fields of `requestContext` handlers commonly
/// read, whatever the event's source. Fields a source doesn't have are `None`.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RequestContext<'a> {
    /// The front door's id for this request (not the Lambda request id).
    pub request_id: Option<Cow<'a, str>>,
    /// The API Gateway stage, such as `prod`.
    pub stage: Option<Cow<'a, str>>,
    /// The AWS account that owns the API.
    pub account_id: Option<Cow<'a, str>>,
    /// The API's id.
    pub api_id: Option<Cow<'a, str>>,
    /// The host name the client used.
    pub domain_name: Option<Cow<'a, str>>,
    /// The resource template that matched (REST APIs), such as `/users/{id}`.
    pub resource_path: Option<Cow<'a, str>>,
    /// The full request path as API Gateway saw it, with the stage.
    pub path: Option<Cow<'a, str>>,
    /// The client's IP address.
    pub source_ip: Option<Cow<'a, str>>,
    /// The client's `User-Agent`.
    pub user_agent: Option<Cow<'a, str>>,
    /// The API key, when the method requires one (REST APIs).
    pub api_key: Option<Cow<'a, str>>,
    /// The caller's IAM ARN, for IAM-authorized requests (REST APIs).
    pub user_arn: Option<Cow<'a, str>>,
    /// What an authorizer said about the caller, as raw JSON for the handler to parse.
    pub authorizer: Option<&'a RawValue>,
    /// The load balancer's target group.
    pub target_group_arn: Option<Cow<'a, str>>,
}

impl<'a> RequestContext<'a> {
    /// Reads the fields from `requestContext`, each from the last entry of its name.
    fn read(event: &Event<'a>) -> Result<Self, Rejection> {
        let context = event.request_context_object();
        if context.text().is_none() {
            return Ok(RequestContext::default());
        }
        let in_context = |bad: BadValue| malformed("requestContext", bad);
        let [request_id, stage, account_id, api_id, domain_name, resource_path, path, identity, http, authorizer, elb] =
            context
                .fields([
                    "requestId",
                    "stage",
                    "accountId",
                    "apiId",
                    "domainName",
                    "resourcePath",
                    "path",
                    "identity",
                    "http",
                    "authorizer",
                    "elb",
                ])
                .map_err(in_context)?;
        let string = |raw: Option<&'a str>, name: &str| match raw {
            Some(raw) => nullable_string(raw, name).map_err(in_context),
            None => Ok(None),
        };
        let nested = |raw: Option<&'a str>, name: &str| {
            RawObject::new(raw)
                .map_err(|what| in_context(BadValue(format!("`{name}` is {what}, not an object"))))
        };
        // Payload 2.0 and Function URLs describe the caller in `http`, the others in `identity`.
        let (caller, caller_name) = match nested(http, "http")? {
            http if http.text().is_some() => (http, "requestContext.http"),
            _ => (nested(identity, "identity")?, "requestContext.identity"),
        };
        let in_caller = |bad: BadValue| malformed(caller_name, bad);
        let [source_ip, user_agent, api_key, user_arn] = caller
            .fields(["sourceIp", "userAgent", "apiKey", "userArn"])
            .map_err(in_caller)?;
        let caller_string = |raw: Option<&'a str>, name: &str| match raw {
            Some(raw) => nullable_string(raw, name).map_err(in_caller),
            None => Ok(None),
        };
        let [target_group_arn] = nested(elb, "elb")?
            .fields(["targetGroupArn"])
            .map_err(|bad| malformed("requestContext.elb", bad))?;
        let target_group_arn = match target_group_arn {
            Some(raw) => nullable_string(raw, "targetGroupArn")
                .map_err(|bad| malformed("requestContext.elb", bad))?,
            None => None,
        };
        let authorizer = match authorizer {
            Some("null") | None => None,
            Some(raw) => Some(
                serde_json::from_str::<&RawValue>(raw)
                    .map_err(|err| in_context(BadValue(format!("`authorizer`: {err}"))))?,
            ),
        };
        Ok(RequestContext {
            request_id: string(request_id, "requestId")?,
            stage: string(stage, "stage")?,
            account_id: string(account_id, "accountId")?,
            api_id: string(api_id, "apiId")?,
            domain_name: string(domain_name, "domainName")?,
            resource_path: string(resource_path, "resourcePath")?,
            path: string(path, "path")?,
            source_ip: caller_string(source_ip, "sourceIp")?,
            user_agent: caller_string(user_agent, "userAgent")?,
            api_key: caller_string(api_key, "apiKey")?,
            user_arn: caller_string(user_arn, "userArn")?,
            authorizer,
            target_group_arn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_2_cookies_are_one_cookie_header() {
        let context = Context::default();
        // A Function URL sends the cookies both in `cookies` and as a `cookie` header.
        let event = br#"{"version":"2.0","rawPath":"/","cookies":["a=1","b=2"],"headers":{"Cookie":"a=1; b=2","accept":"*/*"},"requestContext":{"http":{"method":"GET"},"domainName":"f.lambda-url.eu-west-2.on.aws"}}"#;
        let request = Request::from_event(event, &context).unwrap();
        let headers = request.headers().unwrap();
        let cookies: Vec<_> = headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("cookie"))
            .map(|(_, value)| value.as_ref())
            .collect();
        assert_eq!(cookies, ["a=1; b=2"]);
        assert_eq!(headers.len(), 2);
        assert_eq!(
            request.header("cookie").unwrap(),
            Values::One(Cow::Borrowed("a=1; b=2"))
        );
        // An HTTP API moves them out of `headers`: rebuilt from `cookies` all the same.
        let event = br#"{"version":"2.0","rawPath":"/","cookies":["a=1"],"headers":{"accept":"*/*"},"requestContext":{"http":{"method":"GET"}}}"#;
        let request = Request::from_event(event, &context).unwrap();
        let headers = request.headers().unwrap();
        assert_eq!(headers.len(), 2);
        assert_eq!(headers[1], (Cow::Borrowed("cookie"), Cow::Borrowed("a=1")));
    }
}
