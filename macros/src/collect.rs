//! `main!(a, b::c, mount("/v1", [d, e], wrap = [auth]))` and `api!(...)`: start the chains of
//! route callbacks that gather the whole route table for the router generator.
//!
//! Each listed handler is visited as `{ [callee] [path] [mount] }`, where `callee` is its
//! callback (`route!` in the handler's hidden module, through an import of the path), and
//! `mount` is empty or the group's prefix and middleware (`"/v1" [auth]`); each callback appends
//! its route with that mount to the table and calls the next. See `chains` for how many
//! callbacks one chain visits, and what a path with no `#[route]` finds.

use proc_macro2::{Delimiter, Group, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
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
    // Each path's tokens, written once: the imports, the chains and the check below use them.
    let paths: Vec<TokenStream> = visits
        .iter()
        .map(|(path, _)| path.to_token_stream())
        .collect();
    // By text, in one pass: comparing `syn::Path`s pairwise asks the compiler for every
    // identifier's text again, which a long list pays quadratically on every build.
    let mut listed = std::collections::HashSet::with_capacity(visits.len());
    for ((path, _), tokens) in visits.iter().zip(&paths) {
        let text = tokens.to_string().replace(' ', "");
        if !listed.insert(text.clone()) {
            cx.error_spanned_by(path, format!("`{text}` is listed twice; remove one"));
        }
    }
    if let Err(errors) = cx.check() {
        return fallback(errors, &mode);
    }
    // The `@` carries the span of the first listed path, a token of the user's own: the router
    // generator reports the errors across routes with its hygiene (see `router::Table`).
    let mut at = proc_macro2::Punct::new('@', proc_macro2::Spacing::Alone);
    if let Some(first) = visits[0].0.segments.first() {
        at.set_span(first.ident.span());
    }
    let marker = match mode {
        Mode::Main => quote!(#at main),
        Mode::Api => quote!(#at api),
    };
    let api = chains(&visits, &paths, marker);
    // The chain is an expression even for `main!`, so that an error in it doesn't also cost
    // the crate its `fn main`.
    match mode {
        Mode::Main => quote! {
            fn main() -> ::std::process::ExitCode {
                ::gatewright::run(#api)
            }
        },
        Mode::Api => api,
    }
}

/// How many callbacks one chain visits: the deepest nesting of macro expansions is about this,
/// whatever the number of routes, well under rustc's default `recursion_limit` of 128. Each
/// step of a chain passes on the visits left and the routes gathered, which rustc walks token
/// by token in every `macro_rules!` it goes through; 16 costs the least counted (rustc's
/// instructions for a check after an edit: 32 and 12 cost 0.9% and 0.1% more at 130 routes,
/// the same and 0.3% more at 1,000).
const FANOUT: usize = 16;

/// How many of the names `chains` gives listed handlers (`__gatewright_handler_N`) the
/// runtime's `not_a_route_names` module defines, each `not_a_route` (see `not_a_route_names`).
pub const FALLBACK_NAMES: usize = 1024;

/// `pub use super::not_a_route as __gatewright_handler_N;` for every `N` below
/// `FALLBACK_NAMES`: the module a long list's fallbacks are imported from, with one glob.
pub fn not_a_route_names() -> TokenStream {
    let names = (0..FALLBACK_NAMES).map(|index| format_ident!("__gatewright_handler_{}", index));
    quote!(#(pub use super::not_a_route as #names;)*)
}

/// One callback to visit: the macro, the handler's path as the user wrote it, its mount.
struct Visit {
    callee: TokenStream,
    path: TokenStream,
    mount: TokenStream,
}

/// The block that gathers the routes and hands them to the router generator.
///
/// Each listed path is imported under a name of its own, `__gatewright_handler_N`, whose
/// `route!` is the callback `#[route]` wrote into the handler's hidden module. The import sits
/// in a block inside one that imports `gatewright::__private::not_a_route` under the same
/// name, so a path with no `#[route]` (a plain function has nothing in the type namespace)
/// finds that one instead, which says so at the path. (A glob import can't be the fallback:
/// rustc refuses a macro-expanded import that shadows a glob.)
///
/// Callbacks are visited in chains of at most `FANOUT`; past that many routes, each chain of
/// the first level ends by defining a node macro (`__gatewright_node_N!`) that holds its routes
/// and visits like a route's callback, and chains of nodes make the next level, until one chain
/// is left, which calls `__router!` with every route. Every chain starts in this block, so no
/// expansion is nested deeper than one chain, and each callback passes on at most the routes of
/// its own chain.
fn chains(
    visits: &[(&Path, TokenStream)],
    paths: &[TokenStream],
    marker: TokenStream,
) -> TokenStream {
    let alias = |index: usize| format_ident!("__gatewright_handler_{}", index);
    // A list longer than one chain takes its first `FALLBACK_NAMES` fallbacks from one glob
    // import: an explicit import each is an item that every incremental check lowers and
    // hashes again. (The handlers' own imports shadow the glob's names from an inner block.)
    let globbed = if visits.len() > FANOUT {
        visits.len().min(FALLBACK_NAMES)
    } else {
        0
    };
    let glob = (globbed > 0).then(|| {
        quote!(
            #[allow(unused_imports)]
            use ::gatewright::__private::not_a_route_names::*;
        )
    });
    let fallbacks = (globbed..visits.len()).map(|index| {
        let alias = alias(index);
        quote!(#[allow(unused_imports)] use ::gatewright::__private::not_a_route as #alias;)
    });
    // `use path as alias;`, made token by token around the path's tokens, for every route.
    // (No `#[allow(unused_imports)]`: each import is used by its chain, or its path names no
    // route, which is an error already.)
    let mut imports = TokenStream::new();
    for (index, ((path, _), tokens)) in visits.iter().zip(paths).enumerate() {
        // Where the path is, so that rustc's error for a path that names nothing is there.
        let mut alias = alias(index);
        if let Some(last) = path.segments.last() {
            alias.set_span(alias.span().located_at(last.ident.span()));
        }
        imports.extend([TokenTree::Ident(Ident::new("use", Span::call_site()))]);
        imports.extend(tokens.clone());
        imports.extend([
            TokenTree::Ident(Ident::new("as", Span::call_site())),
            TokenTree::Ident(alias),
            TokenTree::Punct(Punct::new(';', Spacing::Alone)),
        ]);
    }
    let mut level: Vec<Visit> = visits
        .iter()
        .zip(paths)
        .enumerate()
        .map(|(index, ((_, mount), path))| Visit {
            callee: TokenStream::from_iter([
                TokenTree::Ident(alias(index)),
                TokenTree::Punct(Punct::new(':', Spacing::Joint)),
                TokenTree::Punct(Punct::new(':', Spacing::Alone)),
                TokenTree::Ident(Ident::new("route", Span::call_site())),
            ]),
            path: path.clone(),
            mount: mount.clone(),
        })
        .collect();
    let mut nodes = Vec::new();
    while level.len() > FANOUT {
        let mut next = Vec::new();
        for group in level.chunks(FANOUT) {
            let name = format_ident!("__gatewright_node_{}", nodes.len());
            nodes.push(chain(group, quote!(@node #name)));
            next.push(Visit {
                callee: quote!(#name),
                path: quote!(#name),
                mount: TokenStream::new(),
            });
        }
        level = next;
    }
    let root = chain(&level, marker);
    // Three blocks: a name that is in none of them can only be known not to exist once no
    // macro call in the blocks its lookup walks through is left to expand, so the chains (which
    // define the node macros) are in a block of their own, inside the imports' block.
    quote! {{
        #glob
        #(#fallbacks)*
        {
            #imports
            {
                #(#nodes)*
                #root
            }
        }
    }}
}

/// `first! { [path] [mount] [{ [callee] [path] [mount] } ...] [header] }`.
fn chain(visits: &[Visit], header: TokenStream) -> TokenStream {
    let first = &visits[0];
    let (callee, path, mount) = (&first.callee, &first.path, &first.mount);
    let bracket =
        |tokens: &TokenStream| TokenTree::Group(Group::new(Delimiter::Bracket, tokens.clone()));
    let rest = visits[1..].iter().map(|visit| {
        let visit = [
            bracket(&visit.callee),
            bracket(&visit.path),
            bracket(&visit.mount),
        ];
        TokenTree::Group(Group::new(Delimiter::Brace, TokenStream::from_iter(visit)))
    });
    let input = [
        bracket(path),
        bracket(mount),
        TokenTree::Group(Group::new(Delimiter::Bracket, rest.collect())),
        bracket(&header),
    ];
    let mut call = callee.clone();
    call.extend([
        TokenTree::Punct(Punct::new('!', Spacing::Alone)),
        TokenTree::Group(Group::new(Delimiter::Brace, TokenStream::from_iter(input))),
    ]);
    call
}

/// The name and routes of `@node name ROUTES`, or `None` for a table.
pub fn node_header(input: TokenStream) -> Option<(Ident, TokenStream)> {
    let mut tokens = input.into_iter();
    match (tokens.next(), tokens.next(), tokens.next()) {
        (
            Some(TokenTree::Punct(at)),
            Some(TokenTree::Ident(node)),
            Some(TokenTree::Ident(name)),
        ) if at.as_char() == '@' && node == "node" => Some((name, tokens.collect())),
        _ => None,
    }
}

/// `__router! { @node name ROUTES }`, at the end of a chain of the first levels: a callback
/// that visits like a route's own, appending all of `ROUTES` at once.
pub fn node(name: &Ident, routes: TokenStream) -> TokenStream {
    quote! {
        macro_rules! #name {
            ([$($me:tt)*] [$($mount:tt)*] [{ [$($callee:tt)*] [$($next:tt)*] [$($next_mount:tt)*] } $($rest:tt)*] [$($acc:tt)*]) => {
                $($callee)*! { [$($next)*] [$($next_mount)*] [$($rest)*] [$($acc)* #routes] }
            };
            ([$($me:tt)*] [$($mount:tt)*] [] [$($acc:tt)*]) => {
                ::gatewright::__private::__router! { $($acc)* #routes }
            };
        }
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

/// What a listed path with no `#[route]` finds under its import's name (see `chains`): an
/// error at the path, and the chain goes on without it so the rest of the table is still
/// checked. `main!`/`api!` call it as a callback (`[path] [mount] [rest] [acc]`), `uri!` as
/// `@uri [path] ...`.
pub fn not_a_route(input: TokenStream) -> TokenStream {
    let mut tokens = input.into_iter().peekable();
    let uri = matches!(tokens.peek(), Some(TokenTree::Punct(at)) if at.as_char() == '@');
    if uri {
        tokens.next();
        tokens.next();
    }
    let mut groups = tokens.filter_map(|token| match token {
        TokenTree::Group(group) => Some(group.stream()),
        _ => None,
    });
    let path = groups.next().unwrap_or_default();
    let text = path.to_string().replace(' ', "");
    let message = if uri {
        format!("`{text}` is not a route, so `uri!` has no path to build for it: only a function with `#[route(...)]` has one; check the name, or add `#[route(GET, \"/path\")]` (its method and template) to it")
    } else {
        format!("`{text}` is not a route: only functions with `#[route(...)]` can be listed; check the name, add `#[route(GET, \"/path\")]` (its method and template) to the function, or remove it from the list")
    };
    let error = syn::Error::new_spanned(&path, message).to_compile_error();
    if uri {
        return error;
    }
    let (_mount, rest, acc) = (groups.next(), groups.next(), groups.next());
    let (rest, acc) = match (rest, acc) {
        (Some(rest), Some(acc)) => (rest, acc),
        _ => return error,
    };
    // The next callback: `{ [callee] [path] [mount] } rest...`, as a route's callback reads it.
    let mut rest = rest.into_iter();
    let next = match rest.next() {
        Some(TokenTree::Group(next)) => next.stream(),
        _ => {
            return quote! {
                #error
                ::gatewright::__private::__router! { #acc }
            }
        }
    };
    let rest: TokenStream = rest.collect();
    let mut next = next.into_iter().filter_map(|token| match token {
        TokenTree::Group(group) => Some(group.stream()),
        _ => None,
    });
    let (callee, path, mount) = (
        next.next().unwrap_or_default(),
        next.next().unwrap_or_default(),
        next.next().unwrap_or_default(),
    );
    // Statements, where the chain is: a chain of the first levels defines its node macro where
    // the next level can see it.
    quote! {
        #error
        #callee! { [#path] [#mount] [#rest] [#acc] }
    }
}
