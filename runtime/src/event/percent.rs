//! Percent-decoding, in one place for the path, the query string and a load balancer's
//! encoded maps.
//!
//! Our own rather than the `percent-encoding` crate's: that one passes a malformed escape
//! (`%zz`) through unchanged, where a request with one must be a `400` that names it.

use std::borrow::Cow;

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
/// `+` stays `+`: it means a space only in query strings.
pub fn percent_decode(input: &str) -> Option<Cow<'_, str>> {
    if !input.contains('%') {
        return Some(Cow::Borrowed(input));
    }
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = hex(*bytes.get(i + 1)?)?;
            let lo = hex(*bytes.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Decodes a query component: `+` is a space, then `%XX` escapes; borrowed when there is
/// nothing to decode.
pub fn decode_component(component: &str) -> Option<Cow<'_, str>> {
    if !component.contains('+') {
        return percent_decode(component);
    }
    let spaced = component.replace('+', " ");
    percent_decode(&spaced).map(|decoded| Cow::Owned(decoded.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_decoded_strictly() {
        assert!(matches!(
            percent_decode("plain"),
            Some(Cow::Borrowed("plain"))
        ));
        assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("a+b").as_deref(), Some("a+b"));
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn query_components_read_plus_as_a_space() {
        assert_eq!(decode_component("x+y%2B").as_deref(), Some("x y+"));
        assert!(matches!(decode_component("xy"), Some(Cow::Borrowed("xy"))));
        assert_eq!(decode_component("a+%zz"), None);
    }
}
