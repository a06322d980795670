//! `main!(a, b::c)` and `api!(...)`: start the chain of route callbacks that gathers the whole
//! route table for the router generator.

use proc_macro2::TokenStream;
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Path, Token};

use crate::ctxt::Ctxt;

/// What the gathered table becomes.
pub enum Mode {
    /// `fn main`.
    Main,
    /// An expression of a type that implements `gatewright::Api`.
    Api,
}

pub fn expand(input: TokenStream, mode: Mode) -> TokenStream {
    let cx = Ctxt::new();
    let paths = match Punctuated::<Path, Token![,]>::parse_terminated.parse2(input) {
        Ok(paths) => paths,
        Err(err) => {
            cx.syn_error(syn::Error::new(
                err.span(),
                "expected the route handlers by name or path: `gatewright::main!(hello, users::get_user)`",
            ));
            return fallback(cx.check().err().unwrap_or_default(), &mode);
        }
    };
    let paths: Vec<Path> = paths.into_iter().collect();
    if paths.is_empty() {
        cx.error_at(
            proc_macro2::Span::call_site(),
            "an API needs at least one route; list the handlers: `gatewright::main!(hello, users::get_user)`",
        );
    }
    for (index, path) in paths.iter().enumerate() {
        if paths[..index].contains(path) {
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
    let first = &paths[0];
    let rest = paths[1..].iter().map(|path| quote!([#path]));
    let api = quote! {
        #first! { [#first] [#(#rest)*] [@api] }
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
