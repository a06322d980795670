//! The Lambda Runtime API loop, run by the official `lambda_runtime` crate.
//!
//! `lambda_runtime` hands each invocation's raw bytes to a stack of tower layers before it
//! deserializes them for the handler. The API is served in such a layer, straight from those
//! bytes, so the event is parsed once, by borrowing; the layer then hands the finished response
//! JSON to the inner handler, which returns it unchanged for `lambda_runtime` to post.
//!
//! `lambda_runtime` panics on some answers of the Runtime API (a `/next` that answers `500`,
//! which is how Lambda tells a runtime to exit, has no request id). Such a panic ends the
//! loop as an error that says so, for an exit code of 1 and no panic message; a handler's
//! panic is still a `500` with its usual message.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Once};
use std::task;

use lambda_runtime::tower::{Layer, Service};
use lambda_runtime::{
    layers::TracingLayer, service_fn, Error, LambdaEvent, LambdaInvocation, Runtime,
};
use serde_json::value::RawValue;

use crate::router::erased::DynApi;
use crate::router::panic::{catch_panic, panic_message};

/// The variables `lambda_runtime` needs, checked up front so a missing one is an error, not a panic.
const REQUIRED_ENV: [&str; 4] = [
    "AWS_LAMBDA_RUNTIME_API",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
];

/// Checks what `lambda_runtime` needs from the environment, so a missing or malformed
/// variable is an error that says so rather than a panic.
pub fn check_environment() -> Result<(), Error> {
    for name in REQUIRED_ENV {
        if std::env::var_os(name).is_none() {
            return Err(format!("`{name}` is not set; Lambda sets it for every function, so this is not running in Lambda").into());
        }
    }
    // `host:port` in Lambda, `http://host:port/path` under emulators; anything else would make
    // the Runtime API client panic.
    let address = std::env::var("AWS_LAMBDA_RUNTIME_API").unwrap_or_default();
    if !valid_runtime_api(&address) {
        return Err(format!(
            "`AWS_LAMBDA_RUNTIME_API` is {address:?}; expected `host:port` or `http://host:port/path`"
        )
        .into());
    }
    let memory = std::env::var("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").unwrap_or_default();
    if memory.parse::<i32>().is_err() {
        return Err(
            format!("`AWS_LAMBDA_FUNCTION_MEMORY_SIZE` is {memory:?}, not a number").into(),
        );
    }
    Ok(())
}

/// Whether the Runtime API client can be built from `AWS_LAMBDA_RUNTIME_API`.
pub fn valid_runtime_api(address: &str) -> bool {
    match address.parse::<http::Uri>() {
        Ok(uri) if uri.scheme().is_some() => uri.host().is_some(),
        Ok(uri) => uri.host().is_some() && uri.path_and_query().is_none(),
        Err(_) => false,
    }
}

/// Serves invocations from the Lambda Runtime API until it stops sending them. When the loop
/// ends, with an error or a panic inside `lambda_runtime`, the error says so and is logged.
pub async fn run(api: Arc<dyn DynApi>) -> Result<(), Error> {
    check_environment()?;
    let respond =
        service_fn(
            |event: LambdaEvent<Box<RawValue>>| async move { Ok::<_, Error>(event.payload) },
        );
    let serve = async move {
        Runtime::new(respond)
            .layer(ServeLayer { api })
            .layer(TracingLayer::new())
            .run()
            .await
    };
    quiet_runtime_panics();
    let reason = match catch_panic(in_part(Part::Runtime, serve)).await {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(err)) => err.to_string(),
        Err(panic) => format!(
            "lambda_runtime failed on an answer of the Runtime API ({}); the Runtime API answers \
            the request for the next invocation with an error when the runtime must exit",
            panic_message(&*panic)
        ),
    };
    let message = format!("the Lambda runtime loop stopped: {reason}");
    tracing::error!("{message}");
    Err(message.into())
}

/// Which part of the Lambda loop this thread is running, for the panic hook.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Not the loop: another task, or no task.
    Elsewhere,
    /// `lambda_runtime`: fetching invocations, posting responses.
    Runtime,
    /// The API, serving an invocation.
    Api,
}

thread_local! {
    static PART: Cell<Part> = const { Cell::new(Part::Elsewhere) };
}

/// Runs `future`, marking its polls as running `part` of the loop.
async fn in_part<F: Future>(part: Part, future: F) -> F::Output {
    /// Puts back the part that was running, also when a poll unwinds.
    struct Restore(Part);
    impl Drop for Restore {
        fn drop(&mut self) {
            PART.with(|part| part.set(self.0));
        }
    }
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(move |cx| {
        let _restore = Restore(PART.with(|running| running.replace(part)));
        future.as_mut().poll(cx)
    })
    .await
}

/// Keeps the panic hook from printing a panic of `lambda_runtime` itself: `run` reports it as
/// the loop's error. Every other panic (a handler's, another task's) is printed as before.
fn quiet_runtime_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if PART.with(Cell::get) != Part::Runtime {
                previous(info);
            }
        }));
    });
}

struct ServeLayer {
    api: Arc<dyn DynApi>,
}

impl<S> Layer<S> for ServeLayer {
    type Service = ServeService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ServeService {
            inner,
            api: self.api.clone(),
        }
    }
}

struct ServeService<S> {
    inner: S,
    api: Arc<dyn DynApi>,
}

impl<S> Service<LambdaInvocation> for ServeService<S>
where
    S: Service<LambdaInvocation, Response = (), Error = Error> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = ();
    type Error = Error;
    type Future = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut task::Context<'_>) -> task::Poll<Result<(), Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, invocation: LambdaInvocation) -> Self::Future {
        // The instance that was polled ready is the one to call.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let api = self.api.clone();
        Box::pin(async move {
            let LambdaInvocation {
                parts,
                body,
                context,
            } = invocation;
            let response = in_part(Part::Api, api.handle_event(&body, &context)).await;
            inner
                .call(LambdaInvocation {
                    parts,
                    body: response.into(),
                    context,
                })
                .await
        })
    }
}
