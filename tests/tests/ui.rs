//! Every compile error the macros can raise, with the message and span the user sees.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("ui/*.rs");
}
