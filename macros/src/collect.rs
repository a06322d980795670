//! `main!(a, b::c, mount("/v1", [d, e], wrap = [auth]))` and `api!(...)`: start the chain of
//! route callbacks that gathers the whole route table for the router generator.
//!
//! Each listed handler is visited as `{ [path] [mount] }`, where `mount` is empty or the
//! group's prefix and middleware (`"/v1" [auth]`); each callback appends its route with that
//! mount to the table and calls the next.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{bracketed, parenthesized, Ident, LitStr, Path, Token};

use crate::ctxt::Ctxt;
use crate::template;

/// What the gathered table becomes.
pub enum Mode {
    /// `fn main`.
    Main,
    /// An expression of a type that implements `gatewright::Api`.
    Api,
}

/// One item of the list: a handler, or a group of handlers under a prefix.
enum Item {
    Handler(Path),
    Mount(Mount),
}

/// `mount("/v1", [a, b], wrap = [auth, log])`.
struct Mount {
    prefix: LitStr,
    handlers: Vec<Path>,
    wrap: Vec<Path>,
}

const MOUNT_SHAPE: &str = "`mount(\"/prefix\", [handler, ...])`, or `mount(\"/prefix\", [handler, ...], wrap = [middleware, ...])`";

impl Parse for Item {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(Ident) && input.peek2(syn::token::Paren) {
            let keyword: Ident = input.parse()?;
            if keyword != "mount" {
                return Err(syn::Error::new(
                    keyword.span(),
                    format!("expected a route handler or {MOUNT_SHAPE}; list handlers by name, without arguments"),
                ));
            }
            let content;
            parenthesized!(content in input);
            return Mount::parse(&content).map(Item::Mount);
        }
        input.parse().map(Item::Handler)
    }
}

impl Mount {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let prefix: LitStr = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                format!("expected the prefix first: {MOUNT_SHAPE}"),
            )
        })?;
        input.parse::<Token![,]>().map_err(|err| {
            syn::Error::new(
                err.span(),
                format!("expected `,` and the handlers in brackets: {MOUNT_SHAPE}"),
            )
        })?;
        let handlers = bracketed_paths(input, "the handlers")?;
        let mut wrap = Vec::new();
        if input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
        }
        if !input.is_empty() {
            let key: Ident = input.parse()?;
            if key != "wrap" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown mount option `{key}`; the one option is `wrap = [middleware, ...]`"),
                ));
            }
            input.parse::<Token![=]>()?;
            wrap = bracketed_paths(input, "the middleware")?;
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            }
        }
        if !input.is_empty() {
            return Err(input.error(format!("unexpected tokens; expected {MOUNT_SHAPE}")));
        }
        Ok(Mount {
            prefix,
            handlers,
            wrap,
        })
    }
}

fn bracketed_paths(input: ParseStream, what: &str) -> syn::Result<Vec<Path>> {
    if !input.peek(syn::token::Bracket) {
        return Err(input.error(format!("expected {what} in brackets: {MOUNT_SHAPE}")));
    }
    let content;
    bracketed!(content in input);
    let paths = Punctuated::<Path, Token![,]>::parse_terminated(&content)?;
    Ok(paths.into_iter().collect())
}

pub fn expand(input: TokenStream, mode: Mode) -> TokenStream {
    let cx = Ctxt::new();
    let items = match Punctuated::<Item, Token![,]>::parse_terminated.parse2(input) {
        Ok(items) => items,
        Err(err) => {
            let message = err.to_string();
            let message = if message.starts_with("expected") && !message.contains("mount") {
                "expected the route handlers by name or path: `gatewright::main!(hello, users::get_user)`".to_owned()
            } else {
                message
            };
            cx.syn_error(syn::Error::new(err.span(), message));
            return fallback(cx.check().err().unwrap_or_default(), &mode);
        }
    };
    // Every handler with its mount tokens: empty, or `"/prefix" [middleware...]`.
    let mut visits: Vec<(&Path, TokenStream)> = Vec::new();
    for item in &items {
        match item {
            Item::Handler(path) => visits.push((path, TokenStream::new())),
            Item::Mount(mount) => {
                template::check_prefix(&cx, &mount.prefix);
                if mount.handlers.is_empty() {
                    cx.error_spanned_by(
                        &mount.prefix,
                        format!(
                            "mount `{}` has no handlers; list them: `mount(\"/v1\", [a, b])`",
                            mount.prefix.value()
                        ),
                    );
                }
                let prefix = &mount.prefix;
                let wrap = &mount.wrap;
                for path in &mount.handlers {
                    visits.push((path, quote!(#prefix [#(#wrap),*])));
                }
            }
        }
    }
    if items.is_empty() {
        cx.error_at(
            proc_macro2::Span::call_site(),
            "an API needs at least one route; list the handlers: `gatewright::main!(hello, users::get_user)`",
        );
    }
    for (index, (path, _)) in visits.iter().enumerate() {
        if visits[..index].iter().any(|(earlier, _)| earlier == path) {
            cx.error_spanned_by(
                path,
                format!(
                    "`{}` is listed twice; remove one",
                    quote!(#path).to_string().replace(' ', "")
                ),
            );
        }
    }
    if let Err(errors) = cx.check() {
        return fallback(errors, &mode);
    }
    let (first, first_mount) = &visits[0];
    let rest = visits[1..]
        .iter()
        .map(|(path, mount)| quote!({ [#path] [#mount] }));
    let marker = match mode {
        Mode::Main => quote!(@main),
        Mode::Api => quote!(@api),
    };
    let api = quote! {
        #first! { [#first] [#first_mount] [#(#rest)*] [#marker] }
    };
    // The chain is an expression even for `main!`, so that a name that isn't a route (which
    // rustc reports as "cannot find macro") doesn't also cost the crate its `fn main`.
    match mode {
        Mode::Main => quote! {
            fn main() -> ::std::process::ExitCode {
                ::gatewright::run(#api)
            }
        },
        Mode::Api => api,
    }
}

/// The errors, and what the macro stands for, so that nothing else fails: `fn main` for
/// `main!`, a block (an expression of any type once it holds an error) for `api!`.
fn fallback(errors: TokenStream, mode: &Mode) -> TokenStream {
    match mode {
        Mode::Main => quote!(#errors fn main() {}),
        Mode::Api => quote!({ #errors }),
    }
}
