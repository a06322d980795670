//! `hello routes`: the route table as text, one route a line, like `rails routes`.
//!
//! ```
//! use gatewright::prelude::*;
//!
//! #[route(GET, "/users/<id>")]
//! fn user(id: u64, #[query("page-size")] page_size: Option<u32>) -> String {
//!     format!("{id} {page_size:?}")
//! }
//!
//! let api = gatewright::api!(user);
//! assert_eq!(
//!     gatewright::routes_table::render(api.routes()),
//!     "METHOD  PATH         HANDLER  ARGUMENTS\n\
//!      GET     /users/<id>  user     id: u64 (path), page_size: Option<u32> (query \"page-size\", optional)\n"
//! );
//! ```

use crate::router::{ArgInfo, ArgSource, RouteInfo};

/// The table: a header, then one line per route in the order they are listed, with the
/// methods, the template, the handler, and each argument with its type and source.
pub fn render(routes: &[RouteInfo]) -> String {
    let mut rows = vec![[
        "METHOD".to_owned(),
        "PATH".to_owned(),
        "HANDLER".to_owned(),
        "ARGUMENTS".to_owned(),
    ]];
    for route in routes {
        let args: Vec<String> = route.args().iter().map(argument).collect();
        rows.push([
            route.methods().join("|"),
            route.template().to_owned(),
            handler_name(route, routes),
            args.join(", "),
        ]);
    }
    let widths: Vec<usize> = (0..3)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if column < 3 {
                let pad = widths[column] - cell.chars().count() + 2;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The handler's name, or the path it was listed by when another handler has the same name.
pub(crate) fn handler_name(route: &RouteInfo, routes: &[RouteInfo]) -> String {
    let same_name = routes
        .iter()
        .filter(|other| other.handler() == route.handler())
        .count();
    if same_name > 1 {
        route.listed_as().to_owned()
    } else {
        route.handler().to_owned()
    }
}

/// `id: u64 (path)`, `page_size: Option<u32> (query "page-size", optional)`, `method: Method`.
fn argument(arg: &ArgInfo) -> String {
    let mut text = if arg.binding().is_empty() {
        arg.rust_type().to_owned()
    } else {
        format!("{}: {}", arg.binding(), arg.rust_type())
    };
    let source = arg.source();
    let mut notes = Vec::new();
    match source {
        ArgSource::Other => return text,
        ArgSource::Path => notes.push("path".to_owned()),
        ArgSource::Greedy => notes.push("path, rest".to_owned()),
        ArgSource::Body => notes.push(format!(
            "body {}",
            arg.content_type().unwrap_or("application/octet-stream")
        )),
        _ => {
            let kind = source.as_str();
            if arg.name() == arg.binding() {
                notes.push(kind.to_owned());
            } else {
                notes.push(format!("{kind} \"{}\"", arg.name()));
            }
        }
    }
    if !arg.required() {
        notes.push("optional".to_owned());
    }
    text.push_str(&format!(" ({})", notes.join(", ")));
    text
}
