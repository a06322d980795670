//! The rules one route must follow, one function each. Rules across routes are in `router.rs`.

use syn::{Ident, Type};

use crate::ast::{Arg, Handler, Marked, RouteAttr, RouteOption};
use crate::ctxt::Ctxt;
use crate::template::{self, Segment, Template};

/// The methods a route names, as written.
pub const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Where an argument's value is read from, decided.
pub enum Wire {
    Path(usize),
    Greedy(usize),
    Query(String),
    Stage(String),
    Header(String),
    Cookie(String),
    Request,
}

pub struct WiredArg {
    /// `None` for a pattern argument, such as `Json(item)`.
    pub ident: Option<Ident>,
    pub ty: Type,
    pub wire: Wire,
}

/// What the API's authorizer does for a route.
pub enum Auth {
    /// The API's authorizer, if it has one, with no scopes.
    Authorizer,
    /// The API's authorizer, and a token with these scopes.
    Scopes(Vec<String>),
    /// No authorizer (`auth = none`).
    None,
}

/// A route that passed every check.
pub struct Route {
    pub methods: Vec<Ident>,
    pub template: Template,
    pub args: Vec<WiredArg>,
    pub auth: Auth,
}

pub fn check(cx: &Ctxt, attr: RouteAttr, handler: &Handler) -> Route {
    check_methods(cx, &attr.methods);
    let template = template::parse(cx, &attr.template);
    check_params_have_arguments(cx, &template, &handler.args);
    let args: Vec<WiredArg> = handler
        .args
        .iter()
        .map(|arg| wire(cx, &template, arg))
        .collect();
    for arg in &args {
        check_path_parameter_not_optional(cx, arg);
        check_path_parameter_not_a_list(cx, arg);
        check_no_nested_option(cx, arg);
        check_field_values_flat(cx, arg);
    }
    check_one_body_of_each_kind(cx, &args);
    for arg in &args {
        check_json_owns_its_value(cx, arg);
    }
    let auth = check_options(cx, &attr.options);
    Route {
        methods: attr.methods,
        template,
        args,
        auth,
    }
}

/// The options are `auth = none` and `scopes = ["a", "b"]`, each at most once, not both.
fn check_options(cx: &Ctxt, options: &[RouteOption]) -> Auth {
    let mut none: Option<&RouteOption> = None;
    let mut scopes: Option<(&RouteOption, Vec<String>)> = None;
    for option in options {
        let name = option.name.to_string();
        let seen = match name.as_str() {
            "auth" => none.is_some(),
            "scopes" => scopes.is_some(),
            _ => {
                cx.error_spanned_by(
                    &option.name,
                    format!("unknown route option `{name}`; expected `auth = none` or `scopes = [\"...\"]`"),
                );
                continue;
            }
        };
        if seen {
            cx.error_spanned_by(&option.name, format!("`{name}` is given twice; keep one"));
            continue;
        }
        if name == "auth" {
            match &option.value {
                syn::Expr::Path(path) if path.path.is_ident("none") => none = Some(option),
                other => cx.error_spanned_by(
                    other,
                    "`auth` takes `none`, for a route the API's authorizer doesn't guard: `auth = none`",
                ),
            }
        } else if let Some(list) = scope_list(cx, &option.value) {
            scopes = Some((option, list));
        }
    }
    match (none, scopes) {
        (Some(_), Some((option, _))) => {
            cx.error_spanned_by(
                &option.name,
                "a route with `auth = none` has no authorizer to check its scopes; remove `scopes` or `auth = none`",
            );
            Auth::None
        }
        (Some(_), None) => Auth::None,
        (None, Some((_, list))) => Auth::Scopes(list),
        (None, None) => Auth::Authorizer,
    }
}

