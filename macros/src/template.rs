//! Route templates: `/users/<id>/files/<path+>`, parsed and checked.

use syn::LitStr;

use crate::ctxt::Ctxt;

/// One segment of a template.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Segment {
    /// Matches exactly this text.
    Literal(String),
    /// `<name>`: one segment.
    Param(String),
    /// `<name+>`: one or more segments, last only.
    Greedy(String),
}

impl Segment {
    pub fn param_name(&self) -> Option<&str> {
        match self {
            Segment::Literal(_) => None,
            Segment::Param(name) | Segment::Greedy(name) => Some(name),
        }
    }
}

/// A parsed template and the literal it came from, for error spans.
#[derive(Clone)]
pub struct Template {
    pub lit: LitStr,
    pub segments: Vec<Segment>,
}

impl Template {
    /// The parameters in order, with their segment index.
    pub fn params(&self) -> impl Iterator<Item = (usize, &Segment)> {
        self.segments
            .iter()
            .enumerate()
            .filter(|(_, s)| s.param_name().is_some())
    }

    /// The template as written.
    pub fn text(&self) -> String {
        crate::text::value(&self.lit)
    }
}

/// Parses `lit`, recording every mistake in `cx`. Returns the segments that could be read, so
/// later checks still run.
pub fn parse(cx: &Ctxt, lit: &LitStr) -> Template {
    let text = crate::text::value(lit);
    let mut segments = Vec::new();
    let Some(rest) = text.strip_prefix('/') else {
        cx.error_spanned_by(
            lit,
            format!(
                "route templates start with `/`; write \"/{}\"",
                text.trim_end_matches('/')
            ),
        );
        return Template {
            lit: lit.clone(),
            segments,
        };
    };
    if rest.is_empty() {
        return Template {
            lit: lit.clone(),
            segments,
        };
    }
    if rest.ends_with('/') {
        cx.error_spanned_by(
            lit,
            format!(
                "route \"{text}\" ends with `/`; remove it: a trailing slash is ignored when matching, so \"{}\" also serves \"{text}\"",
                text.trim_end_matches('/')
            ),
        );
    }
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    let last = parts.len() - 1;
    for (index, part) in parts.iter().enumerate() {
        if let Some(segment) = parse_segment(cx, lit, &text, part, index == last) {
            if let Some(name) = segment.param_name() {
                if segments
                    .iter()
                    .any(|s: &Segment| s.param_name() == Some(name))
                {
                    cx.error_spanned_by(
                        lit,
                        format!("parameter `<{name}>` appears twice in \"{text}\"; give each parameter its own name"),
                    );
                }
            }
            segments.push(segment);
        }
    }
    Template {
        lit: lit.clone(),
        segments,
    }
}

/// Reads a template that already passed `parse`'s checks (the router's, which sees each
/// route again through its callback), without checking it again: every build of an API pays
/// for this once per route.
pub fn parse_checked(lit: &LitStr) -> Template {
    let text = crate::text::value(lit);
    let segments = text
        .trim_matches('/')
        .split('/')
        .filter(|part| !part.is_empty())
        .map(|part| {
            match part
                .strip_prefix('<')
                .and_then(|inner| inner.strip_suffix('>'))
            {
                Some(inner) => match inner.strip_suffix('+') {
                    Some(name) => Segment::Greedy(name.to_owned()),
                    None => Segment::Param(inner.to_owned()),
                },
                None => Segment::Literal(part.to_owned()),
            }
        })
        .collect();
    Template {
        lit: lit.clone(),
        segments,
    }
}

fn parse_segment(
    cx: &Ctxt,
    lit: &LitStr,
    text: &str,
    part: &str,
    is_last: bool,
) -> Option<Segment> {
    if part.is_empty() {
        cx.error_spanned_by(
            lit,
            format!("empty segment in \"{text}\"; remove the doubled `/`"),
        );
        return None;
    }
    if part.contains(['{', '}']) {
        cx.error_spanned_by(
            lit,
            format!("`{part}`: parameters are written `<name>` (or `<name+>` for the rest of the path), not `{{name}}`"),
        );
        return None;
    }
    let Some(inner) = part.strip_prefix('<') else {
        if part.contains(['<', '>']) {
            cx.error_spanned_by(
                lit,
                format!("`{part}`: a parameter must be a whole segment, such as `/<name>/`, with nothing else between the slashes"),
            );
            return None;
        }
        return Some(Segment::Literal(part.to_owned()));
    };
    let Some(inner) = inner.strip_suffix('>') else {
        let message = if inner.contains('>') {
            format!("`{part}`: a parameter must be a whole segment, such as `/<name>/`, with nothing else between the slashes")
        } else {
            format!("unclosed `<` in `{part}`; close the parameter with `>`")
        };
        cx.error_spanned_by(lit, message);
        return None;
    };
    let (name, greedy) = match inner.strip_suffix('+') {
        Some(name) => (name, true),
        None => (inner, false),
    };
    if !is_identifier(name) {
        cx.error_spanned_by(
            lit,
            format!("`{part}`: `{name}` is not a valid parameter name; use a Rust identifier, such as `<id>`"),
        );
        return None;
    }
    if greedy && !is_last {
        cx.error_spanned_by(
            lit,
            format!("`{part}` must be the last segment of the route: it matches the whole rest of the path"),
        );
    }
    Some(if greedy {
        Segment::Greedy(name.to_owned())
    } else {
        Segment::Param(name.to_owned())
    })
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic());
    first_ok
        && name != "_"
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
}

/// The words an identifier can't be: what `syn` refuses as an `Ident`, checked here without
/// asking the compiler to read the name, which every template of every route would pay on
/// every build.
const KEYWORDS: [&str; 51] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "if", "impl", "in",
    "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Rules for a prefix: it is joined to each template, so it has a template's shape, with
/// literal segments only (a parameter in a prefix would belong to no handler argument).
pub fn check_prefix(cx: &Ctxt, prefix: &LitStr) {
    let text = prefix.value();
    let fix = "write it like `\"/v1\"` or `\"/api/admin\"`";
    if !text.starts_with('/') {
        cx.error_spanned_by(prefix, format!("a mount prefix starts with `/`; {fix}"));
    } else if text == "/" || text.ends_with('/') {
        cx.error_spanned_by(
            prefix,
            format!("a mount prefix doesn't end with `/` (routes start with one); {fix}"),
        );
    } else if let Some(bad) = text[1..].split('/').find(|segment| {
        segment.is_empty() || segment.contains(['<', '>', '{', '}', '?', '#', '%', '+', ' '])
    }) {
        let why = if bad.is_empty() {
            "has an empty segment".to_owned()
        } else {
            format!("has the segment `{bad}`, but a prefix is literal segments only")
        };
        cx.error_spanned_by(prefix, format!("mount prefix `{text}` {why}; {fix}"));
    }
}
