//! Fast passes over a JSON object: each key of its top level with the raw text of its value.
//!
//! Events are a few kilobytes of JSON of which routing and a typical handler read a few dozen
//! bytes. [`event`] walks the whole event once and checks it against the JSON grammar (RFC
//! 8259) exactly as serde_json reads JSON into a `Value`, but decodes nothing: string contents
//! are skipped a word at a time, stopping only at quotes, backslashes and control characters,
//! and only escapes and numbers are looked at closely. It hands over each top-level key with
//! its value's raw text. The maps of the event (headers, query, stage variables) are kept as
//! that text, and [`object`] walks one of them when a key is asked for: it trusts the text,
//! checked with the rest of the event, and only finds where each value ends.
//!
//! What [`event`] refuses, as serde_json does:
//!
//! - whitespace other than space, tab, line feed and carriage return; anything after the
//!   object; a key that is not a string; a missing or trailing comma or colon;
//! - literals other than exactly `true`, `false` and `null` (`tru`, `True`, `NaN`);
//! - numbers outside `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` (`007`, `+1`, `.5`,
//!   `1.`, `0x1`), and numbers beyond the range of `f64` (`1e400`, "number out of range");
//! - in strings and keys alike: raw control characters (below U+0020), escapes other than
//!   `\" \\ \/ \b \f \n \r \t \uXXXX`, and a `\u` escape of a UTF-16 surrogate that is not a
//!   high surrogate followed at once by an escaped low one (`"\ud800"`);
//! - objects and arrays nested [`MAX_NESTING`] levels deep or more, the event's own object
//!   included (serde_json's recursion limit).
//!
//! Invalid UTF-8 is refused before, when the bytes become a `str`. Duplicate keys are valid
//! JSON; which one counts is the readers' choice (the last, see `proxy_event.rs` and `raw.rs`).

use std::borrow::Cow;

/// Why a pass stopped; the caller explains it with a real parser.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// Objects and arrays may nest fewer levels than this in an event, the event's own object
/// counting as one: serde_json's recursion limit refuses the 128th level.
pub const MAX_NESTING: u32 = 128;

/// Checks that `text` is one JSON object and nothing else, exactly as serde_json would, and
/// calls `visit` with each of its keys (decoded) and its value's raw JSON text.
pub fn event<'a>(
    text: &'a str,
    mut visit: impl FnMut(Cow<'a, str>, &'a str),
) -> Result<(), Malformed> {
    walk::<true>(text, |key, value| {
        visit(key, value);
        Ok(())
    })
}

/// Calls `visit` with each key of the object `text` (decoded) and its value's raw JSON text
/// (leading and trailing whitespace removed). `text` must come from an event that [`event`]
/// has checked: only the structure needed to find each value's end is looked at.
pub fn object<'a>(
    text: &'a str,
    visit: impl FnMut(Cow<'a, str>, &'a str) -> Result<(), Malformed>,
) -> Result<(), Malformed> {
    walk::<false>(text, visit)
}

/// The top level of the object `text`, checking everything when `CHECK` is set.
fn walk<'a, const CHECK: bool>(
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
        // Keys are short and plain: when the first byte that needs a look is the closing
        // quote, the key is the bytes before it.
        let (key, key_end) = match find_special::<CHECK>(&bytes[pos + 1..]) {
            Some(len) if bytes[pos + 1 + len] == b'"' => {
                (Cow::Borrowed(&text[pos + 1..pos + 1 + len]), pos + len + 2)
            }
            _ => {
                let key_end = if CHECK {
                    check_string(bytes, pos)?
                } else {
                    skip_string(bytes, pos)?
                };
                (string(&text[pos..key_end])?, key_end)
            }
        };
        pos = skip_whitespace(bytes, key_end);
        if bytes.get(pos) != Some(&b':') {
            return Err(Malformed);
        }
        let value_start = skip_whitespace(bytes, pos + 1);
        let value_end = if CHECK {
            check_value(text, value_start)?
        } else {
            skip_value(bytes, value_start)?
        };
        visit(key, &text[value_start..value_end])?;
        pos = skip_whitespace(bytes, value_end);
        match bytes.get(pos) {
            Some(b',') => pos = skip_whitespace(bytes, pos + 1),
            Some(b'}') => return end(bytes, pos + 1),
            _ => return Err(Malformed),
        }
    }
}

/// The contents of the JSON string literal `raw` (quotes included), taken from a checked
/// event: borrowed unless it holds escapes.
pub fn string(raw: &str) -> Result<Cow<'_, str>, Malformed> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or(Malformed)?;
    match find_special::<true>(inner.as_bytes()) {
        None => Ok(Cow::Borrowed(inner)),
        Some(_) => serde_json::from_str::<String>(raw)
            .map(Cow::Owned)
            .map_err(|_| Malformed),
    }
}

