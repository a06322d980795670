//! Real events (`tests/fixtures`) edited in ways that keep most of their shape (see
//! `gatewright_fuzz::mutation`), then the checks of the `event` target: served, the answer is
//! a JSON object with a `statusCode`; read as a request, every accessor answers.

#![no_main]

use gatewright_fuzz::mutation::Plan;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|plan: Plan| {
    let bytes = plan.apply();
    gatewright_fuzz::check::serve(&bytes);
    gatewright_fuzz::check::read(&bytes);
});
