//! Embeds the events of `tests/fixtures` (every `*.json` under it) as the seeds the `mutate`
//! target edits, so that a new fixture is a new seed without a change here.

use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .canonicalize()
        .expect("tests/fixtures");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut out = String::from(
        "/// The events of `tests/fixtures`, by their path under it.\n\
         pub static SEEDS: &[(&str, &[u8])] = &[\n",
    );
    for file in files {
        let name = file.strip_prefix(&root).expect("under the root").display();
        out += &format!(
            "    ({:?}, include_bytes!({:?})),\n",
            name.to_string(),
            file
        );
    }
    out += "];\n";
    let dest = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("seeds.rs");
    fs::write(dest, out).expect("seeds.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
}
