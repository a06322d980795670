//! The input of `#[route]`, read into small types that keep the user's tokens for spans.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, FnArg, Ident, ItemFn, LitStr, Pat, Token, Type};

use crate::ctxt::Ctxt;

/// `#[route(GET | HEAD, "/users/<id>")]`, with options after the path:
/// `#[route(GET, "/notes", scopes = ["notes:read"])]`, `#[route(GET, "/health", auth = none)]`.
pub struct RouteAttr {
    pub methods: Vec<Ident>,
    pub template: LitStr,
    pub options: Vec<RouteOption>,
}

/// `name = value` after the path; `check.rs` says which names and values are allowed.
pub struct RouteOption {
    pub name: Ident,
    pub value: syn::Expr,
}

impl Parse for RouteAttr {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(
                input.error("expected a method and a path: `#[route(GET, \"/hello/<name>\")]`")
            );
        }
        if input.peek(LitStr) {
            return Err(input.error("expected the method first: `#[route(GET, \"/path\")]`"));
        }
        let mut methods = vec![parse_method(input)?];
        while input.peek(Token![|]) {
            input.parse::<Token![|]>()?;
            methods.push(parse_method(input)?);
        }
        if !input.peek(Token![,]) {
            return Err(
                input.error("expected `,` then the path: `#[route(GET | POST, \"/path\")]`")
            );
        }
        input.parse::<Token![,]>()?;
        let template: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the path as a string literal, such as \"/users/<id>\"",
            )
        })?;
        let mut options = Vec::new();
        loop {
            if input.peek(Token![,]) {
                input.parse::<Token![,]>()?;
            }
            if input.is_empty() {
                break;
            }
            if !(input.peek(Ident) && input.peek2(Token![=])) {
                return Err(input.error(
                    "unexpected tokens after the path; `#[route]` takes a method, a path, and options such as `auth = none` or `scopes = [\"notes:read\"]`",
                ));
            }
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value: syn::Expr = input.parse()?;
            options.push(RouteOption { name, value });
            if !input.is_empty() && !input.peek(Token![,]) {
                return Err(input.error("expected `,` between the options of `#[route]`"));
            }
        }
        Ok(RouteAttr {
            methods,
            template,
            options,
        })
    }
}

fn parse_method(input: ParseStream) -> syn::Result<Ident> {
    input.parse::<Ident>().map_err(|e| {
        syn::Error::new(
            e.span(),
            "expected a method, such as `GET`, or several joined with `|`: `#[route(GET | POST, \"/path\")]`",
        )
    })
}

/// Where an argument's attribute says its value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Marked {
    Query(String),
    Stage(String),
    Header(String),
    Cookie(String),
}

/// One argument of the handler.
pub struct Arg {
    /// The argument's name; `None` for a pattern such as `Json(item)`.
    pub ident: Option<Ident>,
    pub ty: Type,
    /// The `#[query]`/`#[stage]`/`#[header]`/`#[cookie]` attribute, if any, with its tokens for spans.
    pub marked: Option<(Marked, TokenStream)>,
}

/// The handler function, with the source attributes of its arguments taken out.
pub struct Handler {
    pub item: ItemFn,
    pub args: Vec<Arg>,
    /// The function's tokens before its body, as the user wrote them.
    pub head: Vec<proc_macro2::TokenTree>,
    /// No argument had a source attribute (`#[query]`, ...): the arguments' group as written is
    /// the function's.
    pub args_as_written: bool,
}

/// A function whose body is kept as the tokens it is: the macro never looks inside, and
/// reading it (and writing it out again token by token) would cost every `cargo check` time
/// that grows with the size of the user's handlers. The body group is split off before syn
/// sees the rest, so its tokens are never visited; the block holds it as one verbatim item,
/// which prints as the original braces and tokens.
fn parse_fn(item: TokenStream) -> syn::Result<(ItemFn, Vec<proc_macro2::TokenTree>)> {
    let mut trees: Vec<proc_macro2::TokenTree> = item.into_iter().collect();
    let body = match trees.pop() {
        Some(proc_macro2::TokenTree::Group(body))
            if body.delimiter() == proc_macro2::Delimiter::Brace =>
        {
            body
        }
        _ => {
            return Err(syn::Error::new(
                proc_macro2::Span::call_site(),
                "expected a function",
            ))
        }
    };
    let head = |input: ParseStream| {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        let sig = input.parse()?;
        Ok((attrs, vis, sig))
    };
    let (attrs, vis, sig) = match crate::signature::read(&trees) {
        Some(read) => read,
        None => head.parse2(trees.iter().cloned().collect())?,
    };
    let block = syn::Block {
        brace_token: syn::token::Brace {
            span: body.delim_span(),
        },
        stmts: vec![syn::Stmt::Item(syn::Item::Verbatim(body.stream()))],
    };
    let item = ItemFn {
        attrs,
        vis,
        sig,
        block: Box::new(block),
    };
    Ok((item, trees))
}

const SOURCE_ATTRS: [&str; 4] = ["query", "stage", "header", "cookie"];

/// The most arguments a handler takes: the router names each argument's type through the
/// handler's `fn` type, for `fn` types of up to this many arguments (`gatewright`'s `wire::Nth`).
const MAX_ARGS: usize = 16;