fn end(bytes: &[u8], pos: usize) -> Result<(), Malformed> {
    if skip_whitespace(bytes, pos) == bytes.len() {
        Ok(())
    } else {
        Err(Malformed)
    }
}

/// The position of the first byte at or after `pos` that is not JSON whitespace.
#[inline(always)]
fn skip_whitespace(bytes: &[u8], pos: usize) -> usize {
    // Events are mostly compact: the next byte is usually not whitespace, and every byte that
    // is (or is a control character) is at most a space.
    match bytes.get(pos) {
        Some(&byte) if byte > b' ' => pos,
        _ => skip_whitespace_slowly(bytes, pos),
    }
}

fn skip_whitespace_slowly(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(pos) {
        pos += 1;
    }
    pos
}

/// The index of the first `"` or `\` in `bytes` (with `CONTROL`, or control character: a
/// byte below 0x20), eight bytes at a time.
///
/// Event strings are mostly short (header names, ids), where a call into `memchr` costs more
/// than the search; this word-at-a-time loop has no set-up.
#[inline(always)]
fn find_special<const CONTROL: bool>(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut offset = 0;
    while let Some(chunk) = bytes.get(offset..offset + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // A byte of `backslash` is zero where `word` has a backslash; `x - 1 & !x` sets the
        // high bit of the lowest zero byte (higher ones may be false positives, after a borrow).
        let mut found = backslash.wrapping_sub(ONES) & !backslash;
        if CONTROL {
            // With bit 1 flipped, `"` (0x22) becomes 0x20 and control characters stay below
            // it: one test `x < 0x21` finds both. `x - 0x21 & !x` sets the high bit of the
            // lowest such byte, as above.
            let flipped = word ^ (ONES * 0x02);
            found |= flipped.wrapping_sub(ONES * 0x21) & !flipped;
        } else {
            let quote = word ^ (ONES * u64::from(b'"'));
            found |= quote.wrapping_sub(ONES) & !quote;
        }
        found &= HIGHS;
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    bytes[offset..]
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || (CONTROL && b < 0x20))
        .map(|i| offset + i)
}

/// The position just past the value starting at `pos` in a checked event.
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

/// The position just past the string literal starting at `pos` (a `"`) in a checked event.
fn skip_string(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    let mut pos = pos + 1;
    loop {
        pos += find_special::<false>(bytes.get(pos..).ok_or(Malformed)?).ok_or(Malformed)?;
        if bytes[pos] == b'"' {
            return Ok(pos + 1);
        }
        // A backslash escapes the next byte (for `\u`, the hex digits need no skipping).
        pos += 2;
    }
}

