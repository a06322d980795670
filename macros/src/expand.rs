//! The code `#[route]` writes next to the handler. Only `quote!`; nothing here can fail.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{ItemFn, ReturnType};

use crate::check::{Route, Wire};

/// The user's function, untouched but for our argument attributes, and next to it a hidden
/// module with the handler's name (see `callback`) and an `impl` of its `__Handler` whose
/// `__gatewright_call` reads every argument and calls the function (path parameters at their
/// segment after `base`, the segments of the prefix it is mounted under).
pub fn route(item: &ItemFn, route: &Route) -> TokenStream {
    let name = &item.sig.ident;
    let request = format_ident!("__request", span = Span::mixed_site());
    let base = format_ident!("__base", span = Span::mixed_site());

    // Path parameters alone (or no argument) are read without waiting and borrow nothing but
    // the request: the route is one closure handed to the generic `wire::call` (or `call_now`
    // for a handler that is not `async`), which type-checks once for every route, rather than
    // an `async fn` (a state machine) per route.
    let immediate = route
        .args
        .iter()
        .all(|arg| matches!(arg.wire, Wire::Path(_) | Wire::Greedy(_)));
    // Each argument is read by `read_or_reject`: its rejection is the route's response. The
    // reads are in a closure or an `async` block returning `Result<Response, Response>` (or
    // the handler's future, for `wire::call`).
    let mut reads = Vec::new();
    let mut call_args = Vec::new();
    for (index, arg) in route.args.iter().enumerate() {
        let local = format_ident!("__arg{}", index, span = Span::mixed_site());
        let ty = &arg.ty;
        let read = match &arg.wire {
            Wire::Path(segment) | Wire::Greedy(segment) => {
                let param = arg
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let read = match &arg.wire {
                    Wire::Path(_) => quote!(path),
                    _ => quote!(greedy),
                };
                quote_spanned!(ty.span()=> ::gatewright::__private::wire::#read::<#ty>(#request, #base + #segment, #param))
            }
            Wire::Query(field) | Wire::Stage(field) | Wire::Header(field) | Wire::Cookie(field) => {
                // The values are kept in a local of their own so the argument can borrow them.
                let source = match &arg.wire {
                    Wire::Query(_) => quote!(Query),
                    Wire::Stage(_) => quote!(Stage),
                    Wire::Cookie(_) => quote!(Cookie),
                    _ => quote!(Header),
                };
                let values = format_ident!("__values{}", index, span = Span::mixed_site());
                let get_values = match &arg.wire {
                    // Spanned at the type, where a build without the `cookies` feature says so.
                    Wire::Cookie(_) => quote_spanned!(ty.span()=>
                        ::gatewright::__private::wire::cookie::<()>(#request, #field)
                    ),
                    _ => quote! {
                        ::gatewright::__private::wire::values(#request, ::gatewright::__private::Source::#source, #field)
                    },
                };
                reads.push(read_or_reject(&values, get_values, immediate));
                quote_spanned!(ty.span()=> ::gatewright::__private::wire::field::<#ty>(&#values, ::gatewright::__private::Source::#source, #field))
            }
            Wire::Request => {
                quote_spanned!(ty.span()=> ::gatewright::__private::wire::request::<#ty>(#request).await.map_err(::gatewright::__private::IntoResponse::into_response))
            }
        };
        reads.push(read_or_reject(&local, read, immediate));
        call_args.push(local);
    }

    // At the return type, so that a type that isn't `IntoResponse` is reported there, on the
    // user's line alone. (The local is in a function of ours that holds no user code, so it
    // can't clash with a name of the user's.)
    let output_span = match &item.sig.output {
        ReturnType::Default => Span::mixed_site(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let output = format_ident!("handler_output", span = output_span);
    let call = match item.sig.asyncness {
        Some(_) => quote!(#name(#(#call_args),*).await),
        None => quote!(#name(#(#call_args),*)),
    };
    let into_response =
        quote_spanned!(output_span=> ::gatewright::__private::IntoResponse::into_response(#output));
    let ok = quote!(::gatewright::__private::Ok);

    let private = matches!(item.vis, syn::Visibility::Inherited);
    let route_tokens = route_tokens(route, name, private);
    let callback = callback(name, route_tokens, Some(crate::info::uri_shape(route)));
    let info = crate::info::route_const(item, route);
    let handler = handler_fn(item);
    let body = match (immediate, item.sig.asyncness) {
        // An `async` handler whose arguments are read at once: the closure returns its future
        // (or a rejection), awaited by `wire::call`.
        (true, Some(_)) => {
            let respond = quote_spanned!(output_span=> ::gatewright::__private::IntoResponse::into_response);
            quote! {
                ::gatewright::__private::wire::call(
                    move || {
                        #(#reads)*
                        #ok(#name(#(#call_args),*))
                    },
                    #respond,
                )
            }
        }
        // A plain `fn`: the closure returns the response itself.
        (true, None) => quote! {
            ::gatewright::__private::wire::call_now(move || {
                #(#reads)*
                let #output = #call;
                #ok(#into_response)
            })
        },
        // Arguments that wait or borrow what was read before them: one `async` block.
        (false, _) => quote! {
            ::gatewright::__private::wire::settle(async move {
                #(#reads)*
                let #output = #call;
                #ok(#into_response)
            })
        },
    };
    let call_fn = quote! {
        #[doc(hidden)]
        #[allow(clippy::all, unused_mut)]
        pub(crate) fn __gatewright_call<'r>(
            #request: &'r ::gatewright::__private::Request<'r>,
            #base: usize,
        ) -> impl ::gatewright::__private::core::future::Future<
            Output = ::gatewright::__private::Response,
        > + 'r {
            #body
        }
    };
    quote! {
        #handler

        #callback

        impl #name::__Handler {
            #info

            #call_fn
        }
    }
}

/// In a closure or block that returns `Result<_, Response>`, `let local = read?;` where the
/// arguments are read at once (in `wire::call`'s closure), and otherwise
/// `let local = match read { Ok(value) => value, Err(rejection) => return Err(rejection.into()) };`:
/// a rejection (`From<Rejection> for Response`, or a guard's own rejection already turned into a
/// response) becomes the route's response. In the `async` block, `?` costs each event a few
/// hundred instructions more than the `match` (`tests/perf/callgrind.sh`, `hello.json`); in
/// the closure they cost the same, and `?` is fewer tokens, which every `cargo check` pays for.
fn read_or_reject(local: &syn::Ident, read: TokenStream, immediate: bool) -> TokenStream {
    if immediate {
        return quote!(let #local = #read?;);
    }
    quote! {
        let #local = match #read {
            ::gatewright::__private::Ok(value) => value,
            ::gatewright::__private::Err(rejection) => return ::gatewright::__private::Err(rejection.into()),
        };
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
        ReturnType::Default => quote!(()),
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
    let future = quote_spanned!(name.span()=> ::gatewright::__private::core::future::Future<Output = #output> + ::gatewright::__private::core::marker::Send);
    let async_block = quote_spanned!(block.span()=> async move {
        #(#bindings)*
        #block
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

/// A callback that passes the chain on without adding a route, for a route with errors: the
/// errors are already reported, and `main!` should not add "not a route" to them.
pub fn failed_route(item: &TokenStream, name: Option<&syn::Ident>) -> TokenStream {
    let callback = name.map(|name| callback(name, TokenStream::new(), None));
    quote! {
        #item
        #callback
    }
}

/// `[METHODS] "template" name [(State<T>)...] [private]`: what the router needs of a route, the
/// state types it takes included, so that `main!` (which gives no state) can refuse them, and
/// whether the function is private, so that the router names it where it is listed (rustc
/// then says "function is private" if it can't be named there; the hidden module and its
/// items are `pub(crate)`).
fn route_tokens(route: &Route, name: &syn::Ident, private: bool) -> TokenStream {
    let methods = &route.methods;
    let lit = &route.template.lit;
    let states = route
        .args
        .iter()
        .filter(|arg| matches!(arg.wire, Wire::Request) && names_state(&arg.ty))
        .map(|arg| &arg.ty);
    let private = if private { quote!(private) } else { quote!() };
    quote!([#(#methods)*] #lit #name [#((#states))*] [#private])
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
/// make the standard macros ambiguous). It holds:
///
/// - `__Handler`, a struct whose `impl` (written next to the handler, where the handler's own
///   names resolve) reads every argument and calls the function;
/// - `route!`, a `macro_rules!` callback that `main!`/`api!` call with the handler's path, its
///   mount (empty, or the group's prefix and middleware), the macros still to visit
///   (`{ [callee] [path] [mount] }` each) and the routes so far; and that `gatewright::uri!`
///   calls with `@uri` first. Its one arm passes the route and its shape for `uri!` to
///   `gatewright::__route_callback!`, which appends the route and calls the next callback (the
///   last one hands the whole table to `__router!`, see `collect`), or builds the path.
///
/// It is `pub(crate)` whatever the handler's visibility, like what the `impl` holds: listing a
/// handler that can't be named there is an error about the function (rustc's "function is
/// private", from the router, which names a private handler where it is listed), and the only
/// one.
fn callback(name: &syn::Ident, route: TokenStream, uri_shape: Option<TokenStream>) -> TokenStream {
    // A route with errors adds nothing and builds no path (its errors are already reported).
    let shape = uri_shape.unwrap_or_default();
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, unused_macros, unused_imports, dead_code, unreachable_pub)]
        pub(crate) mod #name {
            pub struct __Handler {}

            macro_rules! __gatewright_route {
                ($($input:tt)*) => {
                    ::gatewright::__private::__route_callback! { { #route } { #shape } $($input)* }
                };
            }
            pub(crate) use __gatewright_route as route;
        }
    }
}
