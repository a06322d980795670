//! Procedural macros of gatewright. Use them through the `gatewright` crate, which documents them.

mod ast;
mod check;
mod collect;
mod ctxt;
mod expand;
mod fields;
mod info;
mod matching;
mod middleware;
mod router;
mod serving;
mod signature;
mod table;
mod template;
mod text;
mod tokens;
mod uri;

use proc_macro::TokenStream;

use crate::ctxt::Ctxt;

/// Declares a route: `#[route(GET, "/hello/<name>")]` on a free function.
///
/// See the `gatewright` crate for the template syntax, the matching rules and where each
/// argument's value comes from.
#[proc_macro_attribute]
pub fn route(attr: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let cx = Ctxt::new();
    let attr = syn::parse::<ast::RouteAttr>(attr);
    let handler = match ast::Handler::parse(&cx, item.clone()) {
        Ok(handler) => handler,
        Err(item) => {
            if let Err(err) = attr {
                cx.syn_error(err);
            }
            let errors = cx.check().err().unwrap_or_default();
            return quote::quote!(#errors #item).into();
        }
    };
    let route = match attr {
        Ok(attr) => Some(check::check(&cx, attr, &handler)),
        Err(err) => {
            cx.syn_error(err);
            None
        }
    };
    match (cx.check(), route) {
        (Ok(()), Some(route)) => expand::route(&handler, &route).into(),
        (result, _) => {
            let errors = result.err().unwrap_or_default();
            let item = &handler.item;
            // A method (it takes `self`) is in an `impl`, where a callback can't be defined.
            let name = match item.sig.receiver() {
                Some(_) => None,
                None => Some(&item.sig.ident),
            };
            let fallback = expand::failed_route(&expand::handler_fn(item), name);
            quote::quote!(#errors #fallback).into()
        }
    }
}

/// Makes an `async fn(request: &Request<'_>, next: Next<'_>) -> Response` a middleware: a
/// value of the same name for `.wrap(name)` or `mount("/prefix", [...], wrap = [name])`.
///
/// See `gatewright::Middleware`.
#[proc_macro_attribute]
pub fn middleware(attr: TokenStream, item: TokenStream) -> TokenStream {
    middleware::expand(attr.into(), item.into()).into()
}

/// Writes `fn main` for an API made of the listed route handlers: `gatewright::main!(hello, users::get)`.
///
/// The binary serves Lambda invocations when `AWS_LAMBDA_RUNTIME_API` is set, and HTTP on
/// `127.0.0.1:3000` otherwise.
#[proc_macro]
pub fn main(input: TokenStream) -> TokenStream {
    collect::expand(input.into(), collect::Mode::Main).into()
}

/// Builds the router of the listed route handlers as a value that implements `gatewright::Api`,
/// for tests: `let api = gatewright::api!(hello, users::get);`.
#[proc_macro]
pub fn api(input: TokenStream) -> TokenStream {
    collect::expand(input.into(), collect::Mode::Api).into()
}

/// The path of a route built from its typed arguments: `gatewright::uri!(routes::user(id = 7))`.
///
/// See `gatewright::uri` for the rules.
#[proc_macro]
pub fn uri(input: TokenStream) -> TokenStream {
    uri::entry(input.into()).into()
}

#[doc(hidden)]
#[proc_macro]
pub fn __uri(input: TokenStream) -> TokenStream {
    uri::expand(input.into()).into()
}

#[doc(hidden)]
#[proc_macro]
pub fn __router(input: TokenStream) -> TokenStream {
    if let Some((name, routes)) = collect::node_header(input.clone().into()) {
        return collect::node(&name, routes).into();
    }
    match table::read(input.into()) {
        Ok(table) => router::expand(table).into(),
        Err(err) => err.to_compile_error().into(),
    }
}

#[doc(hidden)]
#[proc_macro]
pub fn __not_a_route(input: TokenStream) -> TokenStream {
    collect::not_a_route(input.into()).into()
}

#[doc(hidden)]
#[proc_macro]
pub fn __not_a_route_names(_input: TokenStream) -> TokenStream {
    collect::not_a_route_names().into()
}
