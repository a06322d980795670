//! Why an event is not JSON, in words: only ever on the error path, after the structural pass
//! (`scan`) refused the event.
//!
//! serde_json's syntax errors say where the event went wrong; reading into `IgnoredAny` finds
//! them at the same places as reading a `Value` would, without linking `Value` (some 27 KB of
//! every binary). What `IgnoredAny` lets through and a `Value` refuses — a lone surrogate
//! escape, a number out of range, nesting past serde_json's limit — is found here by a second,
//! slow walk.

use super::scan::MAX_NESTING;

/// The message for an event the structural pass refused.
#[cold]
pub fn explain(text: &str) -> String {
    let bytes = text.as_bytes();
    if let Err(err) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return format!("the event is not valid JSON: {err}");
    }
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return "the event is not an HTTP event: it is JSON, but not an object".to_owned();
    }
    match lax_offence(text) {
        Some((what, at)) => {
            let (line, column) = line_and_column(bytes, at);
            format!("the event is not valid JSON: {what} at line {line} column {column}")
        }
        None => "the event is not valid JSON".to_owned(),
    }
}

/// The first thing in `bytes` (JSON that `IgnoredAny` accepts) that a `Value` refuses, and
/// where it starts.
fn lax_offence(text: &str) -> Option<(&'static str, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0;
    let mut pos = 0;
    while pos < bytes.len() {
        match bytes[pos] {
            b'[' | b'{' => {
                depth += 1;
                if depth >= MAX_NESTING {
                    return Some(("nested more than 127 levels deep", pos));
                }
            }
            b']' | b'}' => depth -= 1,
            b'"' => {
                pos += 1;
                while bytes[pos] != b'"' {
                    if bytes[pos] == b'\\' {
                        if bytes[pos + 1] == b'u' && lone_surrogate(bytes, pos) {
                            return Some(("a lone surrogate in a \\u escape", pos));
                        }
                        pos += 1;
                    }
                    pos += 1;
                }
            }
            b'-' | b'0'..=b'9' => {
                let end = pos
                    + bytes[pos..]
                        .iter()
                        .position(|b| !matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                        .unwrap_or(bytes.len() - pos);
                // The same reading of a number as the structural pass's.
                if serde_json::from_str::<f64>(&text[pos..end]).is_err() {
                    return Some(("a number out of range", pos));
                }
                pos = end - 1;
            }
            _ => {}
        }
        pos += 1;
    }
    None
}

/// Whether the `\u` escape at `pos` is a surrogate that is not a high one followed at once by
/// an escaped low one.
fn lone_surrogate(bytes: &[u8], pos: usize) -> bool {
    let unit = |at: usize| {
        let hex = bytes.get(at..at + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    match unit(pos) {
        Some(0xD800..=0xDBFF) => !matches!(unit(pos + 6), Some(0xDC00..=0xDFFF)),
        Some(0xDC00..=0xDFFF) => !preceded_by_high(bytes, pos),
        _ => false,
    }
}

/// Whether the escape at `pos` is the low half of a pair (then it was checked with its high).
fn preceded_by_high(bytes: &[u8], pos: usize) -> bool {
    pos >= 6
        && bytes[pos - 6..pos].starts_with(b"\\u")
        && std::str::from_utf8(&bytes[pos - 4..pos])
            .ok()
            .and_then(|hex| u16::from_str_radix(hex, 16).ok())
            .is_some_and(|unit| (0xD800..=0xDBFF).contains(&unit))
}

/// serde_json's way of saying where: lines and columns from 1.
fn line_and_column(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_a_value_refuses_and_where() {
        let cases = [
            (
                r#"{"a":"\ud800"}"#,
                "a lone surrogate in a \\u escape at line 1 column 7",
            ),
            (
                r#"{"a":"x\udfffy"}"#,
                "a lone surrogate in a \\u escape at line 1 column 8",
            ),
            (
                r#"{"a":"\ud800\u0041"}"#,
                "a lone surrogate in a \\u escape at line 1 column 7",
            ),
            (
                "{\n\"a\":[1e999999]}",
                "a number out of range at line 2 column 6",
            ),
            (
                r#"{"a":"\ud83d\ude00","b":-1e400}"#,
                "a number out of range at line 1 column 25",
            ),
        ];
        for (event, expected) in cases {
            assert_eq!(
                explain(event),
                format!("the event is not valid JSON: {expected}"),
                "{event}"
            );
        }
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(
            explain(&deep),
            "the event is not valid JSON: nested more than 127 levels deep at line 1 column 132"
        );
        assert_eq!(
            explain("[1]"),
            "the event is not an HTTP event: it is JSON, but not an object"
        );
        assert!(explain("{\"a\":").starts_with("the event is not valid JSON: EOF while parsing"));
    }

    #[test]
    fn finds_nothing_in_what_a_value_reads() {
        let fine = r#"{"a":"\ud83d\ude00 \\u0041 \"x","b":[1.5e300,-0,{"c":[]}],"d":"\\"}"#;
        assert!(serde_json::from_str::<serde_json::Value>(fine).is_ok());
        assert_eq!(lax_offence(fine), None);
    }
}
