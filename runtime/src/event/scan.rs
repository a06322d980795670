//! A fast pass over the top level of a JSON object: each key with the raw text of its value.
//!
//! Events are a few kilobytes of JSON of which routing and a typical handler read a few dozen
//! bytes. A full JSON parser validates every byte of every header on the way; this pass only
//! finds where each value ends (string contents are skipped a word at a time) and leaves the
//! values to be parsed, and so validated, when something reads them. Structure (quotes,
//! brackets, commas, colons) is checked here; what a value holds is checked when it is read.
//! Keys are compared as they are, so a raw control character in a key (which strict JSON
//! forbids) goes unnoticed: it can only make a key that matches nothing.

use std::borrow::Cow;

/// Why the pass stopped; the caller explains it with a real parser.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// Calls `visit` with each key of the top-level object in `text` and its value's raw JSON
/// text (leading and trailing whitespace removed).
pub fn object<'a>(
    text: &'a str,
    mut visit: impl FnMut(Cow<'a, str>, &'a str) -> Result<(), Malformed>,
) -> Result<(), Malformed> {
    let bytes = text.as_bytes();
    let mut pos = skip_whitespace(bytes, 0);
    if bytes.get(pos) != Some(&b'{') {
        return Err(Malformed);
    }
    pos = skip_whitespace(bytes, pos + 1);
    if bytes.get(pos) == Some(&b'}') {
        return end(bytes, pos + 1);
    }
    loop {
        if bytes.get(pos) != Some(&b'"') {
            return Err(Malformed);
        }
        // Keys are short and plain: when the first quote or backslash is the closing quote,
        // the key is the bytes before it.
        let (key, key_end) = match find_quote_or_backslash(&bytes[pos + 1..]) {
            Some(len) if bytes[pos + 1 + len] == b'"' => {
                (Cow::Borrowed(&text[pos + 1..pos + 1 + len]), pos + len + 2)
            }
            _ => {
                let key_end = skip_string(bytes, pos)?;
                (string(&text[pos..key_end])?, key_end)
            }
        };
        pos = skip_whitespace(bytes, key_end);
        if bytes.get(pos) != Some(&b':') {
            return Err(Malformed);
        }
        let value_start = skip_whitespace(bytes, pos + 1);
        let value_end = skip_value(bytes, value_start)?;
        visit(key, &text[value_start..value_end])?;
        pos = skip_whitespace(bytes, value_end);
        match bytes.get(pos) {
            Some(b',') => pos = skip_whitespace(bytes, pos + 1),
            Some(b'}') => return end(bytes, pos + 1),
            _ => return Err(Malformed),
        }
    }
}

/// The contents of the JSON string literal `raw` (quotes included), borrowed unless it holds
/// escapes.
pub fn string(raw: &str) -> Result<Cow<'_, str>, Malformed> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or(Malformed)?;
    for byte in inner.bytes() {
        match byte {
            b'\\' => {
                return serde_json::from_str::<String>(raw)
                    .map(Cow::Owned)
                    .map_err(|_| Malformed)
            }
            0..=0x1f => return Err(Malformed),
            _ => {}
        }
    }
    Ok(Cow::Borrowed(inner))
}

fn end(bytes: &[u8], pos: usize) -> Result<(), Malformed> {
    if skip_whitespace(bytes, pos) == bytes.len() {
        Ok(())
    } else {
        Err(Malformed)
    }
}

fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

/// The position just past the string literal starting at `pos` (a `"`).
fn skip_string(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    let mut pos = pos + 1;
    loop {
        pos += find_quote_or_backslash(bytes.get(pos..).ok_or(Malformed)?).ok_or(Malformed)?;
        if bytes[pos] == b'"' {
            return Ok(pos + 1);
        }
        // A backslash escapes the next byte (for `\u`, the hex digits need no skipping).
        pos += 2;
    }
}

/// The index of the first `"` or `\` in `bytes`, eight bytes at a time.
///
/// Event strings are mostly short (header names, ids), where a call into `memchr` costs more
/// than the search; this word-at-a-time loop has no set-up.
fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut offset = 0;
    while let Some(chunk) = bytes.get(offset..offset + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte of `quote` or `backslash` is zero where `word` has that character; this
        // sets the high bit of the lowest such byte (higher ones may be false positives).
        let found =
            (quote.wrapping_sub(ONES) & !quote | backslash.wrapping_sub(ONES) & !backslash) & HIGHS;
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    bytes[offset..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|i| offset + i)
}