/// `["notes:read", "notes:write"]`: string literals, at least one, none empty or with spaces.
fn scope_list(cx: &Ctxt, value: &syn::Expr) -> Option<Vec<String>> {
    let not_a_list = "`scopes` takes an array of string literals: `scopes = [\"notes:read\"]`";
    let syn::Expr::Array(array) = value else {
        cx.error_spanned_by(value, not_a_list);
        return None;
    };
    if array.elems.is_empty() {
        cx.error_spanned_by(
            value,
            "`scopes = []` asks for no scope; remove it to require only the authorizer, or write `auth = none`",
        );
        return None;
    }
    let mut list = Vec::new();
    for elem in &array.elems {
        match elem {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(lit),
                ..
            }) => {
                let scope = lit.value();
                if scope.is_empty() || scope.contains(char::is_whitespace) {
                    cx.error_spanned_by(
                        lit,
                        "a scope is a non-empty name without spaces, such as \"notes:read\"",
                    );
                } else {
                    list.push(scope);
                }
            }
            other => cx.error_spanned_by(other, not_a_list),
        }
    }
    (list.len() == array.elems.len()).then_some(list)
}

/// Methods are the seven HTTP methods API Gateway routes, in capitals, or `ANY` alone; each once.
fn check_methods(cx: &Ctxt, methods: &[Ident]) {
    let mut seen: Vec<String> = Vec::new();
    for method in methods {
        let name = method.to_string();
        if name == "ANY" {
            if methods.len() > 1 {
                cx.error_spanned_by(
                    method,
                    "`ANY` already matches every method; remove the other methods or `ANY`",
                );
            }
        } else if !METHODS.contains(&name.as_str()) {
            let upper = name.to_ascii_uppercase();
            if METHODS.contains(&upper.as_str()) || upper == "ANY" {
                cx.error_spanned_by(
                    method,
                    format!("methods are written in capitals: `{upper}`"),
                );
            } else {
                cx.error_spanned_by(
                    method,
                    format!("unknown method `{name}`; expected `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS` or `ANY`"),
                );
            }
        }
        if seen.contains(&name) {
            cx.error_spanned_by(method, format!("`{name}` is listed twice; remove one"));
        }
        seen.push(name);
    }
}

/// Every `<param>` of the template is read by an argument of the same name.
fn check_params_have_arguments(cx: &Ctxt, template: &Template, args: &[Arg]) {
    for (_, segment) in template.params() {
        let name = segment.param_name().unwrap_or_default();
        if args
            .iter()
            .any(|arg| arg.ident.as_ref().is_some_and(|ident| ident == name))
        {
            continue;
        }
        let pattern = match segment {
            Segment::Greedy(_) => format!("<{name}+>"),
            _ => format!("<{name}>"),
        };
        let free: Vec<&Arg> = args.iter().filter(|arg| arg.marked.is_none()).collect();
        let hint = match free
            .iter()
            .filter_map(|arg| arg.ident.as_ref())
            .map(ToString::to_string)
            .min_by_key(|other| distance(other, name))
        {
            Some(other) if distance(&other, name) <= 2 => format!(" (did you mean `{other}`?)"),
            _ => String::new(),
        };
        cx.error_spanned_by(
            &template.lit,
            format!("route parameter `{pattern}` has no argument; add `{name}: T` to the function{hint}"),
        );
    }
}

/// Decides an argument's source: its marker, or the path parameter it is named after, or the
/// request as a whole. A path parameter's name can't also be marked.
fn wire(cx: &Ctxt, template: &Template, arg: &Arg) -> WiredArg {
    let name = arg
        .ident
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let param = template
        .params()
        .find(|(_, segment)| arg.ident.is_some() && segment.param_name() == Some(name.as_str()));
    let wire = match (&arg.marked, param) {
        (Some((marked, attr)), Some(_)) => {
            cx.error_spanned_by(
                attr,
                format!(
                    "`{name}` is a path parameter of the route, so it can't also be `#[{}]`; remove the attribute or rename the argument",
                    marked.kind()
                ),
            );
            Wire::Request
        }
        (Some((Marked::Query(n), _)), None) => Wire::Query(n.clone()),
        (Some((Marked::Stage(n), attr)), None) => {
            check_stage_variable_name(cx, n, attr);
            Wire::Stage(n.clone())
        }
        (Some((Marked::Header(n), attr)), None) => {
            check_token_name(cx, n, attr, "header", "x-api-key");
            Wire::Header(n.to_ascii_lowercase())
        }
        (Some((Marked::Cookie(n), attr)), None) => {
            check_token_name(cx, n, attr, "cookie", "session-id");
            Wire::Cookie(n.clone())
        }
        (None, Some((index, Segment::Greedy(_)))) => Wire::Greedy(index),
        (None, Some((index, _))) => Wire::Path(index),
        (None, None) => Wire::Request,
    };
    WiredArg {
        ident: arg.ident.clone(),
        ty: arg.ty.clone(),
        wire,
    }
}

