//! The code `#[route]` writes next to the handler. Nothing here can fail.

use proc_macro2::{Delimiter, Group, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{ItemFn, ReturnType};

use crate::ast::Handler;
use crate::check::{Route, Wire};
use crate::tokens::{group, punct};
use crate::{fields, text};

/// The user's function, untouched but for our argument attributes, and next to it a hidden
/// module with the handler's name holding its callback (see `callback`).
///
/// Nothing else: the callback tells the router how each argument is read and what
/// `routes`/`openapi`/`sam` say of the route (see `wiring` and `route_tokens`), and the router
/// writes the reading, the route table and the describing code in its own few functions, each
/// argument's type taken from the handler's `fn` type. Every item written here is one more that
/// every incremental `cargo check` validates and caches again; the router's functions are a few
/// items whatever the number of routes.
pub fn route(handler: &Handler, route: &Route) -> TokenStream {
    let item = &handler.item;
    let name = &item.sig.ident;
    let private = matches!(item.vis, syn::Visibility::Inherited);
    let route_tokens = route_tokens(route, item, private);
    let callback = callback(name, route_tokens, Some(crate::info::uri_shape(route)));
    let handler = written_fn(handler).unwrap_or_else(|| handler_fn(item));
    quote! {
        #handler

        #callback
    }
}

/// How the router reads each argument, as fields (see `crate::fields`): their count, then for
/// each how it is read (`path`, `greedy`, `query`, `stage`, `header`, `cookie` or `request`),
/// the segment for `path` and `greedy` (else empty), the name on the wire (the argument's own
/// name for `path`, `greedy` and `request`), and the binding and the type as written, for the
/// route table.
fn wiring_fields(route: &Route, item: &ItemFn, out: &mut String) {
    fields::push_count(out, route.args.len());
    for (arg, input) in route.args.iter().zip(&item.sig.inputs) {
        let binding = match input {
            // A plain name, the usual case, without writing its tokens out and reading them back.
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(pat)
                    if pat.by_ref.is_none() && pat.mutability.is_none() && pat.subpat.is_none() =>
                {
                    pat.ident.to_string()
                }
                pat => crate::info::tokens_text(pat.to_token_stream()),
            },
            syn::FnArg::Receiver(_) => String::new(),
        };
        let name = crate::info::ident_text(arg);
        let (kind, segment, name) = match &arg.wire {
            Wire::Path(segment) => ("path", Some(*segment), name),
            Wire::Greedy(segment) => ("greedy", Some(*segment), name),
            Wire::Query(field) => ("query", None, field.clone()),
            Wire::Stage(field) => ("stage", None, field.clone()),
            Wire::Header(field) => ("header", None, field.clone()),
            Wire::Cookie(field) => ("cookie", None, field.clone()),
            Wire::Request => ("request", None, name),
        };
        fields::push(out, kind);
        match segment {
            Some(segment) => fields::push_count(out, segment),
            None => fields::push(out, ""),
        }
        fields::push(out, &name);
        fields::push(out, &binding);
        fields::push(out, &crate::info::tokens_text(arg.ty.to_token_stream()));
    }
}