/// The position just past the value starting at `pos`.
fn skip_value(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    match bytes.get(pos) {
        Some(b'"') => skip_string(bytes, pos),
        Some(b'{' | b'[') => skip_nested(bytes, pos),
        Some(b't' | b'f' | b'n' | b'-' | b'0'..=b'9') => {
            let mut end = pos;
            while let Some(b) = bytes.get(end) {
                match b {
                    b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t' => break,
                    b'a'..=b'z' | b'0'..=b'9' | b'-' | b'+' | b'.' | b'E' => end += 1,
                    _ => return Err(Malformed),
                }
            }
            Ok(end)
        }
        _ => Err(Malformed),
    }
}

/// How deep objects and arrays may nest in an event.
pub const MAX_DEPTH: u32 = 128;

/// The position just past the object or array starting at `pos`, with brackets balanced. The
/// open brackets are a stack of bits (1 for `{`), so no allocation is needed.
fn skip_nested(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    let mut stack: u128 = 0;
    let mut depth: u32 = 0;
    let mut pos = pos;
    loop {
        match bytes.get(pos) {
            None => return Err(Malformed),
            Some(b'"') => {
                pos = skip_string(bytes, pos)?;
                continue;
            }
            Some(&open @ (b'{' | b'[')) => {
                if depth == MAX_DEPTH {
                    return Err(Malformed);
                }
                stack = stack << 1 | u128::from(open == b'{');
                depth += 1;
            }
            Some(&close @ (b'}' | b']')) => {
                if depth == 0 || (stack & 1 == 1) != (close == b'}') {
                    return Err(Malformed);
                }
                stack >>= 1;
                depth -= 1;
                if depth == 0 {
                    return Ok(pos + 1);
                }
            }
            Some(_) => {}
        }
        pos += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Result<Vec<(String, String)>, Malformed> {
        let mut out = Vec::new();
        object(text, |key, value| {
            out.push((key.into_owned(), value.to_owned()));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn keys_with_their_raw_values() {
        let text = r#" { "a" : "x\"y" , "b":{"c":[1,{"d":"}"}]},"e":null,"f":-1.5e3,"\u0067":true,"h":[] } "#;
        let got = pairs(text).unwrap();
        let expected = [
            ("a", r#""x\"y""#),
            ("b", r#"{"c":[1,{"d":"}"}]}"#),
            ("e", "null"),
            ("f", "-1.5e3"),
            ("g", "true"),
            ("h", "[]"),
        ];
        assert_eq!(got.len(), expected.len());
        for ((key, value), (k, v)) in got.iter().zip(expected) {
            assert_eq!((key.as_str(), value.as_str()), (k, v));
        }
        assert_eq!(pairs("{}").unwrap(), []);
    }

    #[test]
    fn structure_is_checked() {
        for bad in [
            "",
            "[]",
            "{",
            r#"{"a"}"#,
            r#"{"a":}"#,
            r#"{"a":1,}"#,
            r#"{"a":"x}"#,
            r#"{"a":[1}"#,
            r#"{"a":{"b":1]}"#,
            r#"{"a":1} x"#,
            r#"{"a":1 "b":2}"#,
            r#"{a:1}"#,
            r#"{"a":"\"}"#,
        ] {
            assert_eq!(pairs(bad), Err(Malformed), "{bad:?}");
        }
    }

    #[test]
    fn quotes_and_backslashes_are_found_at_every_offset() {
        for len in 0..20 {
            for at in 0..len {
                for special in [b'"', b'\\'] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                    assert_eq!(find_quote_or_backslash(&bytes), Some(at), "{len} {at}");
                }
            }
            assert_eq!(find_quote_or_backslash(&vec![0xffu8; len]), None);
        }
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        assert!(matches!(string(r#""plain""#), Ok(Cow::Borrowed("plain"))));
        assert_eq!(string(r#""a\/b\u00e9""#).unwrap(), "a/bé");
        assert!(string(r#""bad\q""#).is_err());
        assert!(string("5").is_err());
    }
}
