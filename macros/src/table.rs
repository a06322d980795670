//! The router generator's input, as the route callbacks pass it, read by hand.
//!
//! Every route of the API comes through here on every build (and every `cargo check`, which
//! runs the macros unoptimized): a reader that walks the token trees once, with no parser
//! framework in between, costs a fraction of what `syn` does. The format is our own (see
//! `expand::route_tokens`), so a token out of place is a bug of ours, reported as such.

use proc_macro2::{Delimiter, Literal, Span, TokenStream, TokenTree};
use syn::{Ident, LitStr};

use crate::check::Auth;
use crate::fields;

/// `@api { [path] [mount] "fields" "/users/<id>" out [at ...] [(State<T>) ...] } ...`, as the
/// callbacks pass it (see `expand::route_tokens`); `mount` is empty or `"/v1" [middleware,
/// ...]`.
pub struct Table {
    /// Made by `main!`, which gives the API no state.
    pub main: bool,
    pub entries: Vec<Entry>,
    /// A token of the user's (see `read`): what the router writes at the user's places takes
    /// its hygiene, so that errors there carry no note about our macros.
    pub anchor: Span,
}

pub struct Entry {
    /// The handler's path as listed, the user's tokens.
    pub path: TokenStream,
    /// The same path as text without spaces, such as `users::get_item`.
    pub path_text: String,
    pub mount: Option<MountInfo>,
    pub methods: Vec<String>,
    pub lit: LitStr,
    /// The handler's own name.
    pub name: String,
    /// The `State<T>` argument types, as the handler spells them.
    pub states: Vec<TokenStream>,
    /// The function isn't `pub`: the router names it where it is listed, so that rustc says
    /// whether it may.
    pub private: bool,
    /// How each argument is read, in order.
    pub args: Vec<ArgWire>,
    /// The handler is an `async fn`.
    pub is_async: bool,
    /// Located at the handler's return type.
    pub out: Span,
    /// The handler's doc comment.
    pub doc: String,
    /// The route's `auth` option: `[]`, `[none]` or `[scopes "read" ...]`.
    pub auth: Auth,
}

/// How the router reads one argument; `at` is located at the argument's type.
pub struct ArgWire {
    pub kind: ArgKind,
    pub at: Span,
    /// The name on the wire, or the argument's own name when it is read from the request.
    pub name: String,
    /// The argument and its type as written, for the route table.
    pub binding: String,
    pub rust_type: String,
}

pub enum ArgKind {
    /// A `<name>` segment, or the segments from there for `<name+>`.
    Path { segment: usize, greedy: bool },
    /// A query parameter, stage variable, header or cookie: `Query`, `Stage`, `Header` or
    /// `Cookie`, the `Source` variant it is read from.
    Field { source: &'static str },
    /// Read from the request as a whole (`FromRequest`).
    Request,
}

/// The group a route is mounted in.
pub struct MountInfo {
    pub prefix: LitStr,
    /// Each middleware's path, the user's tokens.
    pub wrap: Vec<TokenStream>,
}

/// What went wrong, at the router's call: the callbacks wrote something we don't read.
type Result<T> = std::result::Result<T, syn::Error>;

/// Reads the table.
///
/// The route's template and types come through its callback macro, whose name rustc would
/// mention in a note on every error at them ("originates in the macro ..."): the errors are
/// reported at their place with the hygiene of a token the user wrote, the `@` that
/// `main!`/`api!` gave the span of the first listed path.
pub fn read(input: TokenStream) -> Result<Table> {
    let mut input = Cursor::new(input);
    let anchor = input.punct('@')?;
    let main = input.ident()? == "main";
    let mut entries = Vec::new();
    while !input.is_empty() {
        entries.push(read_entry(input.group(Delimiter::Brace)?, anchor)?);
    }
    Ok(Table {
        main,
        entries,
        anchor,
    })
}

fn read_entry(tokens: TokenStream, anchor: Span) -> Result<Entry> {
    let mut content = Cursor::new(tokens);
    let path = content.group(Delimiter::Bracket)?;
    let path_text = path.to_string().replace(' ', "");
    let mut mount_tokens = Cursor::new(content.group(Delimiter::Bracket)?);
    let mount = if mount_tokens.is_empty() {
        None
    } else {
        let prefix = mount_tokens.lit_str()?;
        let wrap = split_commas(mount_tokens.group(Delimiter::Bracket)?);
        Some(MountInfo { prefix, wrap })
    };
    let mut data = fields::Reader::new(content.literal()?);
    let methods = data.next()?.split(' ').map(str::to_owned).collect();
    // The handler's own name, for the route table; errors use the path it is listed by.
    let name = data.next()?.to_owned();
    let private = data.next()? == "private";
    let is_async = data.next()? == "async";
    let doc = data.next()?.to_owned();
    // As `fields::push_auth` wrote it: the kind, the count of scopes, each scope.
    let kind = data.next()?.to_owned();
    let mut scopes = Vec::new();
    for _ in 0..data.count()? {
        scopes.push(data.next()?.to_owned());
    }
    let auth = match kind.as_str() {
        "" => Auth::Authorizer,
        "none" => Auth::None,
        _ => Auth::Scopes(scopes),
    };
    // The tokens with the user's spans.
    let mut lit = content.lit_str()?;
    lit.set_span(anchor.located_at(lit.span()));
    let out = anchor.located_at(content.ident()?.span());
    let mut at_tokens = Cursor::new(content.group(Delimiter::Bracket)?);
    let mut args = Vec::new();
    for _ in 0..data.count()? {
        let at = anchor.located_at(at_tokens.ident()?.span());
        args.push(read_arg_wire(&mut data, at)?);
    }
    let mut states = Vec::new();
    let mut states_tokens = Cursor::new(content.group(Delimiter::Bracket)?);
    while !states_tokens.is_empty() {
        states.push(relocate(
            states_tokens.group(Delimiter::Parenthesis)?,
            anchor,
        ));
    }
    Ok(Entry {
        path,
        path_text,
        mount,
        methods,
        lit,
        name,
        states,
        private,
        args,
        is_async,
        out,
        doc,
        auth,
    })
}

/// One argument's fields (see `expand::wiring_fields`); `at` is located at its type.
fn read_arg_wire(data: &mut fields::Reader, at: Span) -> Result<ArgWire> {
    let kind = data.next()?.to_owned();
    let segment = data.next()?.parse().unwrap_or(0);
    let kind = match kind.as_str() {
        "path" => ArgKind::Path {
            segment,
            greedy: false,
        },
        "greedy" => ArgKind::Path {
            segment,
            greedy: true,
        },
        "query" => ArgKind::Field { source: "Query" },
        "stage" => ArgKind::Field { source: "Stage" },
        "header" => ArgKind::Field { source: "Header" },
        "cookie" => ArgKind::Field { source: "Cookie" },
        _ => ArgKind::Request,
    };
    Ok(ArgWire {
        kind,
        at,
        name: data.next()?.to_owned(),
        binding: data.next()?.to_owned(),
        rust_type: data.next()?.to_owned(),
    })
}

/// The comma-separated paths of a list, each as its tokens.
fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut item = Vec::new();
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => {
                items.push(item.drain(..).collect());
            }
            _ => item.push(token),
        }
    }
    if !item.is_empty() {
        items.push(item.into_iter().collect());
    }
    items
}

