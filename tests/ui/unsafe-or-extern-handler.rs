use gatewright::prelude::*;

#[route(GET, "/raw")]
unsafe fn raw() -> String {
    String::new()
}

#[route(GET, "/ffi")]
extern "C" fn ffi() -> u16 {
    204
}

fn main() {
    let _ = gatewright::api!(raw, ffi);
}
