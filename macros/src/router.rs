//! The router generator: sees the whole route table at compile time, checks the rules that
//! involve several routes, and writes the router as nested `match`es on path segments.

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, LitStr};

use crate::ctxt::Ctxt;
use crate::fields;
use crate::matching::{self, METHOD_BITS};
use crate::serving;
use crate::table::{relocate_to, ArgKind, Entry, Table};
use crate::template::{self, Segment, Template};
use crate::text;

/// A route of the table, ready for checks and generation.
struct Route {
    /// Bit `n` set for `MethodKind` `n`; `None` for `ANY`.
    methods: Option<u8>,
    template: Template,
    /// The template's segments with parameter names left out, computed once: the checks
    /// compare routes by it.
    shape: Vec<Segment>,
    entry: Entry,
}

pub fn expand(table: Table) -> TokenStream {
    let cx = Ctxt::new();
    let anchor = table.anchor;
    if table.main {
        check_no_state(&cx, &table.entries);
    }
    let routes: Vec<Route> = table
        .entries
        .into_iter()
        .map(|entry| {
            let any = entry.methods.iter().any(|m| m == "ANY");
            let bits = entry
                .methods
                .iter()
                .filter_map(|m| METHOD_BITS.iter().find(|(name, _, _)| m == name))
                .fold(0u8, |bits, (_, bit, _)| bits | 1 << bit);
            // The route's own checks already passed, its prefix's too.
            let template = template::parse_checked(&full_template(&entry));
            Route {
                methods: if any { None } else { Some(bits) },
                shape: shape(&template),
                template,
                entry,
            }
        })
        .collect();

    check_same_shape(&cx, &routes);
    check_sibling_parameter_names(&cx, &routes);
    if let Err(errors) = cx.check() {
        // A block holding errors is an expression of any type: nothing else fails.
        return quote!({ #errors });
    }

    let api = generate(&routes, anchor);
    quote!({
        #api
        __GatewrightApi
    })
}

/// The template with its mount's prefix, spanned at the route's own template: what routing,
/// the checks across routes and the route table see.
fn full_template(entry: &Entry) -> LitStr {
    match &entry.mount {
        None => entry.lit.clone(),
        Some(mount) => {
            let own = text::value(&entry.lit);
            let own = if own == "/" { "" } else { own.as_str() };
            LitStr::new(
                &format!("{}{own}", text::value(&mount.prefix)),
                entry.lit.span(),
            )
        }
    }
}

/// `main!` builds the API and serves it at once, so nothing can give it state: a handler that
/// takes `State<T>` would answer `500` to every request.
fn check_no_state(cx: &Ctxt, entries: &[Entry]) {
    for entry in entries {
        for state in &entry.states {
            cx.error_spanned_by(
                state,
                format!(
                    "`{}` takes `{}`, but `main!` gives the API no state; build the API with `gatewright::api!(...)` and start it with `gatewright::Startup::new(api).init(|api| async move {{ Ok::<_, gatewright::Error>(api.with_state(value)) }}).run()` in your own `fn main`",
                    entry.path_text,
                    state.to_string().replace(' ', ""),
                ),
            );
        }
    }
}

/// The shape of a template: its segments with parameter names left out.
fn shape(template: &Template) -> Vec<Segment> {
    template
        .segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => Segment::Literal(text.clone()),
            Segment::Param(_) => Segment::Param(String::new()),
            Segment::Greedy(_) => Segment::Greedy(String::new()),
        })
        .collect()
}

/// Whether two routes of one shape take a method in common that no rule settles: two `ANY`s,
/// or two lists that share a method. A method next to `ANY` is settled, as in API Gateway:
/// the route that names the method wins.
fn overlap(a: Option<u8>, b: Option<u8>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a & b != 0,
        (None, None) => true,
        _ => false,
    }
}

fn describe(route: &Route) -> String {
    let methods: Vec<String> = route
        .entry
        .methods
        .iter()
        .map(ToString::to_string)
        .collect();
    format!(
        "`{} {}` (`{}`)",
        methods.join(" | "),
        route.template.text(),
        route.entry.path_text
    )
}

