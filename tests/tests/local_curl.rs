//! The local server, spoken to by a real HTTP client (`curl`) on 127.0.0.1: several
//! `Set-Cookie` headers reach it, and so do a multipart upload, a form post and a redirect
//! that it can follow.
#![cfg(debug_assertions)]

use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use gatewright::cookies::Cookie;
use gatewright::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

#[route(GET, "/login")]
fn login(jar: CookieJar) -> (CookieJar, &'static str) {
    let jar = jar
        .add(Cookie::build(("session", "s1")).http_only(true).path("/"))
        .add(Cookie::new("theme", "dark"));
    (jar, "welcome")
}

#[route(GET, "/whoami")]
fn whoami(#[cookie] session: Option<String>, #[cookie] theme: Option<String>) -> Json<Value> {
    Json(json!({ "session": session, "theme": theme }))
}

#[route(POST, "/upload")]
fn upload(multipart: Multipart) -> Result<Json<Value>, gatewright::Rejection> {
    let title = multipart.text("title")?.map(str::to_owned);
    let file = multipart.get("file");
    Ok(Json(json!({
        "title": title,
        "file": file.and_then(|f| f.file_name()),
        "bytes": file.map(|f| f.bytes().len()),
        "sum": file.map(|f| f.bytes().iter().map(|&b| u64::from(b)).sum::<u64>()),
    })))
}

#[derive(Deserialize)]
struct Note {
    text: String,
}

#[route(POST, "/notes")]
fn create(base: BaseUrl, Form(input): Form<Note>) -> Redirect {
    Redirect::to(base.join(gatewright::uri!(note(text = input.text))))
}

#[route(GET, "/note")]
fn note(#[query] text: String) -> String {
    format!("note: {text}")
}

const PATIENCE: Duration = Duration::from_secs(20);

fn curl(args: &[&str]) -> String {
    let output = Command::new("curl")
        .args(["-s", "--max-time", "10"])
        .args(args)
        .output()
        .expect("curl is installed (CI installs it)");
    assert!(output.status.success(), "curl {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn curl_gets_every_cookie_uploads_a_file_and_follows_a_redirect() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // This test binary's only test: nothing else reads the environment.
    std::env::set_var("PORT", port.to_string());
    std::env::remove_var("AWS_LAMBDA_RUNTIME_API");
    std::thread::spawn(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let api = gatewright::api!(login, whoami, upload, create, note);
        let _ = runtime.block_on(gatewright::serve(api));
    });
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < PATIENCE, "the server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let base = format!("http://127.0.0.1:{port}");

    // Two `Set-Cookie` headers, then sent back by curl's cookie engine.
    let jar = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cookies-{port}.txt"));
    let jar = jar.to_str().unwrap();
    let head = curl(&[
        "-D",
        "-",
        "-o",
        "/dev/null",
        "-c",
        jar,
        &format!("{base}/login"),
    ]);
    let set: Vec<&str> = head
        .lines()
        .filter(|line| line.to_ascii_lowercase().starts_with("set-cookie:"))
        .collect();
    assert_eq!(set.len(), 2, "{head}");
    assert!(head.contains("session=s1; HttpOnly; Path=/"), "{head}");
    let whoami: Value =
        serde_json::from_str(&curl(&["-b", jar, &format!("{base}/whoami")])).unwrap();
    assert_eq!(whoami, json!({ "session": "s1", "theme": "dark" }));

    // A multipart upload of a binary file.
    let file = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("upload-{port}.bin"));
    let bytes: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    std::fs::write(&file, &bytes).unwrap();
    let upload: Value = serde_json::from_str(&curl(&[
        "-F",
        "title=Holidays",
        "-F",
        &format!("file=@{};filename=photo.bin", file.display()),
        &format!("{base}/upload"),
    ]))
    .unwrap();
    let sum: u64 = bytes.iter().map(|&b| u64::from(b)).sum();
    assert_eq!(
        upload,
        json!({ "title": "Holidays", "file": "photo.bin", "bytes": 100_000, "sum": sum })
    );

    // A form post answered with `303 See Other`, which curl follows with a `GET`.
    let followed = curl(&["-L", "-d", "text=hi+there", &format!("{base}/notes")]);
    assert_eq!(followed, "note: hi there");
    let status = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{http_code} %{redirect_url}",
        "-d",
        "text=x",
        &format!("{base}/notes"),
    ]);
    assert_eq!(status, format!("303 {base}/note?text=x"));
    // A post that is not a form: `415`, and the server goes on.
    let status = curl(&[
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-H",
        "content-type: application/json",
        "-d",
        "{}",
        &format!("{base}/notes"),
    ]);
    assert_eq!(status, "415");
    let _ = std::fs::remove_file(file);
}
