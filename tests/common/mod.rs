//! What the corpus runners share: reading `tests/vectors.json` and `tests/adversarial.json`,
//! expanding their inputs and turning their policies into a [`Policy`].

#![allow(dead_code)]

use serde_json::Value;
use upgrade_handshake::{ClientOffer, DeflatePolicy, Policy};

/// A JSON file of `tests/`, parsed.
pub fn load(file: &str) -> Value {
    let path = format!("{}/tests/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Expands a request/response: a string, or parts (string | {repeat, times} | {hex}).
pub fn expand(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Array(parts) => {
            let mut out = Vec::new();
            for p in parts {
                match p {
                    Value::String(s) => out.extend_from_slice(s.as_bytes()),
                    Value::Object(o) if o.contains_key("repeat") => {
                        let s = o["repeat"].as_str().expect("repeat is a string");
                        let n = o["times"].as_u64().expect("times is a number") as usize;
                        out.extend_from_slice(s.repeat(n).as_bytes());
                    }
                    Value::Object(o) if o.contains_key("hex") => {
                        let h = o["hex"].as_str().expect("hex is a string");
                        for i in (0..h.len()).step_by(2) {
                            out.push(u8::from_str_radix(&h[i..i + 2], 16).expect("hex"));
                        }
                    }
                    other => panic!("unknown part {other}"),
                }
            }
            out
        }
        other => panic!("unknown input {other}"),
    }
}

pub fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().expect("string").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A case's policy (the package's camelCase option names); absent fields keep the defaults.
pub fn policy(p: Option<&Value>) -> Policy {
    let mut policy = Policy::default();
    let Some(p) = p else { return policy };
    if p.get("upgrades").is_some() {
        policy.upgrades = strings(p.get("upgrades"));
    }
    policy.protocols = strings(p.get("protocols"));
    policy.origins = strings(p.get("origins"));
    policy.hosts = strings(p.get("hosts"));
    policy.permessage_deflate = match p.get("permessageDeflate") {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::Bool(true)) => Some(DeflatePolicy::default()),
        Some(o) => Some(DeflatePolicy {
            server_no_context_takeover: o["serverNoContextTakeover"].as_bool().unwrap_or(false),
            client_no_context_takeover: o["clientNoContextTakeover"].as_bool().unwrap_or(false),
            server_max_window_bits: o["serverMaxWindowBits"].as_u64().map(|b| b as u8),
            client_max_window_bits: o["clientMaxWindowBits"].as_u64().map(|b| b as u8),
        }),
    };
    policy.require_tls = p["requireTls"].as_bool().unwrap_or(false);
    policy.require_upgrade = p["requireUpgrade"].as_bool().unwrap_or(false);
    policy.edge = p["edge"].as_bool().unwrap_or(false);
    policy.lenient_line_ends = p["lenientLineEnds"].as_bool().unwrap_or(false);
    if let Some(n) = p["maxHeadBytes"].as_u64() {
        policy.max_head_bytes = n as usize;
    }
    if let Some(n) = p["maxHeaders"].as_u64() {
        policy.max_headers = n as usize;
    }
    policy
}

/// A verify case's offer.
pub fn offer(o: &Value) -> ClientOffer {
    ClientOffer {
        key: o["key"].as_str().expect("offer.key").into(),
        protocols: strings(o.get("protocols")),
        extensions: o
            .get("extensions")
            .and_then(Value::as_str)
            .map(String::from),
    }
}

/// How much longer `run` takes on `make(8 * n)` than on `make(n)`, each the best of five runs
/// in this process: about 8 for work linear in the input, 64 for quadratic work. A ratio, not a
/// deadline: a loaded machine slows both sizes alike. The absolute figures are `make bench`'s.
pub fn growth<T>(n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) -> f64 {
    let best = |input: &T| {
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                run(input);
                t.elapsed()
            })
            .min()
            .unwrap_or_default()
            .as_secs_f64()
    };
    let (small, large) = (make(n), make(8 * n));
    best(&small);
    best(&large) / best(&small).max(1e-6)
}

/// The bound on [`growth`] for linear work: 8 expected, 64 for quadratic; 24 leaves room for
/// noise and caches.
pub const LINEAR: f64 = 24.0;

/// [`expand`], with every `{repeat, times}` part repeated `times / divisor` times.
pub fn expand_scaled(v: &Value, divisor: u64) -> Vec<u8> {
    match v {
        Value::Array(parts) => {
            let scaled: Vec<Value> = parts
                .iter()
                .map(|p| match p {
                    Value::Object(o) if o.contains_key("repeat") => {
                        let mut o = o.clone();
                        let times = o["times"].as_u64().expect("times") / divisor;
                        o.insert("times".into(), Value::from(times));
                        Value::Object(o)
                    }
                    other => other.clone(),
                })
                .collect();
            expand(&Value::Array(scaled))
        }
        other => expand(other),
    }
}

/// Whether a request/response repeats a part at least `n` times.
pub fn repeats_at_least(v: &Value, n: u64) -> bool {
    v.as_array().is_some_and(|parts| {
        parts.iter().any(|p| {
            p.get("times")
                .and_then(Value::as_u64)
                .is_some_and(|t| t >= n)
        })
    })
}

/// Fails when a case's `expect` holds a key outside `compared`: every expected value is compared,
/// so a key the runner does not read would be a check that never runs.
pub fn assert_only_compared(name: &str, expect: &Value, compared: &[&str]) {
    for key in expect.as_object().expect("expect is an object").keys() {
        assert!(
            compared.contains(&key.as_str()),
            "{name}: expect.{key} is not compared"
        );
    }
}
