//! Runs the shared vector file `tests/vectors.json` (also run by the JS suite).

use serde_json::Value;
use upgrade_handshake::{accept_key, negotiate, verify_response, CheckResult, Decision, Policy};

mod common;

fn load() -> Value {
    common::load("vectors.json")
}

fn policy(v: Option<&Value>) -> Policy {
    common::policy(v)
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

#[test]
fn accept_key_vectors() {
    let doc = load();
    let cases = doc["acceptKey"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        assert_eq!(
            accept_key(c["key"].as_str().unwrap()),
            c["accept"].as_str().unwrap()
        );
    }
}

#[test]
fn negotiate_vectors() {
    let doc = load();
    let cases = doc["negotiate"].as_array().unwrap();
    assert!(cases.len() >= 40, "at least 40 negotiate vectors");
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        assert!(
            c["section"].as_str().is_some_and(|s| s.starts_with("RFC ")),
            "{name}: section"
        );
        let out = negotiate(
            c["request"].as_str().unwrap().as_bytes(),
            &policy(c.get("policy")),
        );
        let e = &c["expect"];
        common::assert_only_compared(
            name,
            e,
            &[
                "kind",
                "status",
                "error",
                "protocol",
                "subprotocol",
                "extensions",
                "headers",
                "response",
                "settings",
                "warn",
            ],
        );
        let mut check = |what: &str, ok: bool, got: String| {
            if !ok {
                failures.push(format!("{name}: {what} expected {}, got {got}", e[what]));
            }
        };
        check(
            "kind",
            out.kind() == e["kind"].as_str().unwrap(),
            out.kind().into(),
        );
        if let Some(s) = e.get("status") {
            check(
                "status",
                out.status().map(u64::from) == s.as_u64(),
                format!("{:?}", out.status()),
            );
        }
        if let Some(x) = e.get("error") {
            let got = out.error().map(|f| f.code.as_str());
            check("error", got == x.as_str(), format!("{got:?}"));
        }
        let switch = match &out.decision {
            Decision::Switch(s) => Some(s),
            _ => None,
        };
        if let Some(x) = e.get("protocol") {
            let got = switch.map(|s| s.protocol.clone());
            check("protocol", got == opt_str(x), format!("{got:?}"));
        }
        if let Some(x) = e.get("subprotocol") {
            let got = switch.and_then(|s| s.subprotocol.clone());
            check("subprotocol", got == opt_str(x), format!("{got:?}"));
        }
        if let Some(x) = e.get("extensions") {
            let got = switch.and_then(|s| s.extensions.clone());
            check("extensions", got == opt_str(x), format!("{got:?}"));
        }
        if let Some(x) = e.get("headers") {
            let want: Vec<(String, String)> = x
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
                .collect();
            let got: Vec<(String, String)> = match &out.decision {
                Decision::Pass(p) => p.headers.clone(),
                _ => out
                    .response()
                    .map(|r| r.headers().map(|(n, v)| (n.into(), v.into())).collect())
                    .unwrap_or_default(),
            };
            check("headers", got == want, format!("{got:?}"));
        }
        for id in e
            .get("warn")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = id.as_str().unwrap();
            let warned = out
                .checks
                .iter()
                .any(|c| c.id == id && c.result == CheckResult::Warn);
            check("warn", warned, format!("no warning {id}"));
        }
        if let Some(x) = e.get("response") {
            let got = out.response().map(|r| r.to_string());
            check("response", got == opt_str(x), format!("{got:?}"));
        }
        #[cfg(feature = "serde")]
        if let Some(x) = e.get("settings") {
            // What the API returns: the settings' JSON shape (src/json.rs), as the package does.
            let got = match switch.and_then(|s| s.settings.as_ref()) {
                Some(s) => serde_json::to_value(s).expect("settings serialize"),
                None => Value::Null,
            };
            check("settings", &got == x, format!("{got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The JSON shape leaves unknown identifiers out (RFC 7540 §6.5.2: ignored); the Rust API keeps
/// them in `entries`, in order.
#[cfg(feature = "serde")]
#[test]
fn rfc7540_6_5_2_unknown_setting_is_kept_in_entries() {
    let doc = load();
    let case = doc["negotiate"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "rfc7540_6_5_2_unknown_setting_ignored")
        .expect("the unknown-setting vector");
    let out = negotiate(
        case["request"].as_str().unwrap().as_bytes(),
        &policy(case.get("policy")),
    );
    let settings = out
        .switch()
        .and_then(|s| s.settings.as_ref())
        .expect("settings");
    assert!(settings
        .entries
        .iter()
        .any(|&(id, _)| upgrade_handshake::Settings::name(id).is_none()));
    assert_eq!(
        serde_json::to_value(settings).unwrap(),
        case["expect"]["settings"]
    );
}

#[test]
fn verify_vectors() {
    let doc = load();
    let cases = doc["verify"].as_array().unwrap();
    assert!(cases.len() >= 15, "at least 15 verify vectors");
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let offer = common::offer(&c["offer"]);
        let v = verify_response(c["response"].as_str().unwrap().as_bytes(), &offer);
        let e = &c["expect"];
        common::assert_only_compared(
            name,
            e,
            &[
                "ok",
                "incomplete",
                "protocol",
                "extensions",
                "error",
                "versions",
            ],
        );
        let mut check = |what: &str, ok: bool, got: String| {
            if !ok {
                failures.push(format!("{name}: {what} expected {}, got {got}", e[what]));
            }
        };
        if let Some(x) = e.get("ok") {
            check("ok", Some(v.ok()) == x.as_bool(), v.ok().to_string());
        }
        if let Some(x) = e.get("incomplete") {
            check(
                "incomplete",
                Some(v.is_incomplete()) == x.as_bool(),
                v.is_incomplete().to_string(),
            );
        }
        if let Some(x) = e.get("protocol") {
            check(
                "protocol",
                v.protocol() == opt_str(x).as_deref(),
                format!("{:?}", v.protocol()),
            );
        }
        if let Some(x) = e.get("extensions") {
            check(
                "extensions",
                v.extensions() == opt_str(x).as_deref(),
                format!("{:?}", v.extensions()),
            );
        }
        if let Some(x) = e.get("error") {
            let got = v.error().as_ref().map(|f| f.code.as_str());
            check("error", got == x.as_str(), format!("{got:?}"));
        }
        if let Some(x) = e.get("versions") {
            let want: Vec<u16> = x
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap() as u16)
                .collect();
            check(
                "versions",
                v.versions() == want,
                format!("{:?}", v.versions()),
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn vectors_cover_every_error_code() {
    let doc = load();
    let mut seen = std::collections::BTreeSet::new();
    for c in doc["negotiate"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["verify"].as_array().unwrap())
    {
        if let Some(e) = c["expect"]["error"].as_str() {
            seen.insert(e.to_string());
        }
    }
    // Only `Settings::decode` returns these: `negotiate` does not perform an h2c upgrade whose
    // HTTP2-Settings breaks them (RFC 7540 §3.2.1), it does not refuse the request.
    let decode_only = ["bad-http2-settings", "bad-http2-settings-value"];
    let missing: Vec<&str> = upgrade_handshake::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c) && !decode_only.contains(c))
        .collect();
    assert!(missing.is_empty(), "codes without a vector: {missing:?}");
}