/// The last segment of a type's path, with its generic arguments: `Json` and `[T]` for
/// `gatewright::Json<T>`.
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(path) if path.qself.is_none() => path.path.segments.last(),
        _ => None,
    }
}

/// The one type argument of `Name<T>`, if `ty` is spelled so.
fn generic_of<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let segment = last_segment(ty).filter(|segment| segment.ident == name)?;
    match &segment.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    }
}

fn type_text(ty: &Option<&Type>) -> String {
    ty.map(|ty| {
        quote::quote!(#ty)
            .to_string()
            .replace(' ', "")
            .replace(',', ", ")
    })
    .unwrap_or_default()
}

/// A route's path parameter is always there (a path without it is another route), so it
/// can't be optional.
fn check_path_parameter_not_optional(cx: &Ctxt, arg: &WiredArg) {
    if let (Wire::Path(_) | Wire::Greedy(_), Some(inner)) =
        (&arg.wire, generic_of(&arg.ty, "Option"))
    {
        let name = arg
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        cx.error_spanned_by(
            &arg.ty,
            format!(
                "`<{name}>` is in every path this route matches, so it can't be missing: take `{}`; for paths without it, add a route without `<{name}>`",
                type_text(&Some(inner)),
            ),
        );
    }
}

/// A `<param>` is one segment, one value: a `Vec` of values can't be read from it (and
/// `FromParam` can't be implemented for `Vec<T>` outside gatewright).
fn check_path_parameter_not_a_list(cx: &Ctxt, arg: &WiredArg) {
    if let (Wire::Path(_), Some(_)) = (&arg.wire, generic_of(&arg.ty, "Vec")) {
        let name = arg
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        cx.error_spanned_by(
            &arg.ty,
            format!(
                "`<{name}>` is one path segment, so it can't be read as a list `{}`: take `String` and split it, or match the rest of the path with `<{name}+>` and take `gatewright::Segments`",
                type_text(&Some(&arg.ty)),
            ),
        );
    }
}

/// A query parameter, header or stage variable is read as one value (`T`), maybe absent
/// (`Option<T>`), or every value (`Vec<T>`); no other nesting says more.
fn check_field_values_flat(cx: &Ctxt, arg: &WiredArg) {
    let kind = match &arg.wire {
        Wire::Query(_) => "query parameter",
        Wire::Header(_) => "header",
        Wire::Stage(_) => "stage variable",
        _ => return,
    };
    let (outer, inner) = match (generic_of(&arg.ty, "Option"), generic_of(&arg.ty, "Vec")) {
        (Some(inner), _) => ("Option", inner),
        (_, Some(inner)) => ("Vec", inner),
        _ => return,
    };
    let fix = match (outer, generic_of(inner, "Option"), generic_of(inner, "Vec")) {
        ("Option", _, Some(value)) => format!(
            "a {kind} that is absent has no values, so `Vec<{value}>` says it already: take `Vec<{value}>`",
            value = type_text(&Some(value)),
        ),
        ("Vec", Some(value), _) | ("Vec", _, Some(value)) => format!(
            "each value of the {kind} is one `{value}`, and a `Vec` holds them all: take `Vec<{value}>`",
            value = type_text(&Some(value)),
        ),
        _ => return,
    };
    cx.error_spanned_by(
        &arg.ty,
        format!(
            "`{}` can't be read from a {kind}: {fix}",
            type_text(&Some(&arg.ty))
        ),
    );
}

/// What an argument read from the request as a whole reads of the body, by its spelling:
/// `Json<T>` or `RawBody`, maybe in an `Option` or a `Result`.
fn body_kind(ty: &Type) -> Option<&'static str> {
    let ty = generic_of(ty, "Option")
        .or_else(|| generic_of(ty, "Result"))
        .unwrap_or(ty);
    match last_segment(ty)?.ident.to_string().as_str() {
        "Json" => Some("Json"),
        "RawBody" => Some("RawBody"),
        _ => None,
    }
}

