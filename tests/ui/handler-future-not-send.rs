use std::cell::RefCell;
use std::rc::Rc;

use gatewright::prelude::*;

async fn lookup() -> u64 {
    7
}

// An `Rc` held across `.await`.
#[route(GET, "/count")]
async fn count() -> String {
    let cache = Rc::new(RefCell::new(0));
    let value = lookup().await;
    *cache.borrow_mut() += value;
    let total = *cache.borrow();
    total.to_string()
}

// A `RefCell` guard held across `.await`.
#[route(GET, "/hits")]
async fn hits() -> String {
    let cell: &'static RefCell<u64> = Box::leak(Box::new(RefCell::new(0)));
    let mut guard = cell.borrow_mut();
    *guard += lookup().await;
    guard.to_string()
}

fn api() -> impl Api {
    gatewright::api!(count, hits)
}

fn main() {
    let _ = api();
}