/// The position just past the object or array starting at `pos` in a checked event, with
/// brackets balanced. The open brackets are a stack of bits (1 for `{`), so no allocation is
/// needed.
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
                if depth == MAX_NESTING {
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

/// The position just past the value starting at `pos`, a value of the event's own object,
/// checked against the grammar.
fn check_value(text: &str, pos: usize) -> Result<usize, Malformed> {
    match text.as_bytes().get(pos) {
        Some(b'{' | b'[') => check_nested(text, pos),
        _ => check_scalar(text, pos),
    }
}

/// The position just past the object or array starting at `pos`, checked against the grammar;
/// it is nested one level inside the event's own object. The open brackets are a stack of bits
/// (1 for `{`), so no allocation is needed.
fn check_nested(text: &str, pos: usize) -> Result<usize, Malformed> {
    let bytes = text.as_bytes();
    let mut stack: u128 = 0;
    // How many objects and arrays are open, the event's own object included.
    let mut depth: u32 = 1;
    let mut pos = pos;
    loop {
        // A value starts at `pos`.
        match bytes.get(pos) {
            Some(&open @ (b'{' | b'[')) => {
                depth += 1;
                if depth == MAX_NESTING {
                    return Err(Malformed);
                }
                let object = open == b'{';
                stack = stack << 1 | u128::from(object);
                pos = skip_whitespace(bytes, pos + 1);
                let close = if object { b'}' } else { b']' };
                if bytes.get(pos) != Some(&close) {
                    if object {
                        pos = check_key(bytes, pos)?;
                    }
                    continue;
                }
                // Empty: `pos` is at its closing bracket.
            }
            _ => pos = skip_whitespace(bytes, check_scalar(text, pos)?),
        }
        // After a value: a comma and the next one, or closing brackets.
        loop {
            let in_object = stack & 1 == 1;
            match bytes.get(pos) {
                Some(b',') => {
                    pos = skip_whitespace(bytes, pos + 1);
                    if in_object {
                        pos = check_key(bytes, pos)?;
                    }
                    break;
                }
                Some(b'}') if in_object => {}
                Some(b']') if !in_object => {}
                _ => return Err(Malformed),
            }
            stack >>= 1;
            depth -= 1;
            if depth == 1 {
                return Ok(pos + 1);
            }
            pos = skip_whitespace(bytes, pos + 1);
        }
    }
}

/// A key, its colon and the whitespace around them, starting at `pos`; the position of the
/// value after them.
#[inline(always)]
fn check_key(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    if bytes.get(pos) != Some(&b'"') {
        return Err(Malformed);
    }
    let pos = skip_whitespace(bytes, check_string(bytes, pos)?);
    if bytes.get(pos) != Some(&b':') {
        return Err(Malformed);
    }
    Ok(skip_whitespace(bytes, pos + 1))
}

/// The position just past the string, number or literal starting at `pos`.
#[inline(always)]
fn check_scalar(text: &str, pos: usize) -> Result<usize, Malformed> {
    let bytes = text.as_bytes();
    let literal = |word: &[u8]| match bytes[pos..].starts_with(word) {
        true => Ok(pos + word.len()),
        false => Err(Malformed),
    };
    match bytes.get(pos) {
        Some(b'"') => check_string(bytes, pos),
        Some(b'-' | b'0'..=b'9') => check_number(text, pos),
        Some(b't') => literal(b"true"),
        Some(b'f') => literal(b"false"),
        Some(b'n') => literal(b"null"),
        _ => Err(Malformed),
    }
}

/// The position just past the string literal starting at `pos` (a `"`): no raw control
/// characters, only valid escapes.
#[inline(always)]
fn check_string(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    let mut pos = pos + 1;
    loop {
        pos += find_special::<true>(bytes.get(pos..).ok_or(Malformed)?).ok_or(Malformed)?;
        match bytes[pos] {
            b'"' => return Ok(pos + 1),
            b'\\' => pos = check_escape(bytes, pos)?,
            _ => return Err(Malformed),
        }
    }
}

/// The position just past the escape starting at `pos` (a `\`). A surrogate must be a high one
/// escaped right before a low one, as serde_json requires of a string it decodes.
#[inline(never)]
fn check_escape(bytes: &[u8], pos: usize) -> Result<usize, Malformed> {
    match bytes.get(pos + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(pos + 2),
        Some(b'u') => match hex4(bytes, pos + 2)? {
            0xD800..=0xDBFF
                if bytes.get(pos + 6..pos + 8) == Some(b"\\u")
                    && matches!(hex4(bytes, pos + 8)?, 0xDC00..=0xDFFF) =>
            {
                Ok(pos + 12)
            }
            0xD800..=0xDFFF => Err(Malformed),
            _ => Ok(pos + 6),
        },
        _ => Err(Malformed),
    }
}

/// The four hex digits at `pos`, as a number.
fn hex4(bytes: &[u8], pos: usize) -> Result<u16, Malformed> {
    let digits = bytes.get(pos..pos + 4).ok_or(Malformed)?;
    digits.iter().try_fold(0u16, |n, &digit| {
        let value = match digit {
            b'0'..=b'9' => digit - b'0',
            b'a'..=b'f' => digit - b'a' + 10,
            b'A'..=b'F' => digit - b'A' + 10,
            _ => return Err(Malformed),
        };
        Ok(n << 4 | u16::from(value))
    })
}

/// The position just past the number starting at `pos`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?
/// ([eE][+-]?[0-9]+)?`, within the range of `f64`.
#[inline(never)]
fn check_number(text: &str, start: usize) -> Result<usize, Malformed> {
    let bytes = text.as_bytes();
    let digits = |mut pos: usize| {
        while let Some(b'0'..=b'9') = bytes.get(pos) {
            pos += 1;
        }
        pos
    };
    let mut pos = start + usize::from(bytes[start] == b'-');
    let integer = pos;
    pos = match bytes.get(pos) {
        Some(b'0') => pos + 1,
        Some(b'1'..=b'9') => digits(pos + 1),
        _ => return Err(Malformed),
    };
    let integer_digits = pos - integer;
    if bytes.get(pos) == Some(&b'.') {
        let fraction = pos + 1;
        pos = digits(fraction);
        if pos == fraction {
            return Err(Malformed);
        }
    }
    let exponent = matches!(bytes.get(pos), Some(b'e' | b'E'));
    if exponent {
        let first = pos + 1 + usize::from(matches!(bytes.get(pos + 1), Some(b'+' | b'-')));
        pos = digits(first);
        if pos == first {
            return Err(Malformed);
        }
    }
    // Below 1e300 a number is within range whatever its fraction; past that, or with an
    // exponent (rare in events), serde_json decides, so that its rounding is the rule. Read as
    // an `f64`, the number takes the same path as in a `Value` without linking `Value`.
    if exponent || integer_digits > 300 {
        serde_json::from_str::<f64>(&text[start..pos]).map_err(|_| Malformed)?;
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entries `event` (checking) or `object` (trusting) finds.
    fn pairs<const CHECK: bool>(text: &str) -> Result<Vec<(String, String)>, Malformed> {
        let mut out = Vec::new();
        walk::<CHECK>(text, |key, value| {
            out.push((key.into_owned(), value.to_owned()));
            Ok(())
        })?;
        Ok(out)
    }

    /// Whether serde_json reads `text` as JSON.
    fn serde_reads(text: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(text).is_ok()
    }

    #[test]
    fn keys_with_their_raw_values() {
        let text = r#" { "a" : "x\"y" , "b":{"c":[1,{"d":"}"}]},"e":null,"f":-1.5e3,"\u0067":true,"h":[] } "#;
        let expected = [
            ("a", r#""x\"y""#),
            ("b", r#"{"c":[1,{"d":"}"}]}"#),
            ("e", "null"),
            ("f", "-1.5e3"),
            ("g", "true"),
            ("h", "[]"),
        ];
        for got in [pairs::<true>(text).unwrap(), pairs::<false>(text).unwrap()] {
            assert_eq!(got.len(), expected.len());
            for ((key, value), (k, v)) in got.iter().zip(expected) {
                assert_eq!((key.as_str(), value.as_str()), (k, v));
            }
        }
        assert_eq!(pairs::<true>("{}").unwrap(), []);
    }

    #[test]
    fn structure_is_checked_even_when_trusted() {
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
            assert_eq!(pairs::<false>(bad), Err(Malformed), "{bad:?}");
            assert_eq!(pairs::<true>(bad), Err(Malformed), "{bad:?}");
        }
    }

    /// Invalid JSON of every kind, each inside a value no reader looks at, and as a key where
    /// it can be one: refused, as serde_json refuses it.
    #[test]
    fn invalid_json_is_refused_wherever_it_is() {
        let deep = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        let table: &[(&str, String)] = &[
            ("single quotes", "'a'".into()),
            ("single-quoted key", "{'a':1}".into()),
            ("unquoted key", "{a:1}".into()),
            ("line comment", "1 // no".into()),
            ("block comment", "/* no */ 1".into()),
            ("truncated true", "tru".into()),
            ("capital True", "True".into()),
            ("truncated null", "nul".into()),
            ("false with more", "falsey".into()),
            ("NaN", "NaN".into()),
            ("Infinity", "-Infinity".into()),
            ("leading zeros", "007".into()),
            ("negative leading zero", "-01".into()),
            ("plus sign", "+1".into()),
            ("bare minus", "-".into()),
            ("no integer part", ".5".into()),
            ("no fraction digits", "1.".into()),
            ("no exponent digits", "1e".into()),
            ("signed exponent without digits", "1e+".into()),
            ("hex", "0x1F".into()),
            ("beyond f64", "1e999999".into()),
            ("beyond f64 negative", "-1.8e308".into()),
            (
                "beyond f64 without exponent",
                format!("2{}", "0".repeat(308)),
            ),
            ("raw tab in a string", "\"a\tb\"".into()),
            ("raw line feed in a string", "\"a\nb\"".into()),
            ("raw NUL in a string", "\"a\0b\"".into()),
            ("raw control character in a key", "{\"a\u{1f}\":1}".into()),
            ("unknown escape", r#""\q""#.into()),
            ("escaped single quote", r#""\'""#.into()),
            ("escape at the end", "\"\\".into()),
            ("short unicode escape", r#""\u12""#.into()),
            ("non-hex unicode escape", r#""\u12G4""#.into()),
            ("upper-case U escape", r#""\U0041""#.into()),
            ("lone high surrogate", r#""\ud800""#.into()),
            ("lone high surrogate in a key", r#"{"\uD800":1}"#.into()),
            ("lone low surrogate", r#""\udc00x""#.into()),
            ("high surrogate then a letter", r#""\ud800\u0041""#.into()),
            (
                "high surrogate then two highs",
                r#""\ud800\ud800\udc00""#.into(),
            ),
            ("high surrogate then another escape", r#""\ud800\n""#.into()),
            ("trailing comma in an array", "[1,2,]".into()),
            ("trailing comma in an object", r#"{"a":1,}"#.into()),
            ("leading comma", "[,1]".into()),
            ("double comma", "[1,,2]".into()),
            ("missing comma", "[1 2]".into()),
            ("missing colon", r#"{"a" 1}"#.into()),
            ("double colon", r#"{"a"::1}"#.into()),
            ("missing value", r#"{"a":}"#.into()),
            ("unclosed array", "[1".into()),
            ("mismatched brackets", "[1}".into()),
            ("vertical tab as whitespace", "[\u{b}1]".into()),
            ("form feed as whitespace", "[\u{c}1]".into()),
            ("no-break space as whitespace", "[\u{a0}1]".into()),
            ("byte order mark", "\u{feff}1".into()),
            ("nesting serde_json refuses", deep(127)),
        ];
        for (name, value) in table {
            let mut events = vec![
                format!(r#"{{"httpMethod":"GET","unread":{value}}}"#),
                format!(r#"{{"unread":[{{"x":{value}}}],"httpMethod":"GET"}}"#),
            ];
            if value.starts_with('"') {
                events.push(format!(r#"{{{value}:1}}"#));
                events.push(format!(r#"{{"a":{{{value}:1}}}}"#));
            }
            for event in events {
                assert!(!serde_reads(&event), "serde_json reads {name}: {event}");
                assert_eq!(pairs::<true>(&event), Err(Malformed), "{name}: {event}");
            }
        }
    }

    /// Valid JSON near the edges of the grammar: read, as serde_json reads it.
    #[test]
    fn valid_json_near_the_edges_is_read() {
        let deep = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
        let table: &[(&str, String)] = &[
            ("every short escape", r#""\" \\ \/ \b \f \n \r \t""#.into()),
            ("escaped NUL", r#""\u0000""#.into()),
            ("surrogate pair", r#""\ud83d\ude00""#.into()),
            ("upper-case surrogate pair", r#""\uD83D\uDE00""#.into()),
            (
                "escaped and raw non-ASCII",
                "\"\\u00e9 é 😀 \u{7f}\"".into(),
            ),
            ("minus zero", "-0".into()),
            ("fraction and exponent", "-0.5e-3".into()),
            ("capital exponent with sign", "1E+2".into()),
            ("zero with a huge exponent", "0e999999".into()),
            ("underflow to zero", "1e-999999".into()),
            ("largest f64", "1.7976931348623157e308".into()),
            ("300 digits", "9".repeat(300)),
            ("309 digits", format!("1{}", "0".repeat(308))),
            ("a long fraction", format!("0.{}", "1".repeat(5000))),
            (
                "whitespace everywhere",
                "[ \t\r\n1 ,\n{ \"a\" : null } ]".into(),
            ),
            ("empty containers", r#"[{},[],""]"#.into()),
            ("all literals", "[true,false,null]".into()),
            ("nesting serde_json reads", deep(126)),
        ];
        for (name, value) in table {
            let event = format!(r#"{{"httpMethod":"GET","unread":{value}}}"#);
            assert!(serde_reads(&event), "serde_json refuses {name}: {event}");
            let got = pairs::<true>(&event).unwrap_or_else(|_| panic!("{name}: {event}"));
            assert_eq!(got[1], ("unread".to_owned(), value.clone()), "{name}");
            assert_eq!(pairs::<false>(&event).unwrap(), got, "{name}");
        }
    }

    #[test]
    fn special_bytes_are_found_at_every_offset() {
        for len in 0..20 {
            for at in 0..len {
                for special in [b'"', b'\\', 0, b'\n', 0x1f] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    if at + 1 < len {
                        bytes[at + 1] = b'"';
                    }
                    assert_eq!(find_special::<true>(&bytes), Some(at), "{len} {at}");
                    let quote_or_backslash = if special < 0x20 {
                        (at + 1 < len).then_some(at + 1)
                    } else {
                        Some(at)
                    };
                    assert_eq!(find_special::<false>(&bytes), quote_or_backslash);
                }
            }
            for plain in [
                0xffu8, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa0, 0xa2, 0xdc,
            ] {
                assert_eq!(find_special::<true>(&vec![plain; len]), None);
            }
        }
    }

    #[test]
    fn strings_borrow_unless_escaped() {
        assert!(matches!(string(r#""plain""#), Ok(Cow::Borrowed("plain"))));
        assert_eq!(string(r#""a\/b\u00e9""#).unwrap(), "a/bé");
        assert!(string(r#""bad\q""#).is_err());
        assert!(string("\"a\tb\"").is_err());
        assert!(string("5").is_err());
    }
}
