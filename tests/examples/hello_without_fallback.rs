//! `examples/hello` without its `ANY /<proxy+>` route, so that a method a path doesn't declare
//! is a `405` rather than the fallback's answer: CI runs schemathesis' undeclared-method checks
//! against it (`.ci/artifacts.sh`).

#[allow(dead_code)]
#[path = "../../examples/hello/src/routes.rs"]
mod routes;

gatewright::main!(
    routes::hello,
    routes::hello_name,
    routes::user,
    routes::stage
);
