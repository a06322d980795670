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
    let _ = write!(out, "if __len == {depth} {{");
    write_leaf(out, &node.ends, methods);
    out.push_str("} else {");
    if !(node.literals.is_empty() && node.param.is_none() && node.greedy.is_empty()) {
        let _ = write!(out, "let __segment: &str = __segments[{depth}].as_ref();");
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
    }
    out.push('}');
}

/// Picks among the routes that match the path by method.
fn write_leaf(out: &mut String, indices: &[usize], methods: &[Option<u8>]) {
    if indices.is_empty() {
        return;
    }
    let mut arms = String::new();
    let mut any_route = None;
    let mut allowed = 0u8;
    let mut get_route = None;
    let mut has_head = false;
    for &index in indices {
        match methods[index] {
            // Last: the routes that name a method win over `ANY`.
            None => any_route = Some(index),
            Some(bits) => {
                allowed |= bits;
                for (_, bit, variant) in METHOD_BITS {
                    if bits & 1 << bit != 0 {
                        let _ = write!(
                            arms,
                            "__Method::{variant} => return __Match::Found({index}u16),"
                        );
                    }
                }
                if bits & GET != 0 {
                    get_route = Some(index);
                }
                if bits & HEAD != 0 {
                    has_head = true;
                }
            }
        }
    }
    if let Some(index) = any_route {
        // `ANY` takes every method the others don't name, `HEAD` included.
        let _ = write!(
            out,
            "match __method {{ {arms} _ => return __Match::Found({index}u16), }}"
        );
        return;
    }
    if let (Some(index), false) = (get_route, has_head) {
        let _ = write!(arms, "__Method::Head => return __Match::Found({index}u16),");
        allowed |= HEAD;
    }
    let _ = write!(
        out,
        "match __method {{ {arms} _ => __allowed |= {allowed}u8, }}"
    );
}
