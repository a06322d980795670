//! The router's serving code for a route whose arguments are all read without waiting (path,
//! query, headers, stage variables, cookies), the usual route: one arm of a chunk's `match`.
//!
//! `N => { __Chunk::A1(__respond(users::get(__path(request, 1, "id")?, ...),
//! __IntoResponse::into_response)) }`, through the short
//! names `CHUNK_PRELUDE` imports. Each read is located at its argument's type and the response
//! at the return type, so that rustc reports an argument that can't be read that way, or an
//! output that isn't a response, there. Those few tokens are made one by one, with their
//! spans; everything else is text, read by the compiler in one call (a token made one at a
//! time costs an unoptimized build of the macros, how Cargo builds them for every `cargo
//! check`, far more than the compiler's lexer does, and every route pays on every build).

use std::fmt::Write;

use proc_macro2::{Delimiter, Group, Ident, Literal, Spacing, Span, TokenStream, TokenTree};

use crate::table::{ArgKind, Entry};
use crate::text;
use crate::tokens::{group, punct};

/// The short names the arms use, imported once at the top of each chunk function.
pub const CHUNK_PRELUDE: &str = "#[allow(unused_imports)] use ::gatewright::__private::{wire::{path as __path, greedy as __greedy, values as __values, field as __field, cookie as __cookie}, chunk::{Chunk as __Chunk, respond as __respond}, IntoResponse as __IntoResponse, Source as __Source};";

/// The arm that serves route `index`, variant `variant` of its chunk; path parameters are at
/// their segment after `base`, the segments of the prefix the route is mounted under.
pub fn ready_arm(entry: &Entry, index: usize, variant: usize, base: usize) -> TokenStream {
    let mut body = Writer::default();
    // What each argument is passed as: its read, or the local it was read into.
    let mut reads: Vec<Vec<TokenTree>> = Vec::with_capacity(entry.args.len());
    // The last argument read into a local before the call (all but path parameters do).
    let last_local = entry
        .args
        .iter()
        .rposition(|arg| !matches!(arg.kind, ArgKind::Path { .. }));
    for (position, arg) in entry.args.iter().enumerate() {
        let at = arg.at;
        // The request, with the hygiene of the user's token the router's `__request` has (see
        // `router::generate`), at the argument's type like the rest of the read.
        let request = TokenTree::Ident(Ident::new("__request", at));
        let name = spanned(Literal::string(&arg.name), at);
        match &arg.kind {
            // Read in the call's arguments, with no local of its own to lower and resolve,
            // unless a header, query, stage or cookie argument comes after it: those are read
            // into locals before the call, and the arguments are read in their order, so that
            // the first one that can't be read is the one rejected.
            ArgKind::Path { segment, greedy } => {
                let read = if *greedy { "__greedy" } else { "__path" };
                let segment = spanned(Literal::usize_unsuffixed(base + segment), at);
                let args = [request, comma(at), segment, comma(at), name];
                let read = [
                    TokenTree::Ident(Ident::new(read, at)),
                    group(Delimiter::Parenthesis, TokenStream::from_iter(args), at),
                    punct('?', Spacing::Alone, Span::call_site()),
                ];
                if last_local.is_some_and(|last| position < last) {
                    let _ = write!(body.text, "let __arg{position} =");
                    body.tokens(read);
                    body.text.push(';');
                    let local = Ident::new(&format!("__arg{position}"), Span::call_site());
                    reads.push(vec![TokenTree::Ident(local)]);
                } else {
                    reads.push(read.to_vec());
                }
            }
            ArgKind::Field { source } => {
                let _ = write!(body.text, "let __values{position} =");
                if *source == "Cookie" {
                    // `cookie::<()>`, at the type, where a build without the `cookies`
                    // feature says so.
                    body.tokens([
                        TokenTree::Ident(Ident::new("__cookie", at)),
                        punct(':', Spacing::Joint, at),
                        punct(':', Spacing::Alone, at),
                        punct('<', Spacing::Alone, at),
                        group(Delimiter::Parenthesis, TokenStream::new(), at),
                        punct('>', Spacing::Alone, at),
                        group(
                            Delimiter::Parenthesis,
                            TokenStream::from_iter([request, comma(at), name.clone()]),
                            at,
                        ),
                    ]);
                } else {
                    let mut args = vec![request, comma(at)];
                    args.extend(source_path(source, at));
                    args.extend([comma(at), name.clone()]);
                    body.call("__values", at, args);
                }
                let _ = write!(body.text, "?; let __arg{position} =");
                let values = Ident::new(&format!("__values{position}"), Span::call_site());
                let mut args = vec![
                    punct('&', Spacing::Alone, at),
                    TokenTree::Ident(values),
                    comma(at),
                ];
                args.extend(source_path(source, at));
                args.extend([comma(at), name]);
                body.call("__field", at, args);
                body.text.push_str("?;");
                let local = Ident::new(&format!("__arg{position}"), Span::call_site());
                reads.push(vec![TokenTree::Ident(local)]);
            }
            ArgKind::Request => {
                unreachable!("a route that reads the request is served in an `async` block")
            }
        }
    }
    // The handler's call: its path, then its arguments' reads.
    let mut handler = Writer::default();
    if entry.private {
        // The user's path, so that rustc says where it is listed whether it may be named.
        handler.tokens(entry.path.clone());
    } else {
        handler.text.push_str(&entry.path_text);
    }
    let mut call = TokenStream::new();
    for (position, read) in reads.into_iter().enumerate() {
        if position > 0 {
            call.extend([comma(Span::call_site())]);
        }
        call.extend(read);
    }
    handler.tokens([group(Delimiter::Parenthesis, call, Span::call_site())]);
    let handler = handler.finish();
    let out = entry.out;
    if entry.is_async {
        // `__respond(future, __IntoResponse::into_response)`, at the return type: a future
        // whose output isn't a response is reported there.
        let _ = write!(body.text, "__Chunk::A{variant}");
        let respond = TokenStream::from_iter([
            TokenTree::Ident(Ident::new("__respond", out)),
            group(
                Delimiter::Parenthesis,
                handler
                    .into_iter()
                    .chain([comma(out)])
                    .chain(into_response(out))
                    .collect(),
                out,
            ),
        ]);
        body.tokens([group(Delimiter::Parenthesis, respond, Span::call_site())]);
    } else {
        // The output as a local located at the return type, where an output that isn't a
        // response is reported.
        let output = TokenTree::Ident(Ident::new("handler_output", out));
        body.text.push_str("let");
        body.tokens([output.clone()]);
        body.text.push('=');
        body.tokens(handler);
        body.text.push_str("; return ::gatewright::__private::Err");
        let answer = TokenStream::from_iter(into_response(out).into_iter().chain([group(
            Delimiter::Parenthesis,
            TokenStream::from_iter([output]),
            out,
        )]));
        body.tokens([group(Delimiter::Parenthesis, answer, Span::call_site())]);
        body.text.push(';');
    }
    let mut arm = text::parse(&format!("{index}u16 =>"));
    arm.extend([TokenTree::Group(Group::new(
        Delimiter::Brace,
        body.finish(),
    ))]);
    arm
}

