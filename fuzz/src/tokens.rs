//! A lenient lexer for the `mutate` target's edits: where the keys, values and literals of a
//! text are, even when the text is not JSON (any more).

use std::collections::HashMap;
use std::ops::Range;

/// The position of the first byte at or after `pos` that is not whitespace.
pub fn skip_whitespace(text: &[u8], mut pos: usize) -> usize {
    while text.get(pos).is_some_and(|byte| byte.is_ascii_whitespace()) {
        pos += 1;
    }
    pos
}

/// Where the keys, values and literals of a text are, found leniently: strings by their
/// quotes, containers by their brackets, literals as runs of other characters.
#[derive(Default)]
pub struct Tokens {
    /// Keys, quotes included.
    pub keys: Vec<Range<usize>>,
    /// Strings that are not keys, quotes included.
    pub strings: Vec<Range<usize>>,
    /// Every value: strings, containers, literals.
    pub values: Vec<Range<usize>>,
    /// Numbers, `true`, `false`, `null` (and any other bare word).
    pub literals: Vec<Range<usize>>,
    /// Members, from the start of the key to the end of the value.
    pub members: Vec<Range<usize>>,
    /// A member's key, by the member's start.
    pub member_key: HashMap<usize, Range<usize>>,
    /// A member's value end, by the member's start.
    pub member_value_end: HashMap<usize, usize>,
}

impl Tokens {
    pub fn of(text: &[u8]) -> Self {
        let mut tokens = Tokens::default();
        let mut open = Vec::new();
        let mut value_ends = HashMap::new();
        let mut pos = 0;
        while pos < text.len() {
            match text[pos] {
                b'"' => {
                    let mut end = pos + 1;
                    while end < text.len() && text[end] != b'"' {
                        end += if text[end] == b'\\' { 2 } else { 1 };
                    }
                    let end = (end + 1).min(text.len());
                    if text.get(skip_whitespace(text, end)) == Some(&b':') {
                        tokens.keys.push(pos..end);
                    } else {
                        tokens.strings.push(pos..end);
                        tokens.values.push(pos..end);
                        value_ends.insert(pos, end);
                    }
                    pos = end;
                }
                b'{' | b'[' => {
                    open.push(pos);
                    pos += 1;
                }
                b'}' | b']' => {
                    if let Some(start) = open.pop() {
                        tokens.values.push(start..pos + 1);
                        value_ends.insert(start, pos + 1);
                    }
                    pos += 1;
                }
                b':' | b',' => pos += 1,
                byte if byte.is_ascii_whitespace() => pos += 1,
                _ => {
                    let start = pos;
                    while pos < text.len()
                        && !matches!(text[pos], b'"' | b'{' | b'[' | b'}' | b']' | b':' | b',')
                        && !text[pos].is_ascii_whitespace()
                    {
                        pos += 1;
                    }
                    tokens.literals.push(start..pos);
                    tokens.values.push(start..pos);
                    value_ends.insert(start, pos);
                }
            }
        }
        for key in &tokens.keys {
            let colon = skip_whitespace(text, key.end);
            let value = skip_whitespace(text, colon + 1);
            if let Some(&end) = value_ends.get(&value) {
                tokens.members.push(key.start..end);
                tokens.member_key.insert(key.start, key.clone());
                tokens.member_value_end.insert(key.start, end);
            }
        }
        tokens
    }
}

impl Tokens {
    /// The values of the members named `key` (as written, unescaped), at any depth.
    pub fn values_of(&self, text: &[u8], key: &str) -> Vec<Range<usize>> {
        let quoted = serde_json::to_vec(key).expect("a string");
        self.members
            .iter()
            .filter(|member| text[self.member_key[&member.start].clone()] == quoted[..])
            .map(|member| {
                let key = &self.member_key[&member.start];
                let value = skip_whitespace(text, skip_whitespace(text, key.end) + 1);
                value..member.end
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lexer_finds_keys_values_and_members() {
        let text = br#"{"a": [1, "x"], "b\"": {"c": null}, "d": tru}"#;
        let tokens = Tokens::of(text);
        let show = |ranges: &[Range<usize>]| -> Vec<String> {
            ranges
                .iter()
                .map(|r| String::from_utf8_lossy(&text[r.clone()]).into_owned())
                .collect()
        };
        assert_eq!(
            show(&tokens.keys),
            [r#""a""#, r#""b\"""#, r#""c""#, r#""d""#]
        );
        assert_eq!(show(&tokens.literals), ["1", "null", "tru"]);
        assert_eq!(
            show(&tokens.members),
            [
                r#""a": [1, "x"]"#,
                r#""b\"": {"c": null}"#,
                r#""c": null"#,
                r#""d": tru"#
            ]
        );
    }
}
