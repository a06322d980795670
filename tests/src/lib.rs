//! Tests of gatewright live in `tests/`; this library only runs the README's examples.

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
