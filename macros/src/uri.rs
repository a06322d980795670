//! `uri!(routes::user(id = 7))`: typed reverse routing.
//!
//! `uri!` asks the route's own callback macro (`route!` in the hidden module `routes::user`)
//! for the route's shape, which calls `__uri!` with the shape and the given arguments. Names are checked here, against the
//! shape; types by the compiler, through the handler's own argument types (see
//! `gatewright::uri`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{bracketed, parenthesized, Expr, Ident, LitStr, Path, Token};

use crate::check::distance;
use crate::ctxt::Ctxt;
use crate::template::{self, Segment};

/// `name = value`.
struct Given {
    name: Ident,
    value: Expr,
}

impl Parse for Given {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name = Ident::parse_any(input).map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected an argument by name: `uri!(routes::user(id = 7))`",
            )
        })?;
        if !input.peek(Token![=]) {
            return Err(input.error(format!(
                "expected `=` and the value of `{name}`: `{name} = ...`"
            )));
        }
        input.parse::<Token![=]>()?;
        let value = input.parse()?;
        Ok(Given { name, value })
    }
}

/// `routes::user(id = 7, ...)`, or `"/v1", routes::user(id = 7)` for a route mounted under
/// a prefix.
struct Call {
    prefix: Option<LitStr>,
    path: Path,
    given: Punctuated<Given, Token![,]>,
}

impl Parse for Call {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let prefix = if input.peek(LitStr) {
            let prefix = input.parse()?;
            input.parse::<Token![,]>().map_err(|err| {
                syn::Error::new(
                    err.span(),
                    "expected `,` and the route after the mount prefix: `uri!(\"/v1\", routes::user(id = 7))`",
                )
            })?;
            Some(prefix)
        } else {
            None
        };
        let path: Path = input.parse().map_err(|err| {
            syn::Error::new(
                err.span(),
                "expected a route handler and its arguments: `uri!(routes::user(id = 7))`",
            )
        })?;
        if !input.peek(syn::token::Paren) {
            return Err(input.error(
                "expected the route's arguments in parentheses, such as `uri!(routes::user(id = 7))` (or `()` when it has none)",
            ));
        }
        let content;
        parenthesized!(content in input);
        let given = content.parse_terminated(Given::parse, Token![,])?;
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the route's arguments"));
        }
        Ok(Call {
            prefix,
            path,
            given,
        })
    }
}

