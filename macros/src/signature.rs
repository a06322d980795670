//! A handler's usual signature, read by hand: `[attributes] [pub[(..)]] [async] fn name(args)
//! [-> Type]`.
//!
//! `#[route]` reads every handler's signature on every build (and every `cargo check`, which
//! runs the macros unoptimized), and `syn`'s parser of a whole signature costs several times
//! what reading its parts does: this walks the tokens once and asks `syn` only for what it
//! must understand (the attributes, the visibility, each argument's type and pattern, the
//! return type). Anything else (`const`, `unsafe`, `extern`, generics, `where`, `self`, `...`)
//! gives `None`, and `syn` reads the whole signature as before, with its errors.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::{Attribute, FnArg, Pat, PatIdent, PatType, ReturnType, Signature, Type, Visibility};

/// The attributes, visibility and signature of `head`, the function's tokens before its body.
pub fn read(head: &[TokenTree]) -> Option<(Vec<Attribute>, Visibility, Signature)> {
    let mut at = 0;
    while matches!(head.get(at), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        match head.get(at + 1) {
            Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket => at += 2,
            _ => return None,
        }
    }
    let attrs = if at == 0 {
        Vec::new()
    } else {
        parse(&head[..at], Attribute::parse_outer)?
    };
    let vis_start = at;
    if is_word(head.get(at), "pub") {
        at += 1;
        if matches!(head.get(at), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
        {
            at += 1;
        }
    }
    let vis = if at == vis_start {
        Visibility::Inherited
    } else {
        parse(
            &head[vis_start..at],
            |input: syn::parse::ParseStream<'_>| input.parse(),
        )?
    };
    let asyncness = match head.get(at) {
        Some(TokenTree::Ident(word)) if word == "async" => {
            at += 1;
            Some(syn::token::Async(word.span()))
        }
        _ => None,
    };
    let fn_token = match head.get(at) {
        Some(TokenTree::Ident(word)) if word == "fn" => syn::token::Fn(word.span()),
        _ => return None,
    };
    let (Some(TokenTree::Ident(ident)), Some(TokenTree::Group(args))) =
        (head.get(at + 1), head.get(at + 2))
    else {
        return None;
    };
    if args.delimiter() != Delimiter::Parenthesis || ident.to_string().starts_with("r#") {
        return None;
    }
    let output = match &head[at + 3..] {
        [] => ReturnType::Default,
        [TokenTree::Punct(minus), TokenTree::Punct(gt), ty @ ..]
            if minus.as_char() == '-'
                && minus.spacing() == Spacing::Joint
                && gt.as_char() == '>' =>
        {
            let arrow = syn::token::RArrow {
                spans: [minus.span(), gt.span()],
            };
            ReturnType::Type(
                arrow,
                Box::new(parse(ty, |input: syn::parse::ParseStream<'_>| {
                    input.parse::<Type>()
                })?),
            )
        }
        _ => return None,
    };
    let mut inputs = Punctuated::new();
    for (arg, comma) in split_commas(args.stream()) {
        inputs.push_value(read_arg(&arg)?);
        if let Some(comma) = comma {
            inputs.push_punct(syn::token::Comma(comma));
        }
    }
    let sig = Signature {
        constness: None,
        asyncness,
        unsafety: None,
        abi: None,
        fn_token,
        ident: ident.clone(),
        generics: syn::Generics::default(),
        paren_token: syn::token::Paren {
            span: args.delim_span(),
        },
        inputs,
        variadic: None,
        output,
    };
    Some((attrs, vis, sig))
}

/// `[attributes] pattern: Type`; a pattern other than a plain name (`name`, `mut name`) is
/// read by `syn`.
fn read_arg(tokens: &[TokenTree]) -> Option<FnArg> {
    let mut at = 0;
    while matches!(tokens.get(at), Some(TokenTree::Punct(p)) if p.as_char() == '#') {
        at += 2;
    }
    let attrs = if at == 0 {
        Vec::new()
    } else {
        parse(tokens.get(..at)?, Attribute::parse_outer)?
    };
    // The `:` between the pattern and the type: the first that isn't half of a `::`.
    let colon = (at..tokens.len()).find(|&index| {
        matches!(&tokens[index], TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Alone)
            && !matches!(index.checked_sub(1).map(|before| &tokens[before]),
                Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
    })?;
    let pattern = &tokens[at..colon];
    // `self: Box<Self>` is a receiver, which `syn` tells apart.
    if pattern.iter().any(|token| is_word(Some(token), "self")) {
        return None;
    }
    let pat = match pattern {
        [TokenTree::Ident(ident)] if !is_keyword_pattern(ident) => plain_name(ident.clone(), None),
        [TokenTree::Ident(mutability), TokenTree::Ident(ident)]
            if mutability == "mut" && !is_keyword_pattern(ident) =>
        {
            plain_name(ident.clone(), Some(syn::token::Mut(mutability.span())))
        }
        _ => parse(pattern, Pat::parse_single)?,
    };
    let TokenTree::Punct(colon_token) = &tokens[colon] else {
        return None;
    };
    let ty = parse(
        &tokens[colon + 1..],
        |input: syn::parse::ParseStream<'_>| input.parse::<Type>(),
    )?;
    Some(FnArg::Typed(PatType {
        attrs,
        pat: Box::new(pat),
        colon_token: syn::token::Colon(colon_token.span()),
        ty: Box::new(ty),
    }))
}

/// `self`, `_`, a raw name or a literal aren't plain names: `syn` reads those patterns.
fn is_keyword_pattern(ident: &proc_macro2::Ident) -> bool {
    let name = ident.to_string();
    matches!(name.as_str(), "self" | "Self" | "mut" | "ref" | "_") || name.starts_with("r#")
}

fn plain_name(ident: proc_macro2::Ident, mutability: Option<syn::token::Mut>) -> Pat {
    Pat::Ident(PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability,
        ident,
        subpat: None,
    })
}

