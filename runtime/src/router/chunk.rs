//! What the router's serving code returns for a chunk of routes: the future of the route asked
//! for, one variant per route, rather than an `async fn` that awaits every route's handler.
//!
//! An `async fn` serving 32 routes is a state machine with 32 suspension points, whose types,
//! borrow checking and layout every incremental `cargo check` loads and saves again; at 1,000
//! routes that was most of what `Api::call` cost the edit loop. A plain function that reads the
//! arguments and returns the handler's future in a [`Chunk`] has none of that, and does the same
//! work per request: the arguments are read before the handler is called, and its future is
//! polled through one `match` on the variant.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::response::Response;

/// A route's future, its output turned into the response.
///
/// The conversion is the function pointer the router passes, `IntoResponse::into_response`
/// named at the handler's return type: a handler whose output isn't a response is reported
/// there, once, as the trait's own error, and nothing here asks anything of the output.
pub struct Respond<F: Future> {
    future: F,
    respond: fn(F::Output) -> Response,
}

/// The future of a handler's response: `respond(handler(args), IntoResponse::into_response)`.
pub fn respond<F: Future>(future: F, respond: fn(F::Output) -> Response) -> Respond<F> {
    Respond { future, respond }
}

impl<F: Future> Future for Respond<F> {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        // SAFETY: the future is pinned structurally: `Respond` never moves it out, has no
        // `Drop` of its own and is `Unpin` only when the future is.
        let this = unsafe { self.get_unchecked_mut() };
        let respond = this.respond;
        let future = unsafe { Pin::new_unchecked(&mut this.future) };
        future.poll(cx).map(respond)
    }
}

/// The future of a chunk's routes that have none: a handler that isn't `async` answers at
/// once, and the last chunk may have fewer than 32 routes.
pub enum Never {}

impl Future for Never {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Response> {
        match *self {}
    }
}

// 32 variants: `gatewright-macros` writes chunks of that many routes (its `router::CHUNK`).
macro_rules! chunk {
    ($($variant:ident $future:ident)*) => {
        /// The future of one of a chunk's routes: variant `An` for its route `n`.
        pub enum Chunk<$($future),*> {
            $($variant($future),)*
        }

        impl<$($future: Future<Output = Response>),*> Future for Chunk<$($future),*> {
            type Output = Response;

            fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
                // SAFETY: each variant's future is pinned structurally, as in `Respond`.
                unsafe {
                    match self.get_unchecked_mut() {
                        $(Chunk::$variant(future) => Pin::new_unchecked(future).poll(cx),)*
                    }
                }
            }
        }
    };
}

chunk!(A0 F0 A1 F1 A2 F2 A3 F3 A4 F4 A5 F5 A6 F6 A7 F7 A8 F8 A9 F9 A10 F10 A11 F11 A12 F12
    A13 F13 A14 F14 A15 F15 A16 F16 A17 F17 A18 F18 A19 F19 A20 F20 A21 F21 A22 F22 A23 F23
    A24 F24 A25 F25 A26 F26 A27 F27 A28 F28 A29 F29 A30 F30 A31 F31);
