//! The body of `Api::route`: a tree of `match`es on the path's segments, then on the method.
//!
//! Written as source text (see `text`): nothing in it points at the user's code.

use std::collections::BTreeMap;
use std::fmt::Write;

use proc_macro2::TokenStream;

use crate::template::Segment;

/// `(method, bit, MethodKind variant)`: the route table's method names, and the bit each sets.
pub const METHOD_BITS: [(&str, u8, &str); 7] = [
    ("GET", 0, "Get"),
    ("POST", 1, "Post"),
    ("PUT", 2, "Put"),
    ("PATCH", 3, "Patch"),
    ("DELETE", 4, "Delete"),
    ("HEAD", 5, "Head"),
    ("OPTIONS", 6, "Options"),
];
const GET: u8 = 1 << 0;
const HEAD: u8 = 1 << 5;

/// The routes as a tree of segments, most precise first at each level.
#[derive(Default)]
struct Node {
    literals: BTreeMap<String, Node>,
    param: Option<Box<Node>>,
    /// Routes whose template ends here.
    ends: Vec<usize>,
    /// Routes whose `<greedy+>` segment is here.
    greedy: Vec<usize>,
}

impl Node {
    fn insert(&mut self, segments: &[Segment], route: usize) {
        match segments.split_first() {
            None => self.ends.push(route),
            Some((Segment::Literal(text), rest)) => self
                .literals
                .entry(text.clone())
                .or_default()
                .insert(rest, route),
            Some((Segment::Param(_), rest)) => self
                .param
                .get_or_insert_with(Default::default)
                .insert(rest, route),
            Some((Segment::Greedy(_), _)) => self.greedy.push(route),
        }
    }
}

/// The matching code for routes given as their segments and their methods (bit `n` set for
/// `MethodKind` `n`, `None` for `ANY`), numbered in order. It names `__segments`, `__len` (their
/// count), `__method`, `__allowed`, `__Match` and `__Method`, which the caller declares. (No
/// method call but `as_ref`: each is one more for name resolution to look up the traits in
/// scope for, on every build.)
pub fn code<'a>(routes: impl Iterator<Item = (&'a [Segment], Option<u8>)>) -> TokenStream {
    let mut root = Node::default();
    let mut methods = Vec::new();
    for (index, (segments, bits)) in routes.enumerate() {
        root.insert(segments, index);
        methods.push(bits);
    }
    let mut out = String::new();
    write_node(&mut out, &root, 0, &methods);
    crate::text::parse(&out)
}

/// The code for `node` at segment `depth`: returns on the first route that matches path and
/// method, records the methods of routes that match the path only, and falls through otherwise
/// so that the caller tries the next, less precise branch.
fn write_node(out: &mut String, node: &Node, depth: usize, methods: &[Option<u8>]) {
    let deeper = !(node.literals.is_empty() && node.param.is_none() && node.greedy.is_empty());
    // `if __len == depth { leaf } else { deeper }`, or just the half that has code.
    if !node.ends.is_empty() {
        let _ = write!(out, "if __len == {depth} {{");
        write_leaf(out, &node.ends, methods);
        out.push('}');
        if deeper {
            out.push_str(" else {");
        }
    } else if deeper {
        let _ = write!(out, "if __len > {depth} {{");
    }
    if deeper {
        let _ = write!(out, "let __segment = __segment_at(__segments, {depth});");
        if !node.literals.is_empty() {
            out.push_str("match __segment {");
            for (text, child) in &node.literals {
                // `{:?}` of a `str` is a Rust string literal with every escape it needs.
                let _ = write!(out, "{text:?} => {{");
                write_node(out, child, depth + 1, methods);
                out.push('}');
            }
            out.push_str("_ => {} }");
        }
        if let Some(child) = &node.param {
            out.push_str("if __segment != \"\" {");
            write_node(out, child, depth + 1, methods);
            out.push('}');
        }
        if !node.greedy.is_empty() {
            out.push_str("if __segment != \"\" {");
            write_leaf(out, &node.greedy, methods);
            out.push('}');
        }
        out.push('}');
    }
}

/// Picks among the routes that match the path by method: `if __takes(__method, MASK, &mut
/// __allowed) { return __Match::Found(ROUTE); }` for each route that names its methods, in
/// order, then `return __Match::Found(ROUTE);` for an `ANY` route, which takes every method the
/// others don't name, `HEAD` included. Without one, a `GET` route takes `HEAD` too unless a
/// route names it.
fn write_leaf(out: &mut String, indices: &[usize], methods: &[Option<u8>]) {
    if indices.is_empty() {
        return;
    }
    let any_route = indices.iter().find(|&&index| methods[index].is_none());
    let head_named = indices
        .iter()
        .any(|&index| methods[index].is_some_and(|bits| bits & HEAD != 0));
    for &index in indices {
        let Some(mut mask) = methods[index] else {
            continue;
        };
        if any_route.is_none() && !head_named && mask & GET != 0 {
            mask |= HEAD;
        }
        out.push_str("if __takes(__method, ");
        crate::fields::push_number(out, mask.into());
        out.push_str("u8, &mut __allowed) { return __Match::Found(");
        crate::fields::push_number(out, index);
        out.push_str("u16); }");
    }
    if let Some(&index) = any_route {
        out.push_str("return __Match::Found(");
        crate::fields::push_number(out, index);
        out.push_str("u16);");
    }
}
