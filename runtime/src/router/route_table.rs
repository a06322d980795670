//! The route table as the router writes it: one string, read into [`RouteInfo`]s the first
//! time [`Api::routes`](crate::Api::routes) is asked.
//!
//! A `static` of `RouteInfo`s written as Rust would be tens of thousands of expressions for a
//! large API, which every incremental `cargo check` lowers, hashes and caches again; a string
//! is one. Serving a request never reads the table (only the `routes`, `openapi` and `sam`
//! subcommands and the user's code do), so reading it once costs nothing per event.
//!
//! The format, written by `gatewright-macros` (`router::routes_table`): fields one after the
//! other, each `LEN:TEXT` with `LEN` the text's length in bytes. Per route: its methods
//! (separated by spaces), template, handler, path as listed, doc comment, `auth` option
//! (`""`, `"none"` or `"scopes"`) and its number of scopes then each scope, its number of
//! arguments then, per argument, its `Wire` variant, name, binding and type.

use std::sync::OnceLock;

use super::route_info::{ArgInfo, DescribeFn, RouteAuth, RouteInfo, Wire};

/// The `static` the router writes for [`Api::routes`](crate::Api::routes).
#[doc(hidden)]
pub struct RouteTable {
    text: &'static str,
    describe: DescribeFn,
    routes: OnceLock<&'static [RouteInfo]>,
}

impl RouteTable {
    pub const fn new(text: &'static str, describe: DescribeFn) -> Self {
        RouteTable {
            text,
            describe,
            routes: OnceLock::new(),
        }
    }

    pub fn routes(&'static self) -> &'static [RouteInfo] {
        self.routes.get_or_init(|| read(self.text, self.describe))
    }
}

/// The fields of the table, in order.
struct Fields(&'static str);

impl Fields {
    fn next(&mut self) -> &'static str {
        let (len, rest) = self
            .0
            .split_once(':')
            .expect("the router writes each field as `LEN:TEXT`");
        let len: usize = len.parse().expect("the router writes lengths as numbers");
        let (field, rest) = rest.split_at(len);
        self.0 = rest;
        field
    }

    fn count(&mut self) -> usize {
        self.next()
            .parse()
            .expect("the router writes counts as numbers")
    }
}

/// The routes, and the slices they borrow (methods, scopes, arguments), kept for the life of
/// the process: the table is read once, into the `static` that asked.
fn read(text: &'static str, describe: DescribeFn) -> &'static [RouteInfo] {
    struct Row {
        methods: std::ops::Range<usize>,
        template: &'static str,
        handler: &'static str,
        listed_as: &'static str,
        doc: &'static str,
        auth: Auth,
        args: std::ops::Range<usize>,
    }
    /// A route's `auth` option, its scopes as a range of `words`.
    enum Auth {
        Authorizer,
        None,
        Scopes(std::ops::Range<usize>),
    }
    let mut fields = Fields(text);
    let mut words: Vec<&'static str> = Vec::new();
    let mut args: Vec<ArgInfo> = Vec::new();
    let mut rows = Vec::new();
    while !fields.0.is_empty() {
        let route = rows.len() as u16;
        let start = words.len();
        words.extend(fields.next().split(' ').filter(|method| !method.is_empty()));
        let methods = start..words.len();
        let (template, handler, listed_as, doc) =
            (fields.next(), fields.next(), fields.next(), fields.next());
        let auth = fields.next();
        let scopes = fields.count();
        let start = words.len();
        for _ in 0..scopes {
            words.push(fields.next());
        }
        let scopes = start..words.len();
        let start = args.len();
        for index in 0..fields.count() {
            let wire = match fields.next() {
                "Path" => Wire::Path,
                "Greedy" => Wire::Greedy,
                "Query" => Wire::Query,
                "Stage" => Wire::Stage,
                "Header" => Wire::Header,
                "Cookie" => Wire::Cookie,
                _ => Wire::Request,
            };
            let (name, binding, rust_type) = (fields.next(), fields.next(), fields.next());
            args.push(ArgInfo::__new(
                wire, name, binding, rust_type, describe, route, index,
            ));
        }
        rows.push(Row {
            methods,
            template,
            handler,
            listed_as,
            doc,
            auth: match auth {
                "scopes" => Auth::Scopes(scopes),
                "none" => Auth::None,
                _ => Auth::Authorizer,
            },
            args: start..args.len(),
        });
    }
    let words: &'static [&'static str] = Box::leak(words.into_boxed_slice());
    let args: &'static [ArgInfo] = Box::leak(args.into_boxed_slice());
    let routes: Vec<RouteInfo> = rows
        .into_iter()
        .enumerate()
        .map(|(route, row)| {
            let info = RouteInfo::__new(
                &words[row.methods],
                row.template,
                row.handler,
                row.listed_as,
                row.doc,
                &args[row.args],
                describe,
                route as u16,
            );
            match row.auth {
                Auth::Scopes(scopes) => info.__auth(RouteAuth::Scopes(&words[scopes])),
                Auth::None => info.__auth(RouteAuth::None),
                Auth::Authorizer => info,
            }
        })
        .collect();
    Box::leak(routes.into_boxed_slice())
}
