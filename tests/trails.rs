//! Every vector and adversarial case's whole answer (decision, response, error and trail of
//! checks) against `tests/trails.json`, the record of what the engine answers. A refactoring
//! must leave it byte-identical; a change of behaviour updates it on purpose, with
//! `UPDATE_TRAILS=1 cargo test --features serde --test trails`, and the diff shows what changed.
#![cfg(feature = "serde")]

mod common;

use serde_json::{Map, Value};
use upgrade_handshake::{negotiate, verify_response};

/// Answers longer than this are recorded by their SHA-1 (the 100 KB cases would make the record
/// unreadable); a change still shows as a different digest.
const INLINE: usize = 8 * 1024;

fn record(answer: String) -> Value {
    if answer.len() <= INLINE {
        serde_json::from_str(&answer).expect("the answer is JSON")
    } else {
        Value::String(format!(
            "sha1:{}",
            sha1_smol::Sha1::from(answer.as_bytes()).digest()
        ))
    }
}

fn answers() -> Map<String, Value> {
    let mut all = Map::new();
    for file in ["vectors.json", "adversarial.json"] {
        let doc = common::load(file);
        for case in doc["negotiate"].as_array().expect("negotiate cases") {
            let name = case["name"].as_str().expect("name");
            let out = negotiate(
                &common::expand(&case["request"]),
                &common::policy(case.get("policy")),
            );
            let json = serde_json::to_string(&out).expect("serializable");
            assert!(
                all.insert(format!("{file} negotiate {name}"), record(json))
                    .is_none(),
                "{name} twice"
            );
        }
        for case in doc["verify"].as_array().expect("verify cases") {
            let name = case["name"].as_str().expect("name");
            let v = verify_response(
                &common::expand(&case["response"]),
                &common::offer(&case["offer"]),
            );
            let json = serde_json::to_string(&v).expect("serializable");
            assert!(
                all.insert(format!("{file} verify {name}"), record(json))
                    .is_none(),
                "{name} twice"
            );
        }
    }
    all
}

#[test]
fn every_answer_and_trail_is_the_recorded_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/trails.json");
    let now = answers();
    if std::env::var_os("UPDATE_TRAILS").is_some() {
        let text = serde_json::to_string_pretty(&Value::Object(now)).expect("JSON");
        std::fs::write(path, text + "\n").expect("write tests/trails.json");
        return;
    }
    let text = std::fs::read_to_string(path).expect("tests/trails.json");
    let recorded: Map<String, Value> = serde_json::from_str(&text).expect("valid JSON");
    let mut diffs = Vec::new();
    for (name, was) in &recorded {
        match now.get(name) {
            None => diffs.push(format!("{name}: no longer in the corpora")),
            Some(is) if is != was => diffs.push(format!("{name}:\n  was {was}\n  is  {is}")),
            Some(_) => {}
        }
    }
    for name in now.keys().filter(|n| !recorded.contains_key(*n)) {
        diffs.push(format!("{name}: not recorded"));
    }
    assert!(
        diffs.is_empty(),
        "{} answers differ from tests/trails.json (UPDATE_TRAILS=1 records them):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    assert!(recorded.len() >= 240, "{} answers recorded", recorded.len());
}
