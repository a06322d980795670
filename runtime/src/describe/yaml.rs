//! A JSON value written as block-style YAML, for the SAM template: small enough to write here
//! rather than add a YAML library. Strings are plain where YAML reads them back as the same
//! string, and JSON-quoted otherwise (a JSON string is a valid YAML double-quoted scalar).

use serde_json::Value;

/// `value` as YAML; object keys in `order` come first, in that order, the others after them
/// in the order the object has them.
pub fn to_yaml(value: &Value, order: &[&str]) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(map, 0, order, &mut out),
        Value::Array(items) if !items.is_empty() => write_seq(items, 0, order, &mut out),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn is_block(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

fn ordered<'a>(
    map: &'a serde_json::Map<String, Value>,
    order: &[&str],
) -> Vec<(&'a String, &'a Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by_key(|(key, _)| {
        order
            .iter()
            .position(|known| known == key)
            .unwrap_or(order.len())
    });
    entries
}

fn write_map(
    map: &serde_json::Map<String, Value>,
    indent: usize,
    order: &[&str],
    out: &mut String,
) {
    for (key, value) in ordered(map, order) {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(&scalar_string(key));
        out.push(':');
        write_value(value, indent, order, out);
    }
}

fn write_seq(items: &[Value], indent: usize, order: &[&str], out: &mut String) {
    for item in items {
        out.extend(std::iter::repeat_n(' ', indent));
        out.push('-');
        match item {
            Value::Object(map) if !map.is_empty() => {
                // The first entry on the dash's line, the others under it.
                let mut nested = String::new();
                write_map(map, indent + 2, order, &mut nested);
                out.push(' ');
                out.push_str(&nested[indent + 2..]);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push('\n');
                write_seq(items, indent + 2, order, out);
            }
            scalar => {
                out.push(' ');
                out.push_str(&inline(scalar));
                out.push('\n');
            }
        }
    }
}

/// After `key:`: a scalar on the same line, or a block on the next lines.
fn write_value(value: &Value, indent: usize, order: &[&str], out: &mut String) {
    if !is_block(value) {
        out.push(' ');
        out.push_str(&inline(value));
        out.push('\n');
        return;
    }
    out.push('\n');
    match value {
        Value::Object(map) => write_map(map, indent + 2, order, out),
        Value::Array(items) => write_seq(items, indent + 2, order, out),
        _ => unreachable!("only blocks reach here"),
    }
}

fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_string(s),
        Value::Object(_) => "{}".to_owned(),
        Value::Array(_) => "[]".to_owned(),
    }
}

/// Plain when it's made of safe characters, starts with a letter or `/`, and isn't a word
/// YAML 1.1 reads as a boolean or null; JSON-quoted otherwise.
fn scalar_string(text: &str) -> String {
    let safe = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-' | ':'))
        && !text.ends_with(':')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if safe {
        text.to_owned()
    } else {
        Value::from(text).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_block_yaml() {
        let value = json!({
            "b": [1, "two", { "x": "/a/{b}", "y": [] }, ["nested"]],
            "a": { "Fn::Sub": "arn:${AWS::Region}", "empty": {} },
            "quoted": ["yes", "2010-09-09", "", "a b", "x: y", "café"],
        });
        assert_eq!(
            to_yaml(&value, &["quoted", "a"]),
            "quoted:\n  - \"yes\"\n  - \"2010-09-09\"\n  - \"\"\n  - \"a b\"\n  - \"x: y\"\n  - \"café\"\n\
             a:\n  Fn::Sub: \"arn:${AWS::Region}\"\n  empty: {}\n\
             b:\n  - 1\n  - two\n  - x: \"/a/{b}\"\n    \"y\": []\n  -\n    - nested\n"
        );
    }
}
