//! A release build (`cargo test --release`) without the `local` feature: the Lambda function
//! alone. `lambda_runtime.rs` serves events with it; here, asking it for what it left out is a
//! clear error, not a silent exit or a panic.
#![cfg(not(any(debug_assertions, feature = "local")))]

use std::process::Command;

fn run(args: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_hello"))
        .args(args)
        .env_remove("AWS_LAMBDA_RUNTIME_API")
        .env("PORT", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.stdout.is_empty(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code(), stderr)
}

#[test]
fn outside_lambda_it_says_how_to_serve_locally() {
    let (code, stderr) = run(&[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("`AWS_LAMBDA_RUNTIME_API` is not set")
            && stderr.contains("run a debug build (`cargo run`)")
            && stderr.contains("`local` feature"),
        "{stderr}"
    );
}

#[test]
fn subcommands_are_a_usage_error() {
    for subcommand in ["routes", "openapi", "sam"] {
        let (code, stderr) = run(&[subcommand]);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("cannot run \"{subcommand}\""))
                && stderr.contains("serves only Lambda"),
            "{stderr}"
        );
    }
}