/// A request has one body. It can be read as JSON once (two `Json`s would be two readings of
/// one value) and as bytes once; `RawBody` next to `Json<T>` sees the same bytes the JSON was
/// read from (to check a signature, say), and the OpenAPI document shows the JSON.
fn check_one_body_of_each_kind(cx: &Ctxt, args: &[WiredArg]) {
    let mut seen: Vec<(&'static str, &WiredArg)> = Vec::new();
    for arg in args.iter().filter(|arg| matches!(arg.wire, Wire::Request)) {
        let Some(kind) = body_kind(&arg.ty) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == kind) {
            let first_text = type_text(&Some(&first.ty));
            let fix = match kind {
                "Json" => "a body is one JSON value: take one `Json<T>` whose type holds every field you need (fields of several structs can be joined with `#[serde(flatten)]`)".to_owned(),
                _ => format!("take the body once, and share the `{first_text}` where you need it"),
            };
            cx.error_spanned_by(
                &arg.ty,
                format!(
                    "`{}` reads the request body, which `{first_text}` already reads; {fix}",
                    type_text(&Some(&arg.ty)),
                ),
            );
        } else {
            seen.push((kind, arg));
        }
    }
}

/// `Json<T>` is read into a value the handler owns (the body may have been base64-decoded
/// into a buffer of its own): `T` can't be a reference.
fn check_json_owns_its_value(cx: &Ctxt, arg: &WiredArg) {
    if !matches!(arg.wire, Wire::Request) {
        return;
    }
    let ty = generic_of(&arg.ty, "Option")
        .or_else(|| generic_of(&arg.ty, "Result"))
        .unwrap_or(&arg.ty);
    let Some(Type::Reference(reference)) = generic_of(ty, "Json") else {
        return;
    };
    let owned = match &*reference.elem {
        Type::Path(path) if path.path.is_ident("str") => "String".to_owned(),
        Type::Slice(slice) => format!("Vec<{}>", type_text(&Some(&slice.elem))),
        other => type_text(&Some(other)),
    };
    cx.error_spanned_by(
        reference,
        format!(
            "a JSON body is read into values the handler owns, so `Json<T>` can't hold a reference `{}`: take `Json<{owned}>`",
            type_text(&Some(&Type::Reference(reference.clone()))),
        ),
    );
}

/// `Option<Option<T>>` can't say more than `Option<T>`: absent and empty are the same thing.
fn check_no_nested_option(cx: &Ctxt, arg: &WiredArg) {
    if let Some(inner) = generic_of(&arg.ty, "Option") {
        if generic_of(inner, "Option").is_some() {
            cx.error_spanned_by(
                &arg.ty,
                format!(
                    "`{}` says no more than `{inner}`, since a missing value is one case: take `{inner}`",
                    type_text(&Some(&arg.ty)),
                    inner = type_text(&Some(inner)),
                ),
            );
        }
    }
}

/// A header name (RFC 9110) and a cookie name (RFC 6265) are HTTP tokens: letters, digits and
/// ``!#$%&'*+-.^_`|~``; no request could carry any other. `kind` is `header` or `cookie`, and
/// `example` a valid name for the fix.
fn check_token_name(
    cx: &Ctxt,
    name: &str,
    attr: &proc_macro2::TokenStream,
    kind: &str,
    example: &str,
) {
    let valid = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if let Some(bad) = name.chars().find(|c| !valid(*c)) {
        cx.error_spanned_by(
            attr,
            format!(
                "`{name}` can't be a {kind} name: it has {bad:?}, and {kind} names are letters, digits and ``!#$%&'*+-.^_`|~``; write it like `#[{kind}(\"{example}\")]`"
            ),
        );
    }
}

/// API Gateway takes stage variable names of letters, digits and `_` only; any other is
/// refused when the stage is deployed, long after the build.
fn check_stage_variable_name(cx: &Ctxt, name: &str, attr: &proc_macro2::TokenStream) {
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        let suggestion: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        cx.error_spanned_by(
            attr,
            format!(
                "`{name}` can't be a stage variable name: it has {bad:?}, and API Gateway takes letters, digits and `_` only; rename it, such as `#[stage(\"{suggestion}\")]`"
            ),
        );
    }
}

/// Edit distance, for "did you mean".
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}