impl Handler {
    /// Reads the function; every problem goes to `cx`, and the function is kept (cleaned of
    /// our attributes) so that it still compiles next to the errors.
    pub fn parse(cx: &Ctxt, item: TokenStream) -> Result<Handler, TokenStream> {
        let (mut item, head) = match parse_fn(item.clone()) {
            Ok(parsed) => parsed,
            Err(_) => {
                cx.error_spanned_by(
                    first_tokens(&item),
                    "`#[route]` goes on a free function, such as `async fn hello() -> String`",
                );
                return Err(item);
            }
        };
        let mut args = Vec::new();
        let mut args_as_written = true;
        for input in item.sig.inputs.iter_mut() {
            match input {
                FnArg::Receiver(receiver) => cx.error_spanned_by(
                    &*receiver,
                    "a route handler can't take `self`: nothing would create the value; make it a free function outside the `impl`",
                ),
                FnArg::Typed(typed) => {
                    let attrs = typed.attrs.len();
                    let marked = take_source_attr(cx, &mut typed.attrs);
                    args_as_written &= typed.attrs.len() == attrs;
                    let ident = match &*typed.pat {
                        Pat::Ident(pat) if pat.by_ref.is_none() && pat.subpat.is_none() => Some(pat.ident.clone()),
                        _ => None,
                    };
                    let marked = match (marked, &ident) {
                        (Some((m, attr)), Some(ident)) => Some((m.with_default_name(ident), attr)),
                        (Some((m, attr)), None) if m.name().is_empty() => {
                            cx.error_spanned_by(
                                attr,
                                format!(
                                    "this argument is a pattern, so `#[{kind}]` can't take its name from it; name the {kind} field: `#[{kind}(\"name\")]`",
                                    kind = m.kind()
                                ),
                            );
                            None
                        }
                        (marked, _) => marked,
                    };
                    args.push(Arg { ident, ty: (*typed.ty).clone(), marked });
                }
            }
        }
        if let Some(extra) = item.sig.inputs.iter().nth(MAX_ARGS) {
            cx.error_spanned_by(
                extra,
                format!("a route handler takes at most {MAX_ARGS} arguments; read several values at once with a type of your own that implements `FromRequest`"),
            );
        }
        if let Some(unsafety) = &item.sig.unsafety {
            cx.error_spanned_by(
                unsafety,
                "a route handler can't be `unsafe`: the router calls it for every request and can uphold no safety condition; make it safe, with `unsafe` blocks inside",
            );
        }
        if let Some(abi) = &item.sig.abi {
            cx.error_spanned_by(
                abi,
                "a route handler can't be `extern`: the router calls it as a Rust function; remove the ABI",
            );
        }
        if !item.sig.generics.params.is_empty() {
            cx.error_spanned_by(
                &item.sig.generics,
                "a route handler can't be generic: the route must know every argument's type; use concrete types",
            );
        }
        Ok(Handler {
            item,
            args,
            head,
            args_as_written,
        })
    }
}

impl Marked {
    /// Fills in the name from the argument when the attribute gave none (`#[query] page`).
    fn with_default_name(self, ident: &Ident) -> Marked {
        let name = ident.to_string();
        let name = name.strip_prefix("r#").unwrap_or(&name).to_owned();
        match self {
            Marked::Query(n) if n.is_empty() => Marked::Query(name),
            Marked::Stage(n) if n.is_empty() => Marked::Stage(name),
            Marked::Header(n) if n.is_empty() => Marked::Header(name.replace('_', "-")),
            Marked::Cookie(n) if n.is_empty() => Marked::Cookie(name),
            other => other,
        }
    }
}

/// Removes `#[query]`, `#[stage]`, `#[header]`, `#[cookie]` from an argument and returns the one found.
fn take_source_attr(cx: &Ctxt, attrs: &mut Vec<Attribute>) -> Option<(Marked, TokenStream)> {
    let mut found: Option<(Marked, TokenStream)> = None;
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        let Some(kind) = SOURCE_ATTRS.iter().find(|k| attr.path().is_ident(k)) else {
            kept.push(attr);
            continue;
        };
        let name = match &attr.meta {
            syn::Meta::Path(_) => Ok(String::new()),
            syn::Meta::List(list) => list.parse_args::<LitStr>().map(|lit| lit.value()).map_err(|_| {
                syn::Error::new_spanned(
                    &list.tokens,
                    format!("expected the {kind}'s name as a string, such as `#[{kind}(\"page-size\")]`"),
                )
            }),
            syn::Meta::NameValue(nv) => Err(syn::Error::new_spanned(
                nv,
                format!("write `#[{kind}]` or `#[{kind}(\"name\")]`"),
            )),
        };
        let name = match name {
            Ok(name) => name,
            Err(err) => {
                cx.syn_error(err);
                continue;
            }
        };
        if matches!(&attr.meta, syn::Meta::List(_)) && name.is_empty() {
            cx.error_spanned_by(
                &attr,
                format!("the {kind}'s name is empty; write `#[{kind}]` to use the argument's name"),
            );
            continue;
        }
        let marked = match *kind {
            "query" => Marked::Query(name),
            "stage" => Marked::Stage(name),
            "cookie" => Marked::Cookie(name),
            _ => Marked::Header(name),
        };
        if let Some((previous, _)) = &found {
            cx.error_spanned_by(
                &attr,
                format!(
                    "an argument has one source, but this one is also marked `#[{}]`; keep one",
                    previous.kind()
                ),
            );
            continue;
        }
        found = Some((marked, attr.to_token_stream()));
    }
    *attrs = kept;
    found
}

impl Marked {
    pub fn name(&self) -> &str {
        match self {
            Marked::Query(name)
            | Marked::Stage(name)
            | Marked::Header(name)
            | Marked::Cookie(name) => name,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Marked::Query(_) => "query",
            Marked::Stage(_) => "stage",
            Marked::Header(_) => "header",
            Marked::Cookie(_) => "cookie",
        }
    }
}

/// The first few tokens of an item, to point an error at its start rather than its whole body.
fn first_tokens(item: &TokenStream) -> TokenStream {
    item.clone().into_iter().take_while(|t| !matches!(t, proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace)).collect()
}
