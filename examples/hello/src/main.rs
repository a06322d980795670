// The example API. `cargo run -p hello` serves it on http://127.0.0.1:3000 and also serves API
// Gateway proxy events when started by Lambda; the release build for Lambda
// (`cargo lambda build --release`) serves only those.

mod routes;

gatewright::main!(
    routes::hello,
    routes::hello_name,
    routes::user,
    routes::stage,
    routes::proxy
);
