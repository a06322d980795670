//! What the optional body extractors (`Form<T>`, `Multipart`), redirects and cookie jars
//! say about themselves in the route table and the OpenAPI document.

#[cfg(feature = "cookies")]
use http::StatusCode;
#[cfg(any(feature = "forms", feature = "multipart"))]
use serde_json::json;

#[cfg(any(feature = "forms", feature = "multipart"))]
use super::request_doc::{BodyDoc, DescribeRequest};
use super::response_doc::DescribeResponse;
use crate::response::Redirect;
use crate::router::{ResponseDoc, Schemas};

/// A form body described by `T`'s schema, under its media type.
#[cfg(feature = "forms")]
impl<T: super::schema::Describe> DescribeRequest for crate::request::Form<T> {
    fn body(schemas: &mut Schemas) -> Option<BodyDoc> {
        Some(BodyDoc::new(
            crate::request::FORM_URLENCODED,
            T::schema_in(schemas),
            true,
        ))
    }
}

/// A multipart body: named fields, each text or a file.
#[cfg(feature = "multipart")]
impl DescribeRequest for crate::request::Multipart {
    fn body(_: &mut Schemas) -> Option<BodyDoc> {
        Some(BodyDoc::new(
            crate::request::MULTIPART_FORM_DATA,
            json!({
                "type": "object",
                "additionalProperties": { "type": "string", "format": "binary" },
            }),
            true,
        ))
    }
}

/// A `3xx` with a `Location` and no body; which one is chosen at run time.
impl DescribeResponse for Redirect {
    fn responses(_: &mut Schemas) -> Vec<ResponseDoc> {
        vec![ResponseDoc::empty(None)]
    }
}

/// Cookies set next to a body are headers: the body's responses.
#[cfg(feature = "cookies")]
macro_rules! jar_responses {
    ($($jar:ty),*) => {$(
        impl<T: DescribeResponse> DescribeResponse for ($jar, T) {
            fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
                T::responses(schemas)
            }
        }

        impl<T: DescribeResponse> DescribeResponse for (StatusCode, $jar, T) {
            fn responses(schemas: &mut Schemas) -> Vec<ResponseDoc> {
                <(StatusCode, T)>::responses(schemas)
            }
        }
    )*};
}

#[cfg(feature = "cookies")]
jar_responses!(crate::response::CookieJar);
#[cfg(feature = "signed-cookies")]
jar_responses!(crate::response::SignedCookieJar);
#[cfg(feature = "private-cookies")]
jar_responses!(crate::response::PrivateCookieJar);

/// A form body whose type has no schema: its media type, and any object.
#[cfg(feature = "forms")]
impl<T> super::probe::RequestJson for &super::probe::Probe<crate::request::Form<T>> {
    fn request(&self, _: &mut Schemas) -> crate::router::Described {
        crate::router::Described::Arg(crate::router::ArgDoc {
            schema: json!({ "type": "object" }),
            required: true,
            body: Some(crate::request::FORM_URLENCODED),
            validated: false,
        })
    }
}