/// Text and tokens, in order: consecutive text is read by the compiler in one call.
#[derive(Default)]
struct Writer {
    text: String,
    stream: TokenStream,
}

impl Writer {
    fn flush(&mut self) {
        if !self.text.is_empty() {
            self.stream
                .extend(text::parse(&std::mem::take(&mut self.text)));
        }
    }

    fn tokens(&mut self, tokens: impl IntoIterator<Item = TokenTree>) {
        self.flush();
        self.stream.extend(tokens);
    }

    /// `function(args)`, located at `at`.
    fn call(&mut self, function: &str, at: Span, args: Vec<TokenTree>) {
        self.tokens([
            TokenTree::Ident(Ident::new(function, at)),
            group(Delimiter::Parenthesis, TokenStream::from_iter(args), at),
        ]);
    }

    fn finish(mut self) -> TokenStream {
        self.flush();
        self.stream
    }
}

/// `__IntoResponse::into_response`, located at `at`.
fn into_response(at: Span) -> [TokenTree; 4] {
    [
        TokenTree::Ident(Ident::new("__IntoResponse", at)),
        punct(':', Spacing::Joint, at),
        punct(':', Spacing::Alone, at),
        TokenTree::Ident(Ident::new("into_response", at)),
    ]
}

/// `__Source::Query` (or `Stage`, `Header`), located at `at`.
fn source_path(source: &str, at: Span) -> [TokenTree; 4] {
    [
        TokenTree::Ident(Ident::new("__Source", at)),
        punct(':', Spacing::Joint, at),
        punct(':', Spacing::Alone, at),
        TokenTree::Ident(Ident::new(source, at)),
    ]
}

fn spanned(mut literal: Literal, at: Span) -> TokenTree {
    literal.set_span(at);
    TokenTree::Literal(literal)
}

fn comma(at: Span) -> TokenTree {
    punct(',', Spacing::Alone, at)
}