/// Whether every request that one route matches, the other matches too.
fn same_requests(a: &Route, b: &Route) -> bool {
    overlap(a.methods, b.methods) && a.shape == b.shape
}

/// No two routes share a method and a shape: no request could tell them apart.
///
/// Routes are compared within their shape only, so an API of 1,000 routes costs no million
/// comparisons.
fn check_same_shape(cx: &Ctxt, routes: &[Route]) {
    let mut by_shape: BTreeMap<&[Segment], Vec<usize>> = BTreeMap::new();
    for (i, a) in routes.iter().enumerate() {
        let earlier = by_shape.entry(&a.shape).or_default();
        for b in earlier.iter().map(|&j| &routes[j]) {
            if same_requests(a, b) {
                cx.error_spanned_by(
                    &a.entry.lit,
                    format!(
                        "route {} has the same method and shape as {}, so no request could tell them apart; change the method or the path of one",
                        describe(a),
                        describe(b)
                    ),
                );
                cx.error_spanned_by(
                    &b.entry.lit,
                    format!(
                        "route {} is matched by the same requests as {}",
                        describe(b),
                        describe(a)
                    ),
                );
            }
        }
        earlier.push(i);
    }
}

/// Parameters at the same position after the same segments have the same name (API Gateway
/// refuses `/users/{id}` beside `/users/{name}/posts`). Routes that match the same requests
/// already have an error of their own, and renaming wouldn't fix them, so they get no other.
fn check_sibling_parameter_names(cx: &Ctxt, routes: &[Route]) {
    let mut seen: BTreeMap<(Vec<Segment>, bool), (String, usize)> = BTreeMap::new();
    for (index, route) in routes.iter().enumerate() {
        let shape = &route.shape;
        for (position, segment) in route.template.segments.iter().enumerate() {
            let (name, greedy) = match segment {
                Segment::Literal(_) => continue,
                Segment::Param(name) => (name, false),
                Segment::Greedy(name) => (name, true),
            };
            let key = (shape[..position].to_vec(), greedy);
            match seen.get(&key) {
                Some((other_name, other))
                    if other_name != name && !same_requests(route, &routes[*other]) =>
                {
                    let other = &routes[*other];
                    let prefix = prefix_text(&route.template, position);
                    cx.error_spanned_by(
                        &route.entry.lit,
                        format!(
                            "parameter `<{name}>` of {} sits where {} has `<{other_name}>`; parameters at the same position after `{prefix}` must share a name (API Gateway refuses the API otherwise): rename one",
                            describe(route),
                            describe(other)
                        ),
                    );
                    cx.error_spanned_by(
                        &other.entry.lit,
                        format!(
                            "`<{other_name}>` of {} is named differently from `<{name}>` of {}",
                            describe(other),
                            describe(route)
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    seen.insert(key, (name.clone(), index));
                }
            }
        }
    }
}

fn prefix_text(template: &Template, position: usize) -> String {
    let mut text = String::from("/");
    for segment in &template.segments[..position] {
        match segment {
            Segment::Literal(literal) => text.push_str(literal),
            Segment::Param(name) => text.push_str(&format!("<{name}>")),
            Segment::Greedy(name) => text.push_str(&format!("<{name}+>")),
        }
        text.push('/');
    }
    text
}

/// Routes per chunk function of `Api::call`, and variants of `gatewright`'s `chunk::Chunk`: the
/// borrow checker's time on one function grows much faster than its size (a single `async`
/// function serving 1,000 routes took two minutes of a full `cargo check`, 32 of them a
/// second), and each function is an item an incremental check hashes again, so a few dozen,
/// not one per route.
const CHUNK: usize = 32;

fn generate(routes: &[Route], anchor: Span) -> TokenStream {
    // The request, named with the user's hygiene: the reads of the arguments are written at
    // the arguments' types (see `call_code`) and name it from there.
    let request = Ident::new("__request", anchor);
    let body = matching::code(
        routes
            .iter()
            .map(|route| (&route.template.segments[..], route.methods)),
    );
    // Each route's arm, and whether it returns a future (a handler that isn't `async`, with
    // no argument to await, answers at once).
    let arms: Vec<(TokenStream, bool)> = routes
        .iter()
        .enumerate()
        .map(|(index, route)| {
            let variant = quote::format_ident!("A{}", index % CHUNK);
            let index = index as u16;
            // Path parameters are counted from the route's own template, after the prefix.
            let base = route.entry.mount.as_ref().map_or(0, |mount| {
                mount.prefix.value().split('/').filter(|segment| !segment.is_empty()).count()
            });
            let chunk = quote!(::gatewright::__private::chunk);
            match &route.entry.mount {
                Some(mount) if !mount.wrap.is_empty() => {
                    let wrap = mount.wrap.iter().map(|middleware| {
                        quote_spanned!(middleware.span()=> &#middleware as &dyn ::gatewright::__private::Middleware)
                    });
                    // The group's handler answers with a response: the route's block, whose
                    // reads return early with a rejection's, in an `async` block of its own.
                    let call = call_code(&route.entry, base, &request);
                    let arm = quote!(#index => #chunk::Chunk::#variant(::gatewright::__private::group(
                        &[#(#wrap),*],
                        #request,
                        |#request| ::std::boxed::Box::pin(async move #call),
                    )),);
                    (arm, true)
                }
                _ if route.entry.args.iter().any(|arg| matches!(arg.kind, ArgKind::Request)) => {
                    // An argument read from the request as a whole is awaited before the
                    // handler is called: the reads and the call in an `async` block.
                    let call = call_code(&route.entry, base, &request);
                    let arm = quote!(#index => #chunk::Chunk::#variant(async move #call),);
                    (arm, true)
                }
                _ => {
                    let arm = serving::ready_arm(&route.entry, index.into(), index as usize % CHUNK, base);
                    (arm, route.entry.is_async)
                }
            }
        })
        .collect();
    let not_found = quote!(::gatewright::__private::IntoResponse::into_response(
        ::gatewright::__private::Rejection::NotFound
    ));
    // Each chunk of routes is served by a function of its own that reads the arguments and
    // returns the handler's future as a variant of `Chunk` (see `gatewright::__private::chunk`),
    // which `call` awaits, or as its `Err` a response made without waiting: a rejection (each
    // argument is read with `?`) or the response of a handler that isn't `async`.
    let mut chunk_fns = Vec::new();
    let mut chunk_arms = Vec::new();
    let prelude = text::parse(serving::CHUNK_PRELUDE);
    for (chunk, arms) in arms.chunks(CHUNK).enumerate() {
        let name = quote::format_ident!("__call{}", chunk);
        let chunk = chunk as u16;
        // The chunk's future type: each route's future inferred, `Never` for the routes that
        // answer at once and for those the last chunk doesn't have.
        let futures = (0..CHUNK).map(|index| match arms.get(index) {
            Some((_, true)) => quote!(_),
            _ => quote!(::gatewright::__private::chunk::Never),
        });
        let arms = arms.iter().map(|(arm, _)| arm);
        chunk_fns.push(quote! {
            // A chunk whose handlers all answer at once never reaches its `Ok`.
            #[allow(unreachable_code)]
            fn #name<'r>(
                __route: u16,
                #request: &'r ::gatewright::__private::Request<'r>,
            ) -> ::gatewright::__private::wire::Read<
                impl ::std::future::Future<Output = ::gatewright::__private::Response> + ::std::marker::Send + 'r,
            > {
                #prelude
                let __future: ::gatewright::__private::chunk::Chunk<#(#futures),*> = match __route {
                    #(#arms)*
                    _ => return ::gatewright::__private::Err(#not_found),
                };
                ::gatewright::__private::Ok(__future)
            }
        });
        chunk_arms.push(quote!(#chunk => match #name(__route, #request) {
            ::gatewright::__private::Ok(__future) => __future.await,
            ::gatewright::__private::Err(__response) => __response,
        },));
    }
    let chunk_size = CHUNK as u16;
    let serve = quote! {
        #(#chunk_fns)*
        async move {
            match __route / #chunk_size {
                #(#chunk_arms)*
                _ => #not_found,
            }
        }
    };
    let table = routes_table(routes);
    let private = routes
        .iter()
        .filter(|route| route.entry.private)
        .map(|route| &route.entry.path);
    quote! {
        const _: () = {
            #(let _ = #private;)*
        };

        #[doc(hidden)]
        struct __GatewrightApi;

        impl ::gatewright::__private::Api for __GatewrightApi {
            fn route<__S: ::std::convert::AsRef<str>>(
                &self,
                __method: ::gatewright::__private::MethodKind,
                __segments: &[__S],
            ) -> ::gatewright::__private::Match {
                // Short names for the code written once per route below.
                #[allow(unused_imports)]
                use ::gatewright::__private::{segment as __segment_at, takes as __takes, Match as __Match};
                #[allow(unused_mut)]
                let mut __allowed: u8 = 0;
                let __len = __segments.len();
                #body
                if __allowed != 0 {
                    __Match::MethodNotAllowed(::gatewright::__private::MethodSet(__allowed))
                } else {
                    __Match::NotFound
                }
            }

            #table

            fn call<'r>(
                &'r self,
                __route: u16,
                #request: &'r ::gatewright::__private::Request<'r>,
            ) -> impl ::std::future::Future<Output = ::gatewright::__private::Response> + ::std::marker::Send + 'r {
                #serve
            }
        }
    }
}

