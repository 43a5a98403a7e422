//! Prints the table of the core's fixed checks, the ids of its error codes and the texts of its
//! builder errors as an ES module: `make pkg` writes it to `pkg/gen/checks.js`. The `.wasm`
//! sends a trail's fixed checks and the errors by number; `api.js` looks their texts up here,
//! so they are not in the module.
//!
//! `cargo run --example check_table > pkg/gen/checks.js`

fn main() {
    let mut out = String::from(
        "// Generated from the Rust core by `make pkg` (examples/check_table.rs): do not edit.\n\
         // Row n - 1 is the check the module sends as number n: id, result, section, header, message.\n\
         export default [\n",
    );
    for c in upgrade_handshake::check_catalog() {
        let header = c.header.map_or("null".to_string(), json);
        out.push_str(&format!(
            "  [{}, {}, {}, {}, {}],\n",
            json(c.id),
            json(c.result.as_str()),
            json(c.section),
            header,
            json(&c.message)
        ));
    }
    out.push_str("];\n\n// Row n - 1 is the ErrorCode the module sends as number n: its id.\nexport const ERRORS = [\n");
    for code in upgrade_handshake::ErrorCode::ALL {
        out.push_str(&format!("  {},\n", json(code.as_str())));
    }
    out.push_str("];\n\n// Row n - 1 is the BuildError createRequest sends as number n: id, sentence.\nexport const BUILD_ERRORS = [\n");
    for e in upgrade_handshake::BuildError::ALL {
        out.push_str(&format!(
            "  [{}, {}],\n",
            json(e.as_str()),
            json(e.description())
        ));
    }
    out.push_str("];\n");
    print!("{out}");
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}
