//! What `main!`/`api!` accept as handlers: names that are also standard macros, a private
//! handler listed in its own module, handlers of the same name in different modules.

use gatewright::testing::TestClient;

/// Handlers named like the standard library's macros, in a module whose own code still uses
/// those macros (the point is to call them, hence the uses clippy would simplify).
#[allow(clippy::useless_vec, clippy::useless_format)]
mod std_names {
    use gatewright::prelude::*;

    #[route(GET, "/line")]
    pub fn line() -> String {
        format!("line {}", line!() > 0)
    }

    #[route(GET, "/file")]
    pub fn file() -> &'static str {
        concat!("file", "!")
    }

    #[route(GET, "/vec")]
    pub fn vec() -> String {
        let items = vec![1, 2, 3];
        format!("vec {}", items.len())
    }

    #[route(GET, "/concat")]
    pub fn concat() -> String {
        concat!("con", "cat").to_owned()
    }

    #[route(GET, "/env")]
    pub fn env() -> &'static str {
        env!("CARGO_PKG_NAME")
    }

    #[route(GET, "/format")]
    pub fn format() -> String {
        format!("{}", stringify!(format))
    }

    #[route(GET, "/assert")]
    pub fn assert() -> &'static str {
        assert!(file!().ends_with(".rs"));
        "assert"
    }
}

/// A handler that isn't `pub`, listed where it can be named: its own module.
mod private {
    use gatewright::prelude::*;

    #[route(GET, "/private")]
    fn hidden() -> &'static str {
        "private"
    }

    pub fn api() -> impl gatewright::Api {
        gatewright::api!(hidden)
    }
}

mod a {
    use gatewright::prelude::*;

    #[route(GET, "/a/item")]
    pub fn get_item() -> &'static str {
        "a"
    }
}

mod b {
    use gatewright::prelude::*;

    #[route(GET, "/b/item")]
    pub fn get_item() -> &'static str {
        "b"
    }
}

#[test]
fn handlers_named_like_standard_macros_are_routes() {
    let client = TestClient::new(gatewright::api!(
        std_names::line,
        std_names::file,
        std_names::vec,
        std_names::concat,
        std_names::env,
        std_names::format,
        std_names::assert,
    ));
    let table = [
        ("/line", "line true"),
        ("/file", "file!"),
        ("/vec", "vec 3"),
        ("/concat", "concat"),
        ("/env", "gatewright-tests"),
        ("/format", "format"),
        ("/assert", "assert"),
    ];
    for (path, expected) in table {
        assert_eq!(client.get(path).send().text(), expected, "{path}");
    }
}

#[test]
fn a_private_handler_listed_in_its_own_module() {
    let client = TestClient::new(private::api());
    assert_eq!(client.get("/private").send().text(), "private");
}

#[test]
fn handlers_of_one_name_in_two_modules() {
    let client = TestClient::new(gatewright::api!(a::get_item, b::get_item));
    assert_eq!(client.get("/a/item").send().text(), "a");
    assert_eq!(client.get("/b/item").send().text(), "b");
}
