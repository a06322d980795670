//! Raw query strings (`a=1&b=x+y&a=%C3%A9`), read only for the names handlers ask for.

use std::borrow::Cow;

use super::percent::decode_component;

/// A query string component that isn't valid percent-encoded UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadComponent(pub String);

/// Every value of `name` in `query`, decoded, in order. A name without `=` has the value `""`.
pub fn values<'a>(query: &Cow<'a, str>, name: &str) -> Result<Vec<Cow<'a, str>>, BadComponent> {
    let mut values = Vec::new();
    let text: &str = query;
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        // Without `=` the value is the empty slice at the end of the pair, so it still lies
        // inside `query` and can be borrowed from it.
        let (key, value) = pair.split_once('=').unwrap_or((pair, &pair[pair.len()..]));
        if decode_component(key).ok_or_else(|| BadComponent(pair.to_owned()))? != name {
            continue;
        }
        let decoded = decode_component(value).ok_or_else(|| BadComponent(pair.to_owned()))?;
        values.push(match (decoded, query) {
            (Cow::Borrowed(_), Cow::Borrowed(whole)) => {
                let start = value.as_ptr() as usize - text.as_ptr() as usize;
                Cow::Borrowed(&whole[start..start + value.len()])
            }
            (decoded, _) => Cow::Owned(decoded.into_owned()),
        });
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_decoded_and_borrowed_when_plain() {
        let query: Cow<str> = Cow::Borrowed("a=1&b=x+y&a=%C3%A9&c&a=&d=%2B");
        let a = values(&query, "a").unwrap();
        assert_eq!(a, ["1", "é", ""]);
        assert!(matches!(a[0], Cow::Borrowed("1")));
        assert_eq!(values(&query, "b").unwrap(), ["x y"]);
        assert_eq!(values(&query, "c").unwrap(), [""]);
        assert_eq!(values(&query, "d").unwrap(), ["+"]);
        assert!(values(&query, "z").unwrap().is_empty());
        assert!(values(&Cow::Borrowed("a=%zz"), "a").is_err());
    }
}
