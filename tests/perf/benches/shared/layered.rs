//! The gatewright API of the benchmarks with one layer around it, to measure what the layer
//! costs per event: a middleware that only passes the request on, or CORS for an origin the
//! event carries.

use gatewright::{middleware, Api, Context, Cors, Next, Request, Response};
use serde_json::Value;

use super::{block_on, routes};

/// The origin CORS allows and the CORS events carry.
const ORIGIN: &str = "https://app.example.com";

#[middleware]
async fn pass(_request: &Request<'_>, next: Next<'_>) -> Response {
    next.run().await
}

fn plain() -> impl Api {
    gatewright::api!(
        routes::hello,
        routes::hello_name,
        routes::user,
        routes::stage,
        routes::proxy
    )
}

pub struct Layered<M, C> {
    middleware: M,
    cors: C,
    context: Context,
}

impl Layered<(), ()> {
    #[allow(clippy::new_ret_no_self)]
    pub fn new() -> Layered<impl Api, impl Api> {
        Layered {
            middleware: plain().wrap(pass),
            cors: plain().cors(Cors::new().allow_origin(ORIGIN)),
            context: Context::default(),
        }
    }
}

impl<M: Api, C: Api> Layered<M, C> {
    /// The event as the layer sees it: with an `Origin` header for CORS.
    pub fn event(&self, layer: &str, event: &[u8]) -> Vec<u8> {
        if layer != "cors" {
            return event.to_vec();
        }
        let mut event: Value = serde_json::from_slice(event).expect("a JSON event");
        if let Some(headers) = event.get_mut("headers").and_then(Value::as_object_mut) {
            headers.insert("origin".into(), ORIGIN.into());
        }
        if let Some(headers) = event
            .get_mut("multiValueHeaders")
            .and_then(Value::as_object_mut)
        {
            headers.insert("origin".into(), Value::from(vec![ORIGIN]));
        }
        serde_json::to_vec(&event).expect("JSON")
    }

    pub fn handle(&self, layer: &str, event: &[u8]) -> Vec<u8> {
        match layer {
            "middleware" => block_on(self.middleware.handle_event(event, &self.context)),
            "cors" => block_on(self.cors.handle_event(event, &self.context)),
            _ => panic!("no layer {layer}; expected `middleware` or `cors`"),
        }
    }

    /// Panics unless the layered API answers as the plain one does (with the CORS header).
    pub fn check(&self, layer: &str, event: &[u8]) {
        let response: Value = serde_json::from_slice(&self.handle(layer, event)).expect("JSON");
        assert_eq!(response["statusCode"], 200, "{layer}: {response}");
        if layer == "cors" {
            assert_eq!(
                response["headers"]["access-control-allow-origin"], ORIGIN,
                "{response}"
            );
        }
    }
}