/// The body of the `async` block that serves a route whose arguments include one read from
/// the request as a whole (awaited before the handler is called), or a route in a group with
/// middleware: reads each argument (a rejection returns its response), calls the handler and
/// turns its output into the response. Path parameters are at their segment after `base`,
/// the segments of the prefix the route is mounted under.
///
/// Each argument's type is the handler's: `wire::path(request, 4, "id")` takes its `T` from
/// the call, and a whole-request argument from the handler's `fn` type
/// (`wire::nth2(handler as fn(_, _, _) -> _).request(request)`). Every read is located at the
/// argument's type and the response at the return type, so an argument or an output that
/// doesn't fit is reported there, as if the code were written next to the handler. Written
/// here rather than next to each handler, every route's reading is part of the router's few
/// functions, which an incremental `cargo check` finds unchanged as a whole.
fn call_code(entry: &Entry, base: usize, request: &Ident) -> TokenStream {
    let path = &entry.path;
    let (reads, args) = read_args(entry, base, request);
    let call = if entry.is_async {
        quote!(#path(#(#args),*).await)
    } else {
        quote!(#path(#(#args),*))
    };
    let output = Ident::new("handler_output", entry.out);
    let respond =
        quote_spanned!(entry.out=> ::gatewright::__private::IntoResponse::into_response(#output));
    quote!({
        #(#reads)*
        let #output = #call;
        #respond
    })
}

/// The statements that read each argument into a local of its own, and those locals, in
/// order (see `call_code`). Every token of a read is located at the argument's type, the
/// request's name included (same hygiene, another place), so that rustc reports the read
/// there and nowhere else.
fn read_args(entry: &Entry, base: usize, request: &Ident) -> (Vec<TokenStream>, Vec<Ident>) {
    let mut reads = Vec::new();
    let mut locals = Vec::new();
    for index in 0..entry.args.len() {
        let local = quote::format_ident!("__arg{}", index);
        read_arg(entry, index, base, request, &mut reads);
        locals.push(local);
    }
    (reads, locals)
}

/// Pushes to `reads` the statements that read argument `index` into `__arg{index}`.
fn read_arg(
    entry: &Entry,
    index: usize,
    base: usize,
    request: &Ident,
    reads: &mut Vec<TokenStream>,
) {
    let arg = &entry.args[index];
    let local = quote::format_ident!("__arg{}", index);
    let at = arg.at;
    let private = quote_spanned!(at=> ::gatewright::__private);
    let request = Ident::new(&request.to_string(), at);
    let name = LitStr::new(&arg.name, at);
    let read = match &arg.kind {
        ArgKind::Path { segment, greedy } => {
            let read = Ident::new(if *greedy { "greedy" } else { "path" }, at);
            let mut segment = proc_macro2::Literal::usize_unsuffixed(base + segment);
            segment.set_span(at);
            quote_spanned!(at=> #private::wire::#read(#request, #segment, #name))
        }
        ArgKind::Field { source } => {
            let values = quote::format_ident!("__values{}", index);
            let source = Ident::new(source, at);
            let get = if source == "Cookie" {
                // At the type, where a build without the `cookies` feature says so.
                quote_spanned!(at=> #private::wire::cookie::<()>(#request, #name))
            } else {
                quote_spanned!(at=> #private::wire::values(#request, #private::Source::#source, #name))
            };
            reads.push(read_or_reject(&values, get));
            quote_spanned!(at=> #private::wire::field(&#values, #private::Source::#source, #name))
        }
        ArgKind::Request => {
            let placeholders = (0..entry.args.len()).map(|_| quote_spanned!(at=> _));
            let nth = quote::format_ident!("nth{}", index, span = at);
            // The handler's path too, resolved where it is listed.
            let path = &entry.path;
            let handler = relocate_to(quote!(#path), at);
            quote_spanned!(at=> #private::wire::request(#private::wire::#nth(#handler as fn(#(#placeholders),*) -> _).request(#request).await))
        }
    };
    reads.push(read_or_reject(&local, read));
}

/// `let local = match read { Ok(value) => value, Err(response) => return response };`: a
/// read that fails answers its rejection's response (see `wire`).
fn read_or_reject(local: &Ident, read: TokenStream) -> TokenStream {
    quote! {
        let #local = match #read {
            ::gatewright::__private::Ok(value) => value,
            ::gatewright::__private::Err(response) => return response,
        };
    }
}

/// `Api::routes`, a `static` of every route's `RouteInfo` in route-number order, and
/// `Api::package`, from Cargo's environment where the router is compiled.
///
/// The table is one string (`gatewright::__private::RouteTable`, which says why and reads it
/// the first time it is asked): each field `LEN:TEXT`, in the order that type reads them. What
/// it says of each argument and of the responses comes from one describing function for the
/// whole API (see `describe_code`): written here rather than next to each handler, like the
/// reads in `call`, so that a route adds no item of its own to the crate.
fn routes_table(routes: &[Route]) -> TokenStream {
    let mut table = String::new();
    for route in routes {
        let entry = &route.entry;
        fields::push(&mut table, &entry.methods.join(" "));
        fields::push(&mut table, &route.template.text());
        let handler = &entry.name;
        fields::push(&mut table, handler.strip_prefix("r#").unwrap_or(handler));
        fields::push(&mut table, &entry.path_text);
        fields::push(&mut table, &entry.doc);
        fields::push_auth(&mut table, &entry.auth);
        fields::push_count(&mut table, entry.args.len());
        for arg in &entry.args {
            let wire = match &arg.kind {
                ArgKind::Path { greedy: false, .. } => "Path",
                ArgKind::Path { greedy: true, .. } => "Greedy",
                ArgKind::Field { source } => source,
                ArgKind::Request => "Request",
            };
            fields::push(&mut table, wire);
            fields::push(&mut table, &arg.name);
            fields::push(&mut table, &arg.binding);
            fields::push(&mut table, &arg.rust_type);
        }
    }
    // `{:?}` of a `str` is a Rust string literal with every escape it needs.
    let table = text::parse(&format!("{table:?}"));
    let describe_fn = describe_code(routes);
    quote! {
        fn routes(&self) -> &'static [::gatewright::__private::RouteInfo] {
            #describe_fn
            static __ROUTES: ::gatewright::__private::RouteTable =
                ::gatewright::__private::RouteTable::new(#table, __describe);
            __ROUTES.routes()
        }

        fn package(&self) -> ::gatewright::__private::Package {
            ::gatewright::__private::Package {
                name: ::gatewright::__private::core::option_env!("CARGO_PKG_NAME"),
                version: ::gatewright::__private::core::option_env!("CARGO_PKG_VERSION"),
                description: ::gatewright::__private::core::option_env!("CARGO_PKG_DESCRIPTION"),
                bin: ::gatewright::__private::core::option_env!("CARGO_BIN_NAME"),
            }
        }
    }
}

/// `__describe(schemas, route, index)`: what the route table says of argument `index` of route
/// `route`, or of its responses past the last argument, asked of the probes (see
/// `gatewright::describe::probe`).
///
/// The types as the handler spells them may not resolve here, so each is named through the
/// handler's `fn` type: `let handler: fn(_, _) -> _ = users::get;` (a `let` with a type, so the
/// types are known at once), then `probe::arg1(handler).param(schemas)` describes the second
/// argument as a parameter (`probe::request1` one read from the whole request),
/// `probe::output(handler).responses(schemas)` the return type, and `probe::awaited` what an
/// `async` handler's future resolves to. Each probe comes behind the references where its
/// method lookup starts, and each method answers a `Described`: nothing per argument but the
/// call itself. The handler's path is written as text,
/// but for a handler that isn't `pub`: its path is the user's tokens, so that a handler that
/// can't be named there is reported once, where it is listed.
fn describe_code(routes: &[Route]) -> TokenStream {
    let mut arms = TokenStream::new();
    let mut text_arms = String::new();
    for (index, route) in routes.iter().enumerate() {
        let entry = &route.entry;
        // Built with `push_str`: `write!` costs an unoptimized build of the macros many
        // times more, for every route on every build.
        let mut head = String::from("let __handler: fn(");
        for position in 0..entry.args.len() {
            head.push_str(if position == 0 { "_" } else { ", _" });
        }
        head.push_str(") -> _ =");
        let mut probes = String::new();
        for (position, arg) in entry.args.iter().enumerate() {
            fields::push_number(&mut probes, position);
            probes.push_str(match arg.kind {
                ArgKind::Request => " => __probe::request",
                _ => " => __probe::arg",
            });
            fields::push_number(&mut probes, position);
            probes.push_str(match arg.kind {
                ArgKind::Request => "(__handler).request(__schemas),",
                _ => "(__handler).param(__schemas),",
            });
        }
        probes.push_str(if entry.is_async {
            "_ => __awaited(__handler).responses(__schemas),"
        } else {
            "_ => __output(__handler).responses(__schemas),"
        });
        if entry.private {
            arms.extend(text::parse(&std::mem::take(&mut text_arms)));
            let path = &entry.path;
            let head = text::parse(&head);
            let probes = text::parse(&probes);
            let route_id = index as u16;
            arms.extend(quote!(#route_id => { #head #path; match __index { #probes } }));
        } else {
            fields::push_number(&mut text_arms, index);
            text_arms.push_str("u16 => { ");
            text_arms.push_str(&head);
            text_arms.push_str(&entry.path_text);
            text_arms.push_str("; match __index { ");
            text_arms.push_str(&probes);
            text_arms.push_str(" } }");
        }
    }
    arms.extend(text::parse(&text_arms));
    quote! {
        #[allow(clippy::all, unused_imports)]
        fn __describe(
            __schemas: &mut ::gatewright::__private::Schemas,
            __route: u16,
            __index: usize,
        ) -> ::gatewright::__private::Described {
            use ::gatewright::__private::probe::traits::*;
            use ::gatewright::__private::probe::{self as __probe, awaited as __awaited, output as __output};
            match __route {
                #arms
                _ => ::gatewright::__private::Described::Responses(::std::vec::Vec::new()),
            }
        }
    }
}
