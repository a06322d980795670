//! The route as data: the texts its callback hands the router for the route table
//! (`Api::routes`: doc comment, bindings and types as written), and the route's shape handed to
//! `uri!`. Nothing here can fail.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::{Attribute, Expr, Lit, Meta};

use crate::check::{Route, Wire};

/// What `uri!` needs of the route: the template, and one string literal of fields (see
/// `crate::fields`): the count of arguments, then for each its kind (`path`, `greedy`, `query`,
/// `stage`, `header`, `cookie` or `other`), the query field's name for `query` (else empty),
/// and the argument's name (empty for a pattern).
pub fn uri_shape(route: &Route) -> TokenStream {
    let mut data = String::new();
    crate::fields::push_count(&mut data, route.args.len());
    for arg in &route.args {
        let (kind, field) = match &arg.wire {
            Wire::Path(_) => ("path", ""),
            Wire::Greedy(_) => ("greedy", ""),
            Wire::Query(field) => ("query", field.as_str()),
            Wire::Stage(_) => ("stage", ""),
            Wire::Header(_) => ("header", ""),
            Wire::Cookie(_) => ("cookie", ""),
            Wire::Request => ("other", ""),
        };
        crate::fields::push(&mut data, kind);
        crate::fields::push(&mut data, field);
        crate::fields::push(&mut data, &ident_text(arg));
    }
    TokenStream::from_iter([
        TokenTree::Literal(route.template.lit.token()),
        TokenTree::Literal(crate::fields::literal(&data)),
    ])
}

pub fn ident_text(arg: &crate::check::WiredArg) -> String {
    arg.ident
        .as_ref()
        .map(|ident| unraw(&ident.to_string()))
        .unwrap_or_default()
}

fn unraw(name: &str) -> String {
    name.strip_prefix("r#").unwrap_or(name).to_owned()
}

/// The `///` lines, each without the one space after `///`, trailing blank lines removed.
pub fn doc_text(attrs: &[Attribute]) -> String {
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
    use quote::quote;

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
        let item: syn::ItemFn = syn::parse_quote! {
            /// Greets someone.
            ///
            ///   Indented.
            #[inline]
            fn f() {}
        };
        assert_eq!(doc_text(&item.attrs), "Greets someone.\n\n  Indented.");
    }
}
