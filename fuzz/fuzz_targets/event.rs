//! Any bytes as an event: served by an API with every kind of route and layer, the answer is
//! a JSON object with a `statusCode`; read as a request, every accessor answers. Never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    gatewright_fuzz::check::serve(bytes);
    gatewright_fuzz::check::read(bytes);
});
