use std::cell::RefCell;
use std::rc::Rc;

use gatewright::prelude::*;

async fn lookup() -> u64 {
    7
}

#[route(GET, "/count")]
async fn count() -> String {
    let cache = Rc::new(RefCell::new(0));
    let value = lookup().await;
    *cache.borrow_mut() += value;
    let total = *cache.borrow();
    total.to_string()
}

fn api() -> impl Api {
    gatewright::api!(count)
}

fn main() {
    let _ = api();
}
