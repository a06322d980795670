use gatewright::prelude::*;

struct Config {
    table: String,
}

#[route(GET, "/table")]
fn table(config: State<Config>) -> String {
    config.table.clone()
}

gatewright::main!(table);