/// The user's function as it is compiled: unchanged when it is not `async`.
///
/// An `async fn` is written as the `fn` it stands for, `fn name(args) -> impl Future<Output = R>
/// + Send { async move { ... } }`, for two reasons:
///
/// - **Elided lifetimes.** An `async fn` refuses an argument type with a hidden lifetime
///   parameter (`State<T>`, `Headers`, `RawBody`, `Segments`, `&RequestContext`, `FileName`, a
///   guard of the user's own) unless it is written `'_` (E0726). A plain `fn` takes them, and
///   the `impl Future` (written here, so under the macro crate's edition-2024 rules) captures
///   every lifetime of the arguments. This works for any type, ours or the user's, without the
///   macro knowing which types have lifetime parameters.
/// - **`Send`.** Every handler's future must be `Send` (the router runs on a multi-threaded
///   runtime); the bound, located at the function's name, makes a handler that holds an `Rc`
///   or a `RefCell` guard across `.await` an error at that handler and that `.await`, not one
///   deep in the generated router.
///
/// The arguments are moved into the future and bound to their patterns there, in order, as
/// `async fn` does, so guards are dropped when the handler finishes, not before it starts.
pub fn handler_fn(item: &ItemFn) -> TokenStream {
    if item.sig.asyncness.is_none() {
        return quote!(#item);
    }
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
    } = item;
    let name = &sig.ident;
    let mut inputs = Vec::new();
    let mut bindings = Vec::new();
    for (index, input) in sig.inputs.iter().enumerate() {
        match input {
            syn::FnArg::Typed(typed) => {
                let arg_attrs = &typed.attrs;
                let ty = &typed.ty;
                let pat = &typed.pat;
                match &**pat {
                    // `name: T` (or `mut name: T`): moved into the future as itself.
                    syn::Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                        let arg = &ident.ident;
                        inputs.push(quote!(#(#arg_attrs)* #arg: #ty));
                        bindings.push(quote!(let #pat = #arg;));
                    }
                    // A pattern (`Json(item)`, `_`): the value is moved into the future first (so
                    // that even `_` keeps it until the handler ends), then bound to it there.
                    _ => {
                        let local = format_ident!("__arg{}", index, span = Span::mixed_site());
                        inputs.push(quote!(#(#arg_attrs)* #local: #ty));
                        bindings.push(quote! {
                            let #local = #local;
                            let #pat = #local;
                        });
                    }
                }
            }
            // Reported by the checks; kept so that the function still compiles as far as it can.
            syn::FnArg::Receiver(receiver) => inputs.push(quote!(#receiver)),
        }
    }
    let output = match &sig.output {
        // At the name: where "return type inferred to be `()` here" points (see `output_first`).
        ReturnType::Default => quote_spanned!(Span::call_site().located_at(sig.ident.span())=> ()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let constness = &sig.constness;
    let unsafety = &sig.unsafety;
    let abi = &sig.abi;
    let generics = &sig.generics;
    let where_clause = &sig.generics.where_clause;
    // `impl` keeps the macro's (edition 2024) hygiene for its capture rules, and both it and
    // `Send` are located at the name, so that a future that isn't `Send` is reported there.
    let at_name = Span::call_site().located_at(name.span());
    let impl_token = quote_spanned!(at_name=> impl);
    let future = quote_spanned!(name.span()=> ::gatewright::__private::Future<Output = #output> + ::gatewright::__private::Send);
    let block_span = block.brace_token.span.join();
    let body = match body_block(block) {
        Some(body) => body.into(),
        None => quote!(#block),
    };
    let typed = output_first(&Vec::from_iter(output.clone()));
    let async_block = quote_spanned!(block_span=> async move {
        #(#typed)*
        #(#bindings)*
        #body
    });
    quote! {
        #(#attrs)*
        #vis #constness #unsafety #abi fn #name #generics(#(#inputs),*) -> #impl_token #future
        #where_clause
        {
            #async_block
        }
    }
}

/// The `fn` that `handler_fn` writes for an `async` handler whose arguments are plain names
/// (`name: Type`, none marked `#[query]` or the like), the usual handler, made from the
/// user's own tokens (its attributes, visibility, name, arguments and return type as they
/// are) and the few it adds, one by one: no `syn` tree written out again token by token, no
/// `quote!`, which an unoptimized build of the macros (how Cargo builds them for every `cargo
/// check`) runs slowly, for every route on every build. `None` for any other handler.
fn written_fn(handler: &Handler) -> Option<TokenStream> {
    let sig = &handler.item.sig;
    let plain_names = sig.inputs.iter().all(|input| match input {
        syn::FnArg::Typed(typed) => matches!(&*typed.pat, syn::Pat::Ident(pat)
            if pat.by_ref.is_none() && pat.mutability.is_none() && pat.subpat.is_none()),
        syn::FnArg::Receiver(_) => false,
    });
    let plain = handler.args_as_written
        && plain_names
        && sig.asyncness.is_some()
        && sig.constness.is_none()
        && sig.unsafety.is_none()
        && sig.abi.is_none()
        && sig.generics.params.is_empty()
        && sig.generics.where_clause.is_none();
    if !plain {
        return None;
    }
    // `[attributes] [visibility] async fn name (args) [-> type]`.
    let head = &handler.head;
    let is_word =
        |tree: &TokenTree, word: &str| matches!(tree, TokenTree::Ident(ident) if ident == word);
    let async_at = head.iter().position(|tree| is_word(tree, "async"))?;
    let (Some(fn_token), Some(TokenTree::Ident(name)), Some(TokenTree::Group(args))) = (
        head.get(async_at + 1),
        head.get(async_at + 2),
        head.get(async_at + 3),
    ) else {
        return None;
    };
    if !is_word(fn_token, "fn") || args.delimiter() != Delimiter::Parenthesis {
        return None;
    }
    let output: Vec<TokenTree> = match &head[async_at + 4..] {
        // At the name: where "return type inferred to be `()` here" points (see `output_first`).
        [] => vec![group(
            Delimiter::Parenthesis,
            TokenStream::new(),
            Span::call_site().located_at(name.span()),
        )],
        // `-` `>` then the type.
        [TokenTree::Punct(_), TokenTree::Punct(_), ty @ ..] => ty.to_vec(),
        _ => return None,
    };
    let call_site = Span::call_site();
    let at_name = name.span();
    let mut tokens: Vec<TokenTree> = head[..async_at].to_vec();
    tokens.extend(head[async_at + 1..async_at + 4].iter().cloned());
    tokens.extend([
        punct('-', Spacing::Joint, call_site),
        punct('>', Spacing::Alone, call_site),
    ]);
    // See `handler_fn`: `impl` with the macro's hygiene at the name, the bound at the name.
    tokens.push(TokenTree::Ident(syn::Ident::new(
        "impl",
        call_site.located_at(at_name),
    )));
    tokens.extend(private_path("Future", at_name));
    tokens.push(punct('<', Spacing::Alone, at_name));
    tokens.push(TokenTree::Ident(syn::Ident::new("Output", at_name)));
    tokens.push(punct('=', Spacing::Alone, at_name));
    let typed = output_first(&output);
    tokens.extend(output);
    tokens.push(punct('>', Spacing::Alone, at_name));
    tokens.push(punct('+', Spacing::Alone, at_name));
    tokens.extend(private_path("Send", at_name));
    // `{ async move { let name = name; ... { body } } }`.
    let block = &handler.item.block;
    let block_span = block.brace_token.span.join();
    let mut inner = typed;
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input {
            if let syn::Pat::Ident(pat) = &*typed.pat {
                inner.extend([
                    TokenTree::Ident(syn::Ident::new("let", call_site)),
                    TokenTree::Ident(pat.ident.clone()),
                    punct('=', Spacing::Alone, call_site),
                    TokenTree::Ident(pat.ident.clone()),
                    punct(';', Spacing::Alone, call_site),
                ]);
            }
        }
    }
    inner.push(body_block(block)?);
    let async_block = TokenStream::from_iter([
        TokenTree::Ident(syn::Ident::new("async", block_span)),
        TokenTree::Ident(syn::Ident::new("move", block_span)),
        group(Delimiter::Brace, inner.into_iter().collect(), block_span),
    ]);
    tokens.push(group(Delimiter::Brace, async_block, call_site));
    Some(tokens.into_iter().collect())
}

/// `if false { return ::gatewright::__private::future_output::<T>(); }`, first in an `async`
/// handler's future, `T` its return type: an `async` block's output type is otherwise found
/// from its body, so a body of the wrong type would be reported as a future of the wrong
/// output at the function's name (E0271); with `T` known first, rustc reports each wrong
/// expression (the tail, a `return`'s value) as "mismatched types" there, as for an `async fn`.
/// Nothing for a type with `impl Trait` in it, which can't be written there.
fn output_first(output: &[TokenTree]) -> Vec<TokenTree> {
    fn has_impl(tree: &TokenTree) -> bool {
        match tree {
            TokenTree::Ident(ident) => ident == "impl",
            TokenTree::Group(group) => group.stream().into_iter().any(|tree| has_impl(&tree)),
            _ => false,
        }
    }
    if output.iter().any(has_impl) {
        return Vec::new();
    }
    // The call spans the return type, where rustc's "return type inferred to be `T` here" points.
    let at = Span::call_site();
    let (Some(first), Some(last)) = (output.first(), output.last()) else {
        return Vec::new();
    };
    let (start, end) = (at.located_at(first.span()), at.located_at(last.span()));
    let mut call = private_path("future_output", start);
    call.extend([
        punct(':', Spacing::Joint, start),
        punct(':', Spacing::Alone, start),
        punct('<', Spacing::Alone, start),
    ]);
    call.extend(output.iter().cloned());
    call.extend([
        punct('>', Spacing::Alone, end),
        group(Delimiter::Parenthesis, TokenStream::new(), end),
        punct(';', Spacing::Alone, at),
    ]);
    let mut returned = vec![TokenTree::Ident(syn::Ident::new("return", at))];
    returned.extend(call);
    vec![
        TokenTree::Ident(syn::Ident::new("if", at)),
        TokenTree::Ident(syn::Ident::new("false", at)),
        group(Delimiter::Brace, returned.into_iter().collect(), at),
    ]
}

/// The handler's body as the tail of its future's `async` block: its braces take the macro's
/// hygiene where they are, so that a body of one expression isn't "unnecessary braces" to rustc
/// (`unused_braces` leaves what a macro wrote alone). The braces' span is the block's own, not
/// found by writing the body out as `Spanned::span` would. `None` for a body `parse_fn` didn't
/// keep verbatim.
fn body_block(block: &syn::Block) -> Option<TokenTree> {
    let [syn::Stmt::Item(syn::Item::Verbatim(body))] = &block.stmts[..] else {
        return None;
    };
    let at = Span::call_site().located_at(block.brace_token.span.join());
    Some(group(Delimiter::Brace, body.clone(), at))
}

/// `::gatewright::__private::name`, located at `at`.
fn private_path(name: &str, at: Span) -> Vec<TokenTree> {
    let mut tokens = Vec::with_capacity(9);
    for segment in ["gatewright", "__private", name] {
        tokens.extend([
            punct(':', Spacing::Joint, at),
            punct(':', Spacing::Alone, at),
            TokenTree::Ident(syn::Ident::new(segment, at)),
        ]);
    }
    tokens
}

/// A callback that passes the chain on without adding a route, for a route with errors: the
/// errors are already reported, and `main!` should not add "not a route" to them.
pub fn failed_route(item: &TokenStream, name: Option<&syn::Ident>) -> TokenStream {
    let callback = name.map(|name| callback(name, TokenStream::new(), None));
    quote! {
        #item
        #callback
    }
}

/// `"fields" "template" out [at ...] [(State<T>) ...]`: what the router needs of a route.
///
/// First, one string literal of fields (see `crate::fields`): its methods (`GET HEAD`), the
/// handler's own name, `private` if the function is (the router then names it where it is
/// listed, and rustc says "function is private" if it can't be named there; the hidden module
/// is `pub(crate)`), `async` if it is, its doc comment, its `auth` option (empty, `none`, or
/// `scopes`, then their count and each scope), then how its arguments are read (see
/// `wiring_fields`). Then the tokens that carry the user's spans: the template, `out` located
/// at the return type, where a handler output that isn't a response is reported, an `at` per
/// argument located at its type, where an argument that can't be read that way is reported,
/// and the state types it takes, so that `main!` (which gives no state) can refuse them.
fn route_tokens(route: &Route, item: &ItemFn, private: bool) -> TokenStream {
    let mut data = String::new();
    let methods: Vec<String> = route.methods.iter().map(ToString::to_string).collect();
    fields::push(&mut data, &methods.join(" "));
    fields::push(&mut data, &item.sig.ident.to_string());
    fields::push(&mut data, if private { "private" } else { "" });
    fields::push(
        &mut data,
        if item.sig.asyncness.is_some() {
            "async"
        } else {
            ""
        },
    );
    fields::push(&mut data, &crate::info::doc_text(&item.attrs));
    fields::push_auth(&mut data, &route.auth);
    wiring_fields(route, item, &mut data);
    let out = match &item.sig.output {
        ReturnType::Default => item.sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let at: TokenStream = route
        .args
        .iter()
        .map(|arg| TokenTree::Ident(syn::Ident::new("at", arg.ty.span())))
        .collect();
    let states: TokenStream = route
        .args
        .iter()
        .filter(|arg| matches!(arg.wire, Wire::Request) && names_state(&arg.ty))
        .map(|arg| TokenTree::Group(Group::new(Delimiter::Parenthesis, arg.ty.to_token_stream())))
        .collect();
    TokenStream::from_iter([
        TokenTree::Literal(fields::literal(&data)),
        TokenTree::Literal(route.template.lit.token()),
        TokenTree::Ident(syn::Ident::new("out", out)),
        TokenTree::Group(Group::new(Delimiter::Bracket, at)),
        TokenTree::Group(Group::new(Delimiter::Bracket, states)),
    ])
}

/// Whether a type is spelled `State<...>` (or `gatewright::State<...>`).
fn names_state(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) => {
            path.qself.is_none()
                && path.path.segments.last().is_some_and(|segment| {
                    segment.ident == "State"
                        && matches!(segment.arguments, syn::PathArguments::AngleBracketed(_))
                })
        }
        _ => false,
    }
}

/// A hidden module with the handler's name (type namespace, so it doesn't clash with the
/// function, and no name in the macro namespace, where a handler called `line` or `vec` would
/// make the standard macros ambiguous), holding `route!`: a `macro_rules!` callback that
/// `main!`/`api!` call with the handler's path, its mount (empty, or the group's prefix and
/// middleware), the macros still to visit (`{ [callee] [path] [mount] }` each) and the routes
/// so far; and that `gatewright::uri!` calls with `@uri` first. Its one arm passes the route and
/// its shape for `uri!` to `gatewright::__route_callback!`, which appends the route and calls
/// the next callback (the last one hands the whole table to `__router!`, see `collect`), or
/// builds the path.
///
/// It is `pub(crate)` whatever the handler's visibility: listing a handler that can't be named
/// there is an error about the function (rustc's "function is private", from the router, which
/// names a private handler where it is listed), and the only one.
fn callback(name: &syn::Ident, route: TokenStream, uri_shape: Option<TokenStream>) -> TokenStream {
    // A route with errors adds nothing and builds no path (its errors are already reported).
    let shape = uri_shape.unwrap_or_default();
    // The module is written by `gatewright::__private::__callback_module!` from a few tokens:
    // every route pays for what it writes here on every build, and a token made by the macro
    // costs an unoptimized build of it (how Cargo builds it for `cargo check`) far more than
    // one `macro_rules!` writes. The module has the handler's name, the user's token: a name
    // that isn't snake case, which rustc already reports at the function, isn't reported again
    // at the module.
    let snake_case = !name.to_string().contains(|c: char| c.is_ascii_uppercase());
    let mut call = text::parse("::gatewright::__private::__callback_module!");
    let mut input = vec![TokenTree::Punct(Punct::new('$', Spacing::Alone))];
    if !snake_case {
        input.extend(text::parse("#[allow(non_snake_case)]"));
    }
    input.extend([
        TokenTree::Ident(name.clone()),
        TokenTree::Group(Group::new(Delimiter::Brace, route)),
        TokenTree::Group(Group::new(Delimiter::Brace, shape)),
    ]);
    call.extend([TokenTree::Group(Group::new(
        Delimiter::Brace,
        input.into_iter().collect(),
    ))]);
    call
}
