//! The route as data: the `RouteInfo` constant `#[route]` writes next to the handler (for
//! `Api::routes`), and the route's shape handed to `uri!`. Only `quote!`; nothing here can fail.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::{Attribute, Expr, FnArg, ItemFn, Lit, Meta, ReturnType, Type};

use crate::check::{Auth, Route, Wire};

/// `const __GATEWRIGHT_ROUTE: RouteInfo = ...;` and the function that describes the route's
/// arguments and responses, `__gatewright_describe`, for the handler's hidden struct.
///
/// The describing is one function per route with a `match` arm per argument, not a closure per
/// argument: each closure is an item of its own that every `cargo check` hashes and keeps in
/// its incremental cache, and an API of 1,000 routes has thousands of them.
pub fn route_const(item: &ItemFn, route: &Route) -> TokenStream {
    let methods = route.methods.iter().map(ToString::to_string);
    let template = route.template.text();
    let handler = unraw(&item.sig.ident.to_string());
    let doc = doc_text(&item.attrs);
    let private = quote!(::gatewright::__private);
    let describe = quote!(Self::__gatewright_describe);
    let schemas = syn::Ident::new("schemas", proc_macro2::Span::mixed_site());
    let mut arms = Vec::new();
    let args = route
        .args
        .iter()
        .zip(item.sig.inputs.iter())
        .enumerate()
        .map(|(index, (arg, input))| {
            let (wire, name, probe) = match &arg.wire {
                Wire::Path(_) => (quote!(Path), ident_text(arg), Probe::Param),
                Wire::Greedy(_) => (quote!(Greedy), ident_text(arg), Probe::Param),
                Wire::Query(field) => (quote!(Query), field.clone(), Probe::Param),
                Wire::Stage(field) => (quote!(Stage), field.clone(), Probe::Param),
                Wire::Header(field) => (quote!(Header), field.clone(), Probe::Param),
                Wire::Cookie(field) => (quote!(Cookie), field.clone(), Probe::Param),
                Wire::Request => (quote!(Request), ident_text(arg), Probe::Request),
            };
            let binding = match input {
                FnArg::Typed(typed) => tokens_text(typed.pat.to_token_stream()),
                FnArg::Receiver(_) => String::new(),
            };
            let rust_type = tokens_text(arg.ty.to_token_stream());
            let answer = probe.call(&arg.ty, &schemas);
            arms.push(quote!(#index => #answer,));
            quote!(#private::ArgInfo::__new(#private::Wire::#wire, #name, #binding, #rust_type, #describe, #index))
        })
        .collect::<Vec<_>>();
    let responses = match &item.sig.output {
        ReturnType::Default => Probe::Response.call(&syn::parse_quote!(()), &schemas),
        ReturnType::Type(_, ty) => Probe::Response.call(ty, &schemas),
    };
    let auth = match &route.auth {
        Auth::Authorizer => quote!(),
        Auth::None => quote!(.__auth(#private::RouteAuth::None)),
        Auth::Scopes(scopes) => {
            quote!(.__auth(#private::RouteAuth::Scopes(&[#(#scopes),*])))
        }
    };
    // The probes' traits, imported once for the function (unnamed: no name of the user's is
    // shadowed); each arm picks its method (`param`, `request`, `responses`).
    quote! {
        #[doc(hidden)]
        pub(crate) const __GATEWRIGHT_ROUTE: #private::RouteInfo = #private::RouteInfo::__new(
            &[#(#methods),*], #template, #handler, #doc, &[#(#args),*], #describe,
        )#auth;

        #[doc(hidden)]
        #[allow(clippy::all, unused_imports)]
        fn __gatewright_describe(#schemas: &mut #private::Schemas, index: usize) -> #private::Described {
            use #private::probe::traits::*;
            match index {
                #(#arms)*
                _ => #responses,
            }
        }
    }
}

/// The traits a probe tries, most precise first (see `gatewright::describe::probe`).
enum Probe {
    Param,
    Request,
    Response,
}

impl Probe {
    /// The expression that asks the traits about `ty`, as a `Described`. A type with
    /// `impl Trait` in it can't be named there: it gets what the fallback says.
    fn call(&self, ty: &Type, schemas: &syn::Ident) -> TokenStream {
        let private = quote!(::gatewright::__private);
        let probe = quote!(#private::probe);
        if contains_impl(ty.to_token_stream()) {
            return match self {
                Probe::Param | Probe::Request => {
                    quote!(#private::Described::Arg(#private::ArgDoc::other()))
                }
                Probe::Response => {
                    quote!(#private::Described::Responses(#private::core::option::Option::None))
                }
            };
        }
        // The traits are imported by `route_const`, for the whole function.
        match self {
            Probe::Param => quote!((&&&&&#probe::Probe::<#ty>::new()).param(#schemas).into()),
            Probe::Request => quote!((&&&#probe::Probe::<#ty>::new()).request(#schemas).into()),
            Probe::Response => quote!((&&&#probe::Probe::<#ty>::new()).responses(#schemas).into()),
        }
    }
}

/// What `uri!` needs of the route: the template, and each argument's kind and name, in order:
/// `"/hello/<name>" [(path name) (query greeting) (other _)]`.
pub fn uri_shape(route: &Route) -> TokenStream {
    let lit = &route.template.lit;
    let args = route.args.iter().map(|arg| {
        let kind = match &arg.wire {
            Wire::Path(_) => quote!(path),
            Wire::Greedy(_) => quote!(greedy),
            Wire::Query(field) => quote!(query #field),
            Wire::Stage(_) => quote!(stage),
            Wire::Header(_) => quote!(header),
            Wire::Cookie(_) => quote!(cookie),
            Wire::Request => quote!(other),
        };
        match &arg.ident {
            Some(ident) => quote!((#kind #ident)),
            None => quote!((#kind _)),
        }
    });
    quote!(#lit [#(#args)*])
}

fn ident_text(arg: &crate::check::WiredArg) -> String {
    arg.ident
        .as_ref()
        .map(|ident| unraw(&ident.to_string()))
        .unwrap_or_default()
}

fn unraw(name: &str) -> String {
    name.strip_prefix("r#").unwrap_or(name).to_owned()
}

/// The `///` lines, each without the one space after `///`, trailing blank lines removed.
fn doc_text(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(expr) = &nv.value {
                if let Lit::Str(text) = &expr.lit {
                    let text = text.value();
                    for line in text.split('\n') {
                        lines.push(line.strip_prefix(' ').unwrap_or(line).trim_end().to_owned());
                    }
                }
            }
        }
    }
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|line| line.is_empty()) {
        lines.remove(0);
    }
    lines.join("\n")
}

fn contains_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "impl",
        TokenTree::Group(group) => contains_impl(group.stream()),
        _ => false,
    })
}

/// Tokens as a person writes them: `Option<&'static str>`, `Json(item)`, `[u8; 4]`.
pub fn tokens_text(tokens: TokenStream) -> String {
    let mut out = String::new();
    write_tokens(tokens, &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Ident(ident) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
            }
            TokenTree::Literal(literal) => {
                if out.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                let arrow = c == '-'
                    && punct.spacing() == Spacing::Joint
                    && matches!(tokens.peek(), Some(TokenTree::Punct(next)) if next.as_char() == '>');
                if arrow {
                    tokens.next();
                    out.push_str(" -> ");
                    continue;
                }
                if c == '=' || (c == '+' && !out.ends_with('<')) {
                    out.push(' ');
                    out.push(c);
                    out.push(' ');
                    continue;
                }
                out.push(c);
                if c == ',' || c == ';' {
                    out.push(' ');
                }
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_written() {
        let table = [
            (quote!(Option<String>), "Option<String>"),
            (quote!(&'static str), "&'static str"),
            (quote!(Option<&'a mut str>), "Option<&'a mut str>"),
            (quote!(Segments<'_>), "Segments<'_>"),
            (quote!(Json(item)), "Json(item)"),
            (quote!([u8; 4]), "[u8; 4]"),
            (
                quote!(std::collections::HashMap<String, Vec<u8>>),
                "std::collections::HashMap<String, Vec<u8>>",
            ),
            (
                quote!(Box<dyn Fn(u8) -> u8 + Send>),
                "Box<dyn Fn(u8) -> u8 + Send>",
            ),
            (quote!(mut id), "mut id"),
        ];
        for (tokens, text) in table {
            assert_eq!(tokens_text(tokens), text);
        }
    }

    #[test]
    fn doc_lines_lose_the_space_after_the_slashes() {
        let item: ItemFn = syn::parse_quote! {
            /// Greets someone.
            ///
            ///   Indented.
            #[inline]
            fn f() {}
        };
        assert_eq!(doc_text(&item.attrs), "Greets someone.\n\n  Indented.");
    }
}
