//! Tokens made one at a time, each with its span: for the few places where a span matters
//! (see `crate::text` for the rest).

use proc_macro2::{Delimiter, Group, Punct, Spacing, Span, TokenStream, TokenTree};

pub fn punct(ch: char, spacing: Spacing, at: Span) -> TokenTree {
    let mut punct = Punct::new(ch, spacing);
    punct.set_span(at);
    TokenTree::Punct(punct)
}

pub fn group(delimiter: Delimiter, stream: TokenStream, at: Span) -> TokenTree {
    let mut group = Group::new(delimiter, stream);
    group.set_span(at);
    TokenTree::Group(group)
}
