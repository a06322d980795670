//! Code the macros write as source text rather than token by token.
//!
//! Where nothing in the code points at the user's (no span of theirs, no hygiene of theirs),
//! text is much cheaper for an unoptimized build of the macros, which is how Cargo builds them
//! for every `cargo check`: the router's matching code, route table and describing function
//! are tens of thousands of tokens for a large API.

use proc_macro2::TokenStream;

/// `text` as tokens, each located at the macro's call site, read by the compiler's own parser
/// in one call: `proc_macro2`'s `parse` would first check the text with a parser of its own.
pub fn parse(text: &str) -> TokenStream {
    let tokens: proc_macro::TokenStream = text.parse().expect(
        "the macros write valid Rust: each literal is the user's own or written with `{:?}`",
    );
    tokens.into()
}

/// The value of a string literal: its text between the quotes when it has no escape (the usual
/// case, read without `syn`'s unescaping, which an unoptimized build runs slowly), else
/// `LitStr::value`.
pub fn value(lit: &syn::LitStr) -> String {
    let repr = lit.token().to_string();
    match repr
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(text) if !text.contains('\\') => text.to_owned(),
        _ => lit.value(),
    }
}
