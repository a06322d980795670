//! The two calls to Lambda's Runtime and Extensions APIs that `lambda_runtime` doesn't make for
//! us: reporting an initialisation error, and registering the internal extension that makes
//! Lambda send `SIGTERM` before it shuts the function down.

use std::future::Future;

use http::{Method, StatusCode};
use http_body_util::BodyExt;
use lambda_runtime::Error;
use lambda_runtime_api_client::body::Body;
use lambda_runtime_api_client::{build_request, Client};

/// What the extension is called; internal extension names are unique within a function.
const EXTENSION_NAME: &str = "gatewright-graceful-shutdown";

/// Reports that the function failed to start, so Lambda shows `message` instead of a bare
/// crash. Lambda then stops the process; the caller exits too.
pub async fn report_init_error(message: &str) -> Result<(), Error> {
    let client = Client::builder().build()?;
    let mut body = Vec::with_capacity(message.len() + 64);
    body.extend_from_slice(b"{\"errorType\":\"gatewright::InitError\",\"errorMessage\":");
    body.extend_from_slice(serde_json::to_string(message)?.as_bytes());
    body.push(b'}');
    let request = build_request()
        .method(Method::POST)
        .uri("/2018-06-01/runtime/init/error")
        .header("lambda-runtime-function-error-type", "Runtime.InitError")
        .header("content-type", "application/json")
        .body(Body::from(body))?;
    let response = client.call(request).await?;
    match response.status() {
        status if status.is_success() => Ok(()),
        status => Err(format!("the Runtime API answered {status} to the init error").into()),
    }
}

/// Registers an internal extension that subscribes to no events, which is what makes Lambda
/// send `SIGTERM` (and wait up to 500 ms) before shutting down; then keeps its `next` call
/// open, as an extension must, on a task of its own.
pub async fn register_shutdown_extension() -> Result<(), Error> {
    let client = Client::builder().build()?;
    let request = build_request()
        .method(Method::POST)
        .uri("/2020-01-01/extension/register")
        .header("lambda-extension-name", EXTENSION_NAME)
        .header("content-type", "application/json")
        .body(Body::from(r#"{"events":[]}"#))?;
    let response = client.call(request).await?;
    if response.status() != StatusCode::OK {
        return Err(format!(
            "the Extensions API answered {} to the registration of `{EXTENSION_NAME}`",
            response.status()
        )
        .into());
    }
    let id = response
        .headers()
        .get("lambda-extension-identifier")
        .and_then(|value| value.to_str().ok())
        .ok_or("the Extensions API gave no `Lambda-Extension-Identifier`")?
        .to_owned();
    tokio::spawn(async move {
        // With no events subscribed, `next` is answered only at shutdown, by which time the
        // signal handler runs; an error here changes nothing for the function.
        if let Ok(request) = build_request()
            .method(Method::GET)
            .uri("/2020-01-01/extension/event/next")
            .header("lambda-extension-identifier", id)
            .body(Body::empty())
        {
            if let Ok(response) = client.call(request).await {
                let _ = response.into_body().collect().await;
            }
        }
    });
    Ok(())
}

/// Runs `hook` when the process gets `SIGTERM` (from Lambda, or anyone) or `SIGINT` (Ctrl-C
/// locally), then exits.
pub fn on_signal<F>(hook: F) -> Result<(), Error>
where
    F: Future<Output = ()> + Send + 'static,
{
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        tokio::spawn(async move {
            let name = tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = interrupt.recv() => "SIGINT",
            };
            tracing::info!("{name}: running the shutdown hook");
            hook.await;
            tracing::info!("shut down");
            std::process::exit(0);
        });
    }
    #[cfg(not(unix))]
    {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                hook.await;
                std::process::exit(0);
            }
        });
    }
    Ok(())
}
