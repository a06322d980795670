//! `#[middleware]`: an `async fn(request, next) -> impl IntoResponse` made into a value that
//! implements `gatewright::Middleware`, for `.wrap(name)` and `mount(..., wrap = [name])`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, ReturnType};

use crate::ctxt::Ctxt;

const SHAPE: &str = "async fn name(request: &Request<'_>, next: Next<'_>) -> Response";

pub fn expand(attr: TokenStream, item: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    if !attr.is_empty() {
        cx.error_spanned_by(&attr, "`#[middleware]` takes no arguments; a middleware with settings is a type that implements `gatewright::Middleware`");
    }
    let item: ItemFn = match syn::parse2(item.clone()) {
        Ok(item) => item,
        Err(_) => {
            cx.error_at(
                Span::call_site(),
                format!("`#[middleware]` goes on a free function: `{SHAPE}`"),
            );
            let errors = cx.check().err().unwrap_or_default();
            return quote!(#errors #item);
        }
    };
    check(&cx, &item);
    if let Err(errors) = cx.check() {
        return quote!(#errors #item);
    }
    generate(&item)
}

/// A middleware is an `async fn` of the request and what comes next, nothing else.
fn check(cx: &Ctxt, item: &ItemFn) {
    let sig = &item.sig;
    if sig.asyncness.is_none() {
        cx.error_spanned_by(
            sig.fn_token,
            format!("a middleware is an `async fn`: `{SHAPE}`"),
        );
    }
    if !sig.generics.params.is_empty() {
        cx.error_spanned_by(
            &sig.generics,
            format!("a middleware can't be generic; write it as `{SHAPE}`"),
        );
    }
    if let Some(receiver) = sig.receiver() {
        cx.error_spanned_by(
            receiver,
            "a middleware is a free function, not a method; a middleware with settings is a type that implements `gatewright::Middleware`",
        );
    } else if sig.inputs.len() != 2 {
        let span = if sig.inputs.is_empty() {
            sig.paren_token.span.join()
        } else {
            sig.inputs.span()
        };
        cx.error_at(
            span,
            format!(
                "a middleware takes two arguments, the request and what comes next, not {}: `{SHAPE}`",
                sig.inputs.len()
            ),
        );
    }
    if let ReturnType::Default = sig.output {
        cx.error_spanned_by(
            &sig.ident,
            format!("a middleware returns the response: `{SHAPE}`"),
        );
    }
}

/// A unit struct with the function's name, so that the name is a value, and its
/// `Middleware` impl, which calls the function, kept inside it as it was written.
fn generate(item: &ItemFn) -> TokenStream {
    let name = &item.sig.ident;
    let vis = &item.vis;
    let docs = item.attrs.iter().filter(|attr| attr.path().is_ident("doc"));
    let mut inner = item.clone();
    inner.attrs.retain(|attr| !attr.path().is_ident("doc"));
    inner.vis = syn::Visibility::Inherited;
    let args: Vec<TokenStream> = item
        .sig
        .inputs
        .iter()
        .zip(["__request", "__next"])
        .map(|(arg, value)| {
            // At the argument's type, so a wrong type is reported there.
            let span = match arg {
                FnArg::Typed(typed) => typed.ty.span(),
                FnArg::Receiver(receiver) => receiver.span(),
            };
            let ident = Ident::new(value, Span::call_site().located_at(span));
            quote!(#ident)
        })
        .collect();
    let output_span = match &item.sig.output {
        ReturnType::Type(_, ty) => ty.span(),
        ReturnType::Default => name.span(),
    };
    let respond =
        quote_spanned!(output_span=> ::gatewright::__private::IntoResponse::into_response);
    let boxed = quote_spanned!(name.span()=> ::std::boxed::Box::pin);
    // Written as the `fn` it stands for, as a handler is: `&Request` and `Next` need no `'_`.
    let inner_fn = crate::expand::handler_fn(&inner);
    quote! {
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        #vis struct #name;

        impl ::gatewright::__private::Middleware for #name {
            fn call<'r>(
                &'r self,
                __request: &'r ::gatewright::__private::Request<'r>,
                __next: ::gatewright::__private::Next<'r>,
            ) -> ::gatewright::__private::BoxFuture<'r, ::gatewright::__private::Response> {
                #inner_fn
                #boxed(async move { #respond(#name(#(#args),*).await) })
            }
        }
    }
}