/// The arguments between commas at the top level, each with the comma after it.
fn split_commas(tokens: TokenStream) -> Vec<(Vec<TokenTree>, Option<proc_macro2::Span>)> {
    let mut items = Vec::new();
    let mut item = Vec::new();
    let mut depth = 0usize;
    // The `>` of a `->` closes nothing.
    let mut after_minus = false;
    for token in tokens {
        let arrow_end = after_minus;
        after_minus = matches!(&token, TokenTree::Punct(p) if p.as_char() == '-' && p.spacing() == Spacing::Joint);
        match &token {
            // Generic arguments (`HashMap<K, V>`) hold commas that don't end the argument. (A
            // comma misread ends an argument with a `<` open, which `syn` refuses: the whole
            // signature is then `syn`'s to read.)
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' && depth > 0 && !arrow_end => depth -= 1,
            TokenTree::Punct(p) if p.as_char() == ',' && depth == 0 => {
                items.push((std::mem::take(&mut item), Some(p.span())));
                continue;
            }
            _ => {}
        }
        item.push(token);
    }
    if !item.is_empty() {
        items.push((item, None));
    }
    items
}

fn is_word(token: Option<&TokenTree>, word: &str) -> bool {
    matches!(token, Some(TokenTree::Ident(ident)) if ident == word)
}

/// `tokens` read by `parser`, all of them; `None` if it fails or leaves some.
fn parse<T>(tokens: &[TokenTree], parser: impl syn::parse::Parser<Output = T>) -> Option<T> {
    parser.parse2(tokens.iter().cloned().collect()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse::Parser;

    fn syn_read(head: &[TokenTree]) -> (Vec<Attribute>, Visibility, Signature) {
        let parser = |input: syn::parse::ParseStream<'_>| {
            Ok((
                input.call(Attribute::parse_outer)?,
                input.parse()?,
                input.parse()?,
            ))
        };
        parser.parse2(head.iter().cloned().collect()).unwrap()
    }

    fn head(source: &str) -> Vec<TokenTree> {
        source.parse::<TokenStream>().unwrap().into_iter().collect()
    }

    #[test]
    fn reads_what_syn_reads() {
        for source in [
            "pub async fn hello(name: String, #[query] greeting: Option<String>) -> String",
            "async fn empty()",
            "fn unit(_: u8) -> ()",
            "pub(crate) fn many(mut x: u64, Json(item): Json<Item>, y: HashMap<String, Vec<u8>>) -> Result<Json<T>, StatusCode>",
            "/// Says hello.\n#[allow(unused)] pub async fn h(a: &RequestContext<'_>, b: Box<dyn Fn(u8) -> u8 + Send>, c: [u8; 4],) -> impl IntoResponse",
            "pub(in crate::routes) async fn nested(Path((a, b)): Path<(u8, u8)>, f: fn(u8, u8) -> u8, t: (A, B))",
            "fn qualified(x: <T as Trait>::Assoc, m: std::collections::HashMap<K, V>)",
        ] {
            let head = head(source);
            let read = read(&head).unwrap_or_else(|| panic!("not read: {source}"));
            assert_eq!(read, syn_read(&head), "{source}");
        }
    }

    #[test]
    fn leaves_the_rest_to_syn() {
        for source in [
            "fn generic<T>(x: T)",
            "unsafe fn danger()",
            "extern \"C\" fn ffi()",
            "const fn konst()",
            "fn method(&self)",
            "fn owned(self: Box<Self>)",
            "fn bounded() where u8: Copy",
            "fn r#type()",
            "fn odd(x: HashMap<fn() -> u8, u8>)",
        ] {
            let head = head(source);
            if let Some(read) = read(&head) {
                assert_eq!(read, syn_read(&head), "{source}");
            }
        }
    }
}
