use gatewright::prelude::*;

#[route(GET, "/sum")]
fn sum(
    #[query] a: u8, #[query] b: u8, #[query] c: u8, #[query] d: u8,
    #[query] e: u8, #[query] f: u8, #[query] g: u8, #[query] h: u8,
    #[query] i: u8, #[query] j: u8, #[query] k: u8, #[query] l: u8,
    #[query] m: u8, #[query] n: u8, #[query] o: u8, #[query] p: u8,
    #[query] q: u8,
) -> String {
    format!("{}", a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q)
}

fn main() {
    let _ = gatewright::api!(sum);
}
