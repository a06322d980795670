//! The Lambda Runtime API loop, run by the official `lambda_runtime` crate.
//!
//! `lambda_runtime` hands each invocation's raw bytes to a stack of tower layers before it
//! deserializes them for the handler. The API is served in such a layer, straight from those
//! bytes, so the event is parsed once, by borrowing; the layer then hands the finished response
//! JSON to the inner handler, which returns it unchanged for `lambda_runtime` to post.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task;

use lambda_runtime::tower::{Layer, Service};
use lambda_runtime::{
    layers::TracingLayer, service_fn, Error, LambdaEvent, LambdaInvocation, Runtime,
};
use serde_json::value::RawValue;

use crate::router::erased::DynApi;

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

/// Serves invocations from the Lambda Runtime API until it stops sending them.
pub async fn run(api: Arc<dyn DynApi>) -> Result<(), Error> {
    check_environment()?;
    let respond =
        service_fn(
            |event: LambdaEvent<Box<RawValue>>| async move { Ok::<_, Error>(event.payload) },
        );
    Runtime::new(respond)
        .layer(ServeLayer { api })
        .layer(TracingLayer::new())
        .run()
        .await
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
            let response = api.handle_event(&body, &context).await;
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
