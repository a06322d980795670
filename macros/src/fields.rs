//! Data packed into one string literal as `LEN:TEXT` fields, for what a route's callback hands
//! the router and `uri!`.
//!
//! A route's data crosses the callback chain and every build (every `cargo check`, which runs
//! the macros unoptimized) pays for each token in it: written token by token, read back token
//! by token, carried by every callback it passes. One literal is one token, made and read
//! without the compiler's help; only the tokens whose spans matter stay tokens of their own.

use proc_macro2::{Literal, Span};

use crate::check::Auth;

/// Appends `text` as one field.
pub fn push(out: &mut String, text: &str) {
    push_number(out, text.len());
    out.push(':');
    out.push_str(text);
}

/// Appends a count as one field.
pub fn push_count(out: &mut String, count: usize) {
    let mut digits = String::new();
    push_number(&mut digits, count);
    push(out, &digits);
}

/// Appends a route's `auth` option as the router reads it back (`table::read_entry`) and the
/// route table carries it: its kind (empty, `none` or `scopes`), its count of scopes, each scope.
pub fn push_auth(out: &mut String, auth: &Auth) {
    match auth {
        Auth::Authorizer => {
            push(out, "");
            push(out, "0");
        }
        Auth::None => {
            push(out, "none");
            push(out, "0");
        }
        Auth::Scopes(scopes) => {
            push(out, "scopes");
            push_count(out, scopes.len());
            for scope in scopes {
                push(out, scope);
            }
        }
    }
}

/// Appends `number` in decimal, without the formatting machinery, which an unoptimized build
/// of the macros runs slowly (and the macros write numbers for every route on every build).
pub fn push_number(out: &mut String, number: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = number;
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

/// The fields as a string literal.
pub fn literal(fields: &str) -> Literal {
    Literal::string(fields)
}

/// The fields of a literal that `literal` made, read one at a time.
pub struct Reader {
    text: String,
    at: usize,
    span: Span,
}

impl Reader {
    pub fn new(literal: Literal) -> Reader {
        let span = literal.span();
        let repr = literal.to_string();
        // The text between the quotes when it has no escape (the usual case), else the
        // literal's value as `syn` unescapes it.
        let text = match repr
            .strip_prefix('"')
            .and_then(|rest| rest.strip_suffix('"'))
        {
            Some(text) if !text.contains('\\') => text.to_owned(),
            _ => match syn::Lit::new(literal) {
                syn::Lit::Str(lit) => lit.value(),
                _ => String::new(),
            },
        };
        Reader { text, at: 0, span }
    }

    /// The next field; a field missing or out of place is a bug of ours, reported as such.
    pub fn next(&mut self) -> syn::Result<&str> {
        let rest = &self.text[self.at..];
        let field = rest.split_once(':').and_then(|(len, body)| {
            let len: usize = len.parse().ok()?;
            body.is_char_boundary(len)
                .then_some((rest.len() - body.len(), len))
        });
        let Some((skip, len)) = field else {
            return Err(self.error("a field"));
        };
        let start = self.at + skip;
        self.at = start + len;
        Ok(&self.text[start..self.at])
    }

    fn error(&self, what: &str) -> syn::Error {
        syn::Error::new(
            self.span,
            format!("gatewright could not read {what} of a route's callback; please report this"),
        )
    }

    /// The next field, as a count.
    pub fn count(&mut self) -> syn::Result<usize> {
        let count = self.next()?.parse();
        count.map_err(|_| self.error("a count"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_decimal() {
        for number in [0, 7, 10, 99, 12_345, usize::MAX] {
            let mut out = String::from("x");
            push_number(&mut out, number);
            assert_eq!(out, format!("x{number}"));
        }
    }

    #[test]
    fn fields_read_back() {
        let mut data = String::new();
        for field in ["GET HEAD", "", "naïve: \"quoted\"", "12"] {
            push(&mut data, field);
        }
        let mut reader = Reader::new(literal(&data));
        assert_eq!(reader.next().unwrap(), "GET HEAD");
        assert_eq!(reader.next().unwrap(), "");
        assert_eq!(reader.next().unwrap(), "naïve: \"quoted\"");
        assert_eq!(reader.count().unwrap(), 12);
        assert!(reader.next().is_err());
    }
}
