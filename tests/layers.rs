//! The core's modules depend on each other one way: each imports only modules below it in
//! [`LAYERS`], so no module imports a module that imports it. The order is the one `lib.rs`'s
//! module map and DEVELOPERS.md describe.

use std::collections::BTreeSet;

/// From the bottom up. A module may import (`crate::name`) only modules before it.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "lists, authorities, errors and the table of checks",
        &["list", "authority", "error", "check"],
    ),
    (
        "values: the accept key, the policy, the response builder, HTTP/2 settings",
        &["accept", "policy", "response", "settings"],
    ),
    (
        "the decision and its builders (reject, a plain 101)",
        &["outcome"],
    ),
    ("the head parser", &["head"]),
    (
        "the protocol modules",
        &["deflate", "h2c", "tls", "websocket", "upgrade"],
    ),
    ("the entry points", &["server", "client"]),
    ("the JSON shape and the npm binding", &["json", "wasm"]),
];

/// The modules a source file names as `crate::module`, outside comments.
fn imports(source: &str, modules: &BTreeSet<&str>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            // `crate::{a, b::c}` names several.
            let names: Vec<&str> = if let Some(list) = rest.strip_prefix('{') {
                let end = list.find('}').unwrap_or(list.len());
                list[..end]
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or("").trim())
                    .collect()
            } else {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                vec![&rest[..end]]
            };
            for n in names {
                if modules.contains(n) {
                    found.insert(n.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn every_module_imports_only_modules_below_it() {
    let order: Vec<&str> = LAYERS.iter().flat_map(|(_, m)| m.iter().copied()).collect();
    let modules: BTreeSet<&str> = order.iter().copied().collect();
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(src).expect("src/") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if name != "lib" {
                on_disk.insert(name);
            }
        }
    }
    let listed: BTreeSet<String> = modules.iter().map(|m| m.to_string()).collect();
    assert_eq!(on_disk, listed, "LAYERS must name every module of src/");

    let mut wrong = Vec::new();
    for (i, module) in order.iter().enumerate() {
        let source = std::fs::read_to_string(format!("{src}/{module}.rs")).expect("source");
        for dep in imports(&source, &modules) {
            let j = order.iter().position(|m| *m == dep).unwrap();
            if j >= i && dep != *module {
                wrong.push(format!("{module} imports {dep}, which is not below it"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_import_reader_sees_grouped_and_nested_paths() {
    let modules: BTreeSet<&str> = ["server", "tls", "websocket", "head"].into();
    let found = imports(
        "use crate::{tls, websocket::negotiate};\nlet x = crate::head::parse(); // crate::server",
        &modules,
    );
    let want: BTreeSet<String> = ["tls", "websocket", "head"].map(String::from).into();
    assert_eq!(found, want);
}
