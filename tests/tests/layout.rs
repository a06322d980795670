//! The runtime crate's layout rules (README, "Architecture"), checked on its source:
//!
//! 1. each stage folder imports only from the stages before it;
//! 2. within a folder no two files import each other, directly or through others;
//! 3. a folder's `mod.rs` only declares its files and re-exports their names;
//! 4. code names other stages by their folder (`crate::router::Api`), not through the facade
//!    (`crate::Api`), so every edge is visible to rules 1 and 2.
//!
//! Doc comments, comments and `#[cfg(test)]` modules are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The stages, in the one order imports may follow.
const STAGES: [&str; 6] = [
    "event", "response", "request", "router", "describe", "serve",
];

struct File {
    folder: &'static str,
    name: String,
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src")
}

/// The code of a file without comments and without its test module.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn files() -> Vec<File> {
    let mut files = Vec::new();
    for entry in fs::read_dir(src()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let folder_name = path.file_name().unwrap().to_str().unwrap().to_owned();
            let folder = *STAGES
                .iter()
                .find(|stage| **stage == folder_name)
                .unwrap_or_else(|| panic!("`{folder_name}/` is not one of the stages {STAGES:?}"));
            for file in fs::read_dir(&path).unwrap() {
                let file = file.unwrap().path();
                let name = file.file_stem().unwrap().to_str().unwrap().to_owned();
                let text = fs::read_to_string(&file).unwrap();
                files.push(File {
                    folder,
                    name,
                    code: code_of(&text),
                });
            }
        } else {
            let name = path.file_name().unwrap().to_str().unwrap();
            assert_eq!(
                name, "lib.rs",
                "`{name}` belongs in the folder of its stage"
            );
        }
    }
    files
}

/// Every path that starts with `start` (`crate` or `super`) in `code`, as its segments after
/// it: `use crate::{a::B, c}` gives `[a, B]` and `[c]`.
fn paths(code: &str, start: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let pattern = format!("{start}::");
    let mut rest = code;
    while let Some(at) = rest.find(&pattern) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + pattern.len()..];
        rest = after;
        if matches!(before, Some(c) if c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                found.push(segments(item.trim()));
            }
        } else {
            found.push(segments(after));
        }
    }
    found.retain(|segments| !segments.is_empty());
    found
}

fn segments(path: &str) -> Vec<String> {
    let end = path
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '*'))
        .unwrap_or(path.len());
    path[..end]
        .split("::")
        .filter(|segment| !segment.is_empty())
        .map(str::to_owned)
        .collect()
}

fn rank(stage: &str) -> usize {
    STAGES.iter().position(|s| *s == stage).unwrap()
}

#[test]
fn stages_import_only_earlier_stages_and_files_form_no_cycle() {
    let files = files();
    assert!(files.len() > 20, "read {} files", files.len());
    let mut problems = Vec::new();
    let mut edges: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let here = format!("{}/{}.rs", file.folder, file.name);
        let siblings: BTreeSet<&str> = files
            .iter()
            .filter(|other| other.folder == file.folder && other.name != "mod")
            .map(|other| other.name.as_str())
            .collect();
        if file.name == "mod" {
            for statement in file.code.split(';').map(str::trim) {
                // Attributes (`#[cfg_attr(...)]`) belong to the statement they precede.
                let mut statement = statement;
                while statement.starts_with("#[") {
                    let end = statement.find(']').map_or(statement.len(), |at| at + 1);
                    statement = statement[end..].trim_start();
                }
                let declaration = statement.is_empty()
                    || [
                        "mod ",
                        "pub mod ",
                        "pub(crate) mod ",
                        "pub use ",
                        "pub(crate) use ",
                    ]
                    .iter()
                    .any(|start| statement.starts_with(start));
                if !declaration {
                    problems.push(format!(
                        "{here}: `{statement}`: a mod.rs only declares files and re-exports"
                    ));
                }
            }
            continue;
        }
        for path in paths(&file.code, "crate") {
            let first = path[0].as_str();
            if first == "__private" {
                continue;
            }
            let Some(stage) = STAGES.iter().find(|stage| **stage == first) else {
                problems.push(format!(
                    "{here}: `crate::{}` goes through the facade; name the stage",
                    path.join("::")
                ));
                continue;
            };
            if *stage == file.folder {
                match path.get(1).filter(|name| siblings.contains(name.as_str())) {
                    Some(sibling) => {
                        edges.entry((file.folder, file.name.as_str())).or_default().insert(sibling.clone());
                    }
                    None => problems.push(format!("{here}: `crate::{}`: within a stage, import the file (`super::file::Item`)", path.join("::"))),
                }
            } else if rank(stage) > rank(file.folder) {
                problems.push(format!(
                    "{here}: `crate::{}`: the {} stage comes after the {} stage",
                    path.join("::"),
                    stage,
                    file.folder
                ));
            }
        }
        for path in paths(&file.code, "super") {
            // `super::Item` inside an inline module names this file's own items.
            if siblings.contains(path[0].as_str()) && path[0] != file.name {
                edges
                    .entry((file.folder, file.name.as_str()))
                    .or_default()
                    .insert(path[0].clone());
            }
        }
    }
    // A cycle among the files of one folder: depth-first search for a back edge.
    for stage in STAGES {
        let names: Vec<&str> = files
            .iter()
            .filter(|f| f.folder == stage)
            .map(|f| f.name.as_str())
            .collect();
        let mut state: BTreeMap<&str, u8> = BTreeMap::new();
        fn visit<'a>(
            stage: &'a str,
            name: &'a str,
            edges: &'a BTreeMap<(&'a str, &'a str), BTreeSet<String>>,
            state: &mut BTreeMap<&'a str, u8>,
            trail: &mut Vec<&'a str>,
            problems: &mut Vec<String>,
        ) {
            match state.get(name) {
                Some(1) => {
                    let from = trail.iter().position(|n| *n == name).unwrap();
                    problems.push(format!(
                        "{stage}/: the files {:?} import each other",
                        &trail[from..]
                    ));
                    return;
                }
                Some(_) => return,
                None => {}
            }
            state.insert(name, 1);
            trail.push(name);
            if let Some(targets) = edges.get(&(stage, name)) {
                for target in targets {
                    visit(stage, target, edges, state, trail, problems);
                }
            }
            trail.pop();
            state.insert(name, 2);
        }
        for name in names {
            visit(
                stage,
                name,
                &edges,
                &mut state,
                &mut Vec::new(),
                &mut problems,
            );
        }
    }
    assert!(
        problems.is_empty(),
        "layout rules broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_imports_in_every_form() {
    let code = code_of("use crate::{router::Api, event};\n// use crate::serve;\nlet x = crate::response::Json(1); $crate::Y; super::sib::Z;\n#[cfg(test)]\nmod tests { use crate::serve; }");
    assert_eq!(
        paths(&code, "crate"),
        [
            vec!["router", "Api"],
            vec!["event"],
            vec!["response", "Json"]
        ]
    );
    assert_eq!(paths(&code, "super"), [vec!["sib", "Z"]]);
}
