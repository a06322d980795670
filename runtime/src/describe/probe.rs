//! The hidden probes the generated code calls: each tries the describing traits and falls back
//! to what can be said without them (see the table in `describe::schema`), by method
//! resolution on `&&&&&Probe<T>`, `&&&&Probe<T>`, ... down to `Probe<T>`: the first level whose
//! impl applies to `T` wins, so a type is asked the most precise question it can answer.
//!
//! This is how a type deriving `schemars::JsonSchema` and one implementing
//! [`Describe`](super::schema::Describe) by hand, or neither, all compile in the same position
//! without any blanket impl that would overlap: the choice is made where the concrete type is
//! known, in the API's describing function that the router writes, each type named through
//! the handler's `fn` type ([`arg0`] and its siblings, [`output`], [`awaited`]).

use std::future::Future;
use std::marker::PhantomData;

use serde_json::{json, Value};

use super::request_doc::DescribeRequest;
use super::response_doc::DescribeResponse;
use super::schema::Describe;
use crate::request::extract::wire::{Nth, Ret};
use crate::response::Json;
use crate::router::Schemas;
use crate::router::{ArgDoc, Described, ResponseDoc};

#[cfg(feature = "garde")]
use crate::request::Valid;

/// Every probe trait, unnamed, so that the generated code brings them all into scope with one
/// glob import and no name of the user's is shadowed.
pub mod traits {
    pub use super::{
        ParamDescribed as _, ParamOptional as _, ParamPlain as _, ParamValidated as _,
        ParamWrapped as _, RequestDescribed as _, RequestJson as _, RequestOther as _,
        ResponseDescribed as _, ResponsePartly as _, ResponseUnknown as _,
    };
}

pub struct Probe<T: ?Sized>(PhantomData<fn() -> *const T>);

