//! The log lines `run` writes: one line per event on stdout, every line carrying the fields of
//! the spans it happened in (the Lambda request id, the local server's request id).
//!
//! A `tracing` subscriber of a few dozen lines rather than `tracing-subscriber`'s: a Lambda
//! function needs a level and a line format, and the general-purpose one costs a fifth of the
//! binary and most of the time from exec to the first response (see `BENCHMARKS.md`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Installs the logger unless the program set up its own subscriber: the level from
/// `AWS_LAMBDA_LOG_LEVEL` or `RUST_LOG` (`info` otherwise), JSON lines when
/// `AWS_LAMBDA_LOG_FORMAT=JSON` (Lambda's own setting), text otherwise.
pub fn init() {
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let level = std::env::var("AWS_LAMBDA_LOG_LEVEL")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|level| level.trim().parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::INFO);
    let json = std::env::var("AWS_LAMBDA_LOG_FORMAT")
        .is_ok_and(|format| format.eq_ignore_ascii_case("json"));
    let logger = Logger {
        level,
        json,
        next_id: AtomicU64::new(1),
        spans: Mutex::new(HashMap::new()),
    };
    // Another subscriber set up meanwhile is not an error: keep it.
    let _ = tracing::dispatcher::set_global_default(tracing::Dispatch::new(logger));
}

struct Logger {
    level: LevelFilter,
    json: bool,
    next_id: AtomicU64,
    /// Each open span's fields, already formatted, and how many handles it has.
    spans: Mutex<HashMap<u64, (String, usize)>>,
}

thread_local! {
    /// The spans entered on this thread, innermost last.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

impl Logger {
    fn fields(&self) -> Fields {
        Fields {
            json: self.json,
            out: String::new(),
            message: String::new(),
        }
    }
}

impl Subscriber for Logger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.level >= *metadata.level()
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(self.level)
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = self.fields();
        span.record(&mut fields);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut spans) = self.spans.lock() {
            spans.insert(id, (fields.out, 1));
        }
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut fields = self.fields();
        values.record(&mut fields);
        if let Ok(mut spans) = self.spans.lock() {
            if let Some((existing, _)) = spans.get_mut(&span.into_u64()) {
                existing.push_str(&fields.out);
            }
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = self.fields();
        event.record(&mut fields);
        let mut context = String::new();
        ENTERED.with(|entered| {
            if let Ok(spans) = self.spans.lock() {
                for id in entered.borrow().iter() {
                    if let Some((span_fields, _)) = spans.get(id) {
                        context.push_str(span_fields);
                    }
                }
            }
        });
        let level = event.metadata().level();
        let line = if self.json {
            let mut line = format!("{{\"level\":\"{level}\",\"message\":");
            push_json_string(&mut line, &fields.message);
            line.push_str(&context);
            line.push_str(&fields.out);
            line.push_str("}\n");
            line
        } else {
            let context = context.trim_start();
            let separator = if context.is_empty() { "" } else { ": " };
            format!(
                "{level:>5} {context}{separator}{}{}\n",
                fields.message, fields.out
            )
        };
        let _ = std::io::stdout().lock().write_all(line.as_bytes());
    }

    fn enter(&self, span: &Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.into_u64()));
    }

    fn exit(&self, span: &Id) {
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(position) = entered.iter().rposition(|id| *id == span.into_u64()) {
                entered.remove(position);
            }
        });
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Ok(mut spans) = self.spans.lock() {
            if let Some((_, handles)) = spans.get_mut(&span.into_u64()) {
                *handles += 1;
            }
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let Ok(mut spans) = self.spans.lock() else {
            return false;
        };
        let id = span.into_u64();
        match spans.get_mut(&id) {
            Some((_, handles)) if *handles > 1 => {
                *handles -= 1;
                false
            }
            Some(_) => {
                spans.remove(&id);
                true
            }
            None => false,
        }
    }
}

/// Formats fields as ` name=value` (text) or `,"name":"value"` (JSON); the `message` field
/// apart.
struct Fields {
    json: bool,
    out: String,
    message: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.record(field, value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.record(field, &format!("{value:?}"));
    }
}

impl Fields {
    fn record(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else if self.json {
            self.out.push(',');
            push_json_string(&mut self.out, field.name());
            self.out.push(':');
            push_json_string(&mut self.out, value);
        } else {
            let _ = write!(self.out, " {}={value}", field.name());
        }
    }
}

/// `text` as a JSON string literal.
fn push_json_string(out: &mut String, text: &str) {
    // Serializing a `str` can't fail.
    out.push_str(&serde_json::to_string(text).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    #[test]
    fn levels_filter_events() {
        let logger = Logger {
            level: LevelFilter::WARN,
            json: false,
            next_id: AtomicU64::new(1),
            spans: Mutex::new(HashMap::new()),
        };
        let dispatch = tracing::Dispatch::new(logger);
        tracing::dispatcher::with_default(&dispatch, || {
            assert!(tracing::enabled!(Level::ERROR));
            assert!(tracing::enabled!(Level::WARN));
            assert!(!tracing::enabled!(Level::INFO));
        });
    }

    #[test]
    fn fields_are_formatted_for_text_and_json() {
        for (json, expected) in [(false, " requestId=abc"), (true, ",\"requestId\":\"abc\"")] {
            let logger = Logger {
                level: LevelFilter::INFO,
                json,
                next_id: AtomicU64::new(1),
                spans: Mutex::new(HashMap::new()),
            };
            let dispatch = tracing::Dispatch::new(logger);
            tracing::dispatcher::with_default(&dispatch, || {
                let span = tracing::info_span!("request", requestId = "abc");
                let id = span.id().expect("an enabled span has an id").into_u64();
                let fields = dispatch.downcast_ref::<Logger>().and_then(|logger| {
                    logger
                        .spans
                        .lock()
                        .ok()
                        .and_then(|spans| spans.get(&id).map(|(f, _)| f.clone()))
                });
                assert_eq!(fields.as_deref(), Some(expected));
            });
        }
    }
}