/// `tokens` where they are, with the hygiene of `anchor`.
pub fn relocate(tokens: TokenStream, anchor: Span) -> TokenStream {
    respan(tokens, &|span| anchor.located_at(span))
}

/// `tokens` as they resolve, located at `at`.
pub fn relocate_to(tokens: TokenStream, at: Span) -> TokenStream {
    respan(tokens, &|span| span.located_at(at))
}

/// `tokens` with every span, groups' included, replaced by `f(span)`.
fn respan(tokens: TokenStream, f: &dyn Fn(Span) -> Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respan(group.stream(), f));
                inner.set_span(f(group.span()));
                token = TokenTree::Group(inner);
            } else {
                token.set_span(f(token.span()));
            }
            token
        })
        .collect()
}

/// The token trees of a stream, one after the other.
struct Cursor {
    trees: std::vec::IntoIter<TokenTree>,
    /// The last token read, for an error's place.
    span: Span,
}

impl Cursor {
    fn new(tokens: TokenStream) -> Cursor {
        Cursor {
            trees: tokens.into_iter().collect::<Vec<_>>().into_iter(),
            span: Span::call_site(),
        }
    }

    fn is_empty(&self) -> bool {
        self.trees.as_slice().is_empty()
    }

    fn next(&mut self, what: &str) -> Result<TokenTree> {
        let tree = self.trees.next().ok_or_else(|| self.unexpected(what))?;
        self.span = tree.span();
        Ok(tree)
    }

    fn unexpected(&self, what: &str) -> syn::Error {
        syn::Error::new(
            self.span,
            format!(
                "gatewright's router expected {what} from a route's callback; please report this"
            ),
        )
    }

    fn group(&mut self, delimiter: Delimiter) -> Result<TokenStream> {
        match self.next("a group")? {
            TokenTree::Group(group) if group.delimiter() == delimiter => Ok(group.stream()),
            _ => Err(self.unexpected("a group")),
        }
    }

    fn ident(&mut self) -> Result<Ident> {
        match self.next("a name")? {
            TokenTree::Ident(ident) => Ok(ident),
            _ => Err(self.unexpected("a name")),
        }
    }

    fn punct(&mut self, punct: char) -> Result<Span> {
        match self.next("a punctuation")? {
            TokenTree::Punct(found) if found.as_char() == punct => Ok(found.span()),
            _ => Err(self.unexpected("a punctuation")),
        }
    }

    fn literal(&mut self) -> Result<Literal> {
        match self.next("a literal")? {
            TokenTree::Literal(literal) => Ok(literal),
            _ => Err(self.unexpected("a literal")),
        }
    }

    fn lit_str(&mut self) -> Result<LitStr> {
        match syn::Lit::new(self.literal()?) {
            syn::Lit::Str(lit) => Ok(lit),
            _ => Err(self.unexpected("a string literal")),
        }
    }
}
