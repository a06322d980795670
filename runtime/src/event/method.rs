//! The methods a route can name, as a compact set the generated router tests with one `match`.

use http::Method;

/// A request method as the router sees it: the seven methods routes can name, or any other.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum MethodKind {
    Get = 0,
    Post = 1,
    Put = 2,
    Patch = 3,
    Delete = 4,
    Head = 5,
    Options = 6,
    /// A method no route can name; only `ANY` routes serve it.
    Other = 7,
}

impl MethodKind {
    /// Classifies a method without allocating.
    pub fn of(method: &Method) -> Self {
        match *method {
            Method::GET => MethodKind::Get,
            Method::POST => MethodKind::Post,
            Method::PUT => MethodKind::Put,
            Method::PATCH => MethodKind::Patch,
            Method::DELETE => MethodKind::Delete,
            Method::HEAD => MethodKind::Head,
            Method::OPTIONS => MethodKind::Options,
            _ => MethodKind::Other,
        }
    }
}

/// A set of methods as a bit mask (bit `n` is the `MethodKind` with discriminant `n`).
///
/// The generated router knows the mask of every route at compile time; at run time it only ORs
/// them together to answer `405 Method Not Allowed` with the `Allow` header.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MethodSet(pub u8);

impl MethodSet {
    const NAMES: [(MethodKind, &'static str); 7] = [
        (MethodKind::Get, "GET"),
        (MethodKind::Head, "HEAD"),
        (MethodKind::Post, "POST"),
        (MethodKind::Put, "PUT"),
        (MethodKind::Patch, "PATCH"),
        (MethodKind::Delete, "DELETE"),
        (MethodKind::Options, "OPTIONS"),
    ];

    pub fn contains(self, kind: MethodKind) -> bool {
        self.0 & (1 << kind as u8) != 0
    }

    /// The value of an `Allow` header for this set, in a fixed order.
    pub fn allow_header(self) -> String {
        let mut out = String::new();
        for (kind, name) in Self::NAMES {
            if self.contains(kind) {
                if !out.is_empty() {
                    out.push_str(", ");
                }
                out.push_str(name);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_header_lists_methods_in_a_fixed_order() {
        let set = MethodSet(
            1 << MethodKind::Post as u8 | 1 << MethodKind::Get as u8 | 1 << MethodKind::Head as u8,
        );
        assert_eq!(set.allow_header(), "GET, HEAD, POST");
        assert_eq!(MethodSet::default().allow_header(), "");
    }

    #[test]
    fn extension_methods_are_other() {
        assert_eq!(
            MethodKind::of(&Method::from_bytes(b"PROPFIND").unwrap()),
            MethodKind::Other
        );
        assert_eq!(MethodKind::of(&Method::DELETE), MethodKind::Delete);
    }
}
