// The example API. `cargo run -p hello` serves it on http://127.0.0.1:3000; built for Lambda
// (`cargo lambda build --release`), the same binary serves API Gateway proxy events.

#[path = "routes.rs"]
mod routes;

gatewright::main!(
    routes::hello,
    routes::hello_name,
    routes::user,
    routes::stage,
    routes::proxy
);