/// The entry point: hands the call to the route's callback macro.
pub fn entry(input: TokenStream) -> TokenStream {
    let call = match syn::parse2::<Call>(input) {
        Ok(call) => call,
        Err(err) => return err.to_compile_error(),
    };
    if let Some(prefix) = &call.prefix {
        let cx = Ctxt::new();
        template::check_prefix(&cx, prefix);
        if let Err(errors) = cx.check() {
            return quote!({ #errors ::std::string::String::new() });
        }
    }
    let path = &call.path;
    let prefix = &call.prefix;
    let given = call.given.iter().map(|given| {
        let (name, value) = (&given.name, &given.value);
        quote!(#name = #value)
    });
    // The route's callback is `route!` in the handler's hidden module; a path with no
    // `#[route]` finds `not_a_route` instead, which says so (see `collect::chains`).
    quote!({
        #[allow(unused_imports)]
        use ::gatewright::__private::not_a_route as __gatewright_handler;
        {
            #[allow(unused_imports)]
            use #path as __gatewright_handler;
            // An expression: a macro call that could define items would leave the lookup of a
            // path with no `#[route]` undecided.
            (__gatewright_handler::route! { @uri [#path] [#(#given),*] [#prefix] })
        }
    })
}

/// One argument of the route, as its callback describes it.
struct ShapeArg {
    /// `path`, `greedy`, `query`, `stage`, `header`, `cookie` or `other`.
    kind: String,
    /// The field's name, for a query parameter.
    field: Option<String>,
    /// The argument's name, without `r#`; `None` for a pattern.
    name: Option<String>,
}

/// `"/hello/<name>" "fields" [route::path] [given] [prefix]`: the fields are the arguments'
/// (see `info::uri_shape`).
struct Shape {
    lit: LitStr,
    args: Vec<ShapeArg>,
    path: Path,
    given: Punctuated<Given, Token![,]>,
    prefix: Option<LitStr>,
}

impl Parse for Shape {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let lit = input.parse()?;
        let mut data = crate::fields::Reader::new(input.parse::<LitStr>()?.token());
        let mut args = Vec::new();
        for _ in 0..data.count()? {
            let kind = data.next()?.to_owned();
            let field = Some(data.next()?.to_owned()).filter(|field| !field.is_empty());
            let name = Some(data.next()?.to_owned()).filter(|name| !name.is_empty());
            args.push(ShapeArg { kind, field, name });
        }
        let content;
        bracketed!(content in input);
        let path = content.parse()?;
        let content;
        bracketed!(content in input);
        let given = Punctuated::parse_terminated.parse2(content.parse()?)?;
        let content;
        bracketed!(content in input);
        let prefix = if content.is_empty() {
            None
        } else {
            Some(content.parse()?)
        };
        Ok(Shape {
            lit,
            args,
            path,
            given,
            prefix,
        })
    }
}

fn unraw(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").unwrap_or(&name).to_owned()
}

/// Builds the URI, or reports every misnamed argument at once.
pub fn expand(input: TokenStream) -> TokenStream {
    let shape = match syn::parse2::<Shape>(input) {
        Ok(shape) => shape,
        Err(err) => return err.to_compile_error(),
    };
    let cx = Ctxt::new();
    // The route as the user wrote it in `uri!`, such as `users::get_item`.
    let route_name = shape
        .path
        .segments
        .iter()
        .map(|segment| unraw(&segment.ident))
        .collect::<Vec<_>>()
        .join("::");
    let template_text = shape.lit.value();
    let in_uri: Vec<String> = shape
        .args
        .iter()
        .filter(|arg| matches!(arg.kind.as_str(), "path" | "greedy" | "query"))
        .filter_map(|arg| arg.name.clone())
        .collect();

    // Which shape argument each given value is for.
    let mut given_for: Vec<Option<&Given>> = vec![None; shape.args.len()];
    for given in &shape.given {
        let name = unraw(&given.name);
        let Some(index) = shape
            .args
            .iter()
            .position(|arg| arg.name.as_deref() == Some(name.as_str()))
        else {
            let hint = match in_uri.iter().min_by_key(|other| distance(other, &name)) {
                Some(other) if distance(other, &name) <= 2 => format!(" (did you mean `{other}`?)"),
                _ => String::new(),
            };
            let takes = if in_uri.is_empty() {
                "its URI takes no arguments".to_owned()
            } else {
                format!(
                    "its URI takes {}",
                    in_uri
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            cx.error_spanned_by(
                &given.name,
                format!("route `{route_name}` has no argument `{name}`; {takes}{hint}"),
            );
            continue;
        };
        let source = match shape.args[index].kind.as_str() {
            "stage" => Some("a stage variable"),
            "header" => Some("a header"),
            "cookie" => Some("a cookie"),
            "other" => Some("the request"),
            _ => None,
        };
        if let Some(source) = source {
            cx.error_spanned_by(
                &given.name,
                format!("`{name}` is read from {source}, not from the URI; remove it from `uri!`"),
            );
            continue;
        }
        if given_for[index].is_some() {
            cx.error_spanned_by(&given.name, format!("`{name}` is given twice; remove one"));
            continue;
        }
        given_for[index] = Some(given);
    }

    let call_site = shape.path.span();
    let handler = format_ident!("__handler", span = Span::mixed_site());
    let uri = format_ident!("__uri", span = Span::mixed_site());
    let position = |name: &str| {
        shape
            .args
            .iter()
            .position(|arg| arg.name.as_deref() == Some(name))
    };

    let template = {
        let quiet = Ctxt::new();
        let template = template::parse(&quiet, &shape.lit);
        let _ = quiet.check();
        template
    };
    let mut steps = Vec::new();
    let mut uses_handler = false;
    let mut pending = String::new();
    let prefix = shape.prefix.as_ref().map(LitStr::value).unwrap_or_default();
    for segment in prefix.split('/').filter(|segment| !segment.is_empty()) {
        pending.push('/');
        encode(segment, &mut pending);
    }
    for segment in &template.segments {
        let (name, function) = match segment {
            Segment::Literal(text) => {
                pending.push('/');
                encode(text, &mut pending);
                continue;
            }
            Segment::Param(name) => (name, quote!(path)),
            Segment::Greedy(name) => (name, quote!(greedy)),
        };
        if !pending.is_empty() {
            steps.push(quote!(#uri.push_encoded(#pending);));
            pending.clear();
        }
        let Some(index) = position(name) else {
            continue;
        };
        match given_for[index] {
            Some(given) => {
                let value = &given.value;
                uses_handler = true;
                steps.push(quote_spanned! {value.span()=>
                    ::gatewright::__private::uri::#function::<#index, _, _>(&mut #uri, &#handler, #value);
                });
            }
            None => {
                let pattern = match segment {
                    Segment::Greedy(_) => format!("<{name}+>"),
                    _ => format!("<{name}>"),
                };
                cx.error_at(
                    call_site,
                    format!(
                        "`uri!` is missing `{name}`, the `{pattern}` segment of \"{template_text}\"; add `{name} = ...`"
                    ),
                );
            }
        }
    }
    if !pending.is_empty() {
        steps.push(quote!(#uri.push_encoded(#pending);));
    }
    for (index, arg) in shape.args.iter().enumerate() {
        let (Some(field), Some(name)) = (&arg.field, &arg.name) else {
            continue;
        };
        uses_handler = true;
        match given_for[index] {
            Some(given) => {
                let value = &given.value;
                steps.push(quote_spanned! {value.span()=>
                    {
                        #[allow(unused_imports)]
                        use ::gatewright::__private::uri::{QueryOne as _, QueryWrapped as _};
                        (&&::gatewright::__private::uri::query::<#index, _>(&#handler)).write(&mut #uri, #field, #value);
                    }
                });
            }
            None => {
                let marker = Ident::new(name, call_site);
                steps.push(quote_spanned! {call_site=>
                    {
                        #[allow(non_camel_case_types, dead_code)]
                        struct #marker;
                        ::gatewright::__private::uri::omit::<#index, #marker, _>(&#handler);
                    }
                });
            }
        }
    }

    if let Err(errors) = cx.check() {
        return quote!({
            #errors
            ::std::string::String::new()
        });
    }
    let holes = shape.args.iter().map(|_| quote!(_));
    let path = shape.path.to_token_stream();
    let handler_binding = if uses_handler {
        quote!(let #handler: fn(#(#holes),*) -> _ = #path;)
    } else {
        quote!()
    };
    quote!({
        #handler_binding
        #[allow(unused_mut)]
        let mut #uri = ::gatewright::__private::uri::UriBuilder::new();
        #(#steps)*
        #uri.finish()
    })
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as the runtime does.
fn encode(text: &str, out: &mut String) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}