impl<T: ?Sized> Probe<T> {
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

/// The probe of a handler's argument `I`, its type named through the handler's `fn` type: the
/// describing code is written once for the whole API, where the types as the handler spells
/// them may not resolve. `handler` is a function pointer whose type is already known (a
/// `let` with the type `fn(_, _) -> _`), so that the type is known before the probe's
/// method is picked.
///
/// One function per index (`arg0` ... `arg15`) rather than a const parameter: the index as a
/// const argument would be a constant item of its own in the user's crate for every argument
/// of every route, each one more that every incremental `cargo check` loads and saves again.
macro_rules! arg_probes {
    ($($name:ident $request:ident $index:literal)*) => {$(
        #[doc = concat!("The probe of a handler's argument ", stringify!($index), " as a parameter.")]
        pub fn $name<F: Nth<$index>>(_handler: F) -> Levels5<F::Arg> {
            &&&&&Probe(PhantomData)
        }

        #[doc = concat!("The probe of a handler's argument ", stringify!($index), " read from the whole request.")]
        pub fn $request<F: Nth<$index>>(_handler: F) -> Levels3<F::Arg> {
            &&&Probe(PhantomData)
        }
    )*};
}

arg_probes!(arg0 request0 0 arg1 request1 1 arg2 request2 2 arg3 request3 3 arg4 request4 4
    arg5 request5 5 arg6 request6 6 arg7 request7 7 arg8 request8 8 arg9 request9 9
    arg10 request10 10 arg11 request11 11 arg12 request12 12 arg13 request13 13
    arg14 request14 14 arg15 request15 15);

/// A probe behind five references, where a parameter's method lookup starts; `'static`, a
/// promoted constant: the generated code calls the method on it as it is, no `&&&&&` of its own
/// to lower and check for every argument of every route.
pub type Levels5<T> = &'static &'static &'static &'static &'static Probe<T>;

/// A probe behind three references, where a request argument's and an output's lookup starts.
pub type Levels3<T> = &'static &'static &'static Probe<T>;

/// The probe of what a handler returns.
pub fn output<F: Ret>(_handler: F) -> Levels3<F::Output> {
    &&&Probe(PhantomData)
}

/// The probe of what an `async` handler's future resolves to.
pub fn awaited<F: Ret>(_handler: F) -> Levels3<<F::Output as Future>::Output>
where
    F::Output: Future,
{
    &&&Probe(PhantomData)
}

impl<T: ?Sized> Default for Probe<T> {
    fn default() -> Self {
        Probe::new()
    }
}

fn param(schema: Value, required: bool) -> ArgDoc {
    ArgDoc {
        schema,
        required,
        body: None,
        validated: false,
    }
}

#[cfg(feature = "garde")]
fn validated(doc: ArgDoc) -> ArgDoc {
    ArgDoc {
        validated: true,
        ..doc
    }
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// Level 5: a validated parameter (`Valid<T>`) whose type describes itself.
pub trait ParamValidated {
    fn param(&self, schemas: &mut Schemas) -> Described;
}

#[cfg(feature = "garde")]
impl<T: Describe> ParamValidated for &&&&Probe<Valid<T>> {
    fn param(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(validated(param(T::schema_in(schemas), true)))
    }
}

#[cfg(feature = "garde")]
impl<T: Describe> ParamValidated for &&&&Probe<Option<Valid<T>>> {
    fn param(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(validated(param(T::schema_in(schemas), false)))
    }
}

#[cfg(feature = "garde")]
impl<T: Describe> ParamValidated for &&&&Probe<Vec<Valid<T>>> {
    fn param(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(validated(param(array(T::schema_in(schemas)), false)))
    }
}

/// Level 4: an optional parameter, or every value of one, of a type that describes itself.
pub trait ParamOptional {
    fn param(&self, schemas: &mut Schemas) -> Described;
}

impl<T: Describe> ParamOptional for &&&Probe<Option<T>> {
    fn param(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(param(T::schema_in(schemas), false))
    }
}

impl<T: Describe> ParamOptional for &&&Probe<Vec<T>> {
    fn param(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(param(array(T::schema_in(schemas)), false))
    }
}

/// Level 3: a required parameter of a type that describes itself.
pub trait ParamDescribed {
    fn param(&self, schemas: &mut Schemas) -> Described;
}

impl<T: Describe + ?Sized> ParamDescribed for &&Probe<T> {
    fn param(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(param(T::schema_in(schemas), true))
    }
}

/// Level 2: a type that doesn't describe itself, inside `Option`, `Vec` or `Valid`: strings.
pub trait ParamWrapped {
    fn param(&self, schemas: &mut Schemas) -> Described;
}

impl<T> ParamWrapped for &Probe<Option<T>> {
    fn param(&self, _: &mut Schemas) -> Described {
        Described::Arg(param(string(), false))
    }
}

impl<T> ParamWrapped for &Probe<Vec<T>> {
    fn param(&self, _: &mut Schemas) -> Described {
        Described::Arg(param(array(string()), false))
    }
}

#[cfg(feature = "garde")]
impl<T> ParamWrapped for &Probe<Valid<T>> {
    fn param(&self, _: &mut Schemas) -> Described {
        Described::Arg(validated(param(string(), true)))
    }
}

/// Level 1: anything else: a required string.
pub trait ParamPlain {
    fn param(&self, schemas: &mut Schemas) -> Described;
}

impl<T: ?Sized> ParamPlain for Probe<T> {
    fn param(&self, _: &mut Schemas) -> Described {
        Described::Arg(param(string(), true))
    }
}

fn body(body: Option<super::request_doc::BodyDoc>) -> ArgDoc {
    match body {
        Some(body) => ArgDoc {
            schema: body.schema,
            required: body.required,
            body: Some(body.content_type),
            validated: body.validated,
        },
        None => ArgDoc::other(),
    }
}

/// An argument read from the whole request that describes what it takes.
pub trait RequestDescribed {
    fn request(&self, schemas: &mut Schemas) -> Described;
}

impl<T: DescribeRequest + ?Sized> RequestDescribed for &&Probe<T> {
    fn request(&self, schemas: &mut Schemas) -> Described {
        Described::Arg(body(T::body(schemas)))
    }
}

/// A JSON body whose type doesn't describe itself: any JSON.
pub trait RequestJson {
    fn request(&self, schemas: &mut Schemas) -> Described;
}

fn any_json(required: bool) -> ArgDoc {
    ArgDoc {
        schema: json!({}),
        required,
        body: Some("application/json"),
        validated: false,
    }
}

impl<T> RequestJson for &Probe<Json<T>> {
    fn request(&self, _: &mut Schemas) -> Described {
        Described::Arg(any_json(true))
    }
}

impl<T, E> RequestJson for &Probe<Result<Json<T>, E>> {
    fn request(&self, _: &mut Schemas) -> Described {
        Described::Arg(any_json(false))
    }
}

#[cfg(feature = "garde")]
impl<T> RequestJson for &Probe<Valid<Json<T>>> {
    fn request(&self, _: &mut Schemas) -> Described {
        Described::Arg(validated(any_json(true)))
    }
}

/// Anything else read from the request: not a parameter or a body.
pub trait RequestOther {
    fn request(&self, schemas: &mut Schemas) -> Described;
}

impl<T: ?Sized> RequestOther for Probe<T> {
    fn request(&self, _: &mut Schemas) -> Described {
        Described::Arg(ArgDoc::other())
    }
}

/// A return type that describes its responses.
pub trait ResponseDescribed {
    fn responses(&self, schemas: &mut Schemas) -> Described;
}

impl<T: DescribeResponse + ?Sized> ResponseDescribed for &&Probe<T> {
    fn responses(&self, schemas: &mut Schemas) -> Described {
        Described::Responses(T::responses(schemas))
    }
}

/// `Json<T>` whose `T` doesn't describe itself: any JSON; `Result<T, E>` whose `T` describes
/// itself and whose `E` doesn't: `T`'s responses and one chosen at run time.
pub trait ResponsePartly {
    fn responses(&self, schemas: &mut Schemas) -> Described;
}

impl<T> ResponsePartly for &Probe<Json<T>> {
    fn responses(&self, _: &mut Schemas) -> Described {
        Described::Responses(vec![ResponseDoc::ok("application/json", json!({}))])
    }
}

impl<T: DescribeResponse, E> ResponsePartly for &Probe<Result<T, E>> {
    fn responses(&self, schemas: &mut Schemas) -> Described {
        let mut responses = T::responses(schemas);
        if !responses.is_empty() {
            responses.push(ResponseDoc::empty(None));
        }
        Described::Responses(responses)
    }
}

/// Anything else: not known.
pub trait ResponseUnknown {
    fn responses(&self, schemas: &mut Schemas) -> Described;
}

impl<T: ?Sized> ResponseUnknown for Probe<T> {
    fn responses(&self, _: &mut Schemas) -> Described {
        Described::Responses(Vec::new())
    }
}
