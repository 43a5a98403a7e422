//! The adversarial corpus of issue 7 (`tests/adversarial.json`) through the core: every case's
//! expected outcome, plus invariants that hold for every input (no 101 on a rejection, no CR, LF
//! or NUL in a response, every rejection names a failing check), a linear-time guard for the
//! large cases, and regression tests for what fuzzing and the corpus found.

use serde_json::Value;
use upgrade_handshake::{
    negotiate, verify_response, CheckResult, ClientOffer, Decision, Outcome, Policy,
};

mod common;

use common::{expand, strings};

fn corpus() -> Value {
    common::load("adversarial.json")
}

fn policy(p: &Value) -> Policy {
    common::policy(Some(p))
}

fn is_clean(s: &str) -> bool {
    !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

/// What holds for every outcome, whatever the input.
fn invariants(name: &str, out: &Outcome) {
    match &out.decision {
        Decision::Reject(r) => {
            assert_ne!(r.response.status(), 101, "{name}: a rejection with 101");
            assert!(
                out.checks.iter().any(|c| c.result == CheckResult::Fail),
                "{name}: a rejection without a failing check"
            );
        }
        Decision::Switch(s) => {
            assert_eq!(s.response.status(), 101, "{name}");
            assert!(
                !out.checks.iter().any(|c| c.result == CheckResult::Fail
                    && !matches!(c.id, "connection-upgrade-token")),
                "{name}: a switch after a failing check: {:?}",
                out.checks
            );
        }
        Decision::Pass(p) => assert!(p.headers.iter().all(|(n, v)| is_clean(n) && is_clean(v))),
        Decision::Incomplete => {}
    }
    if let Some(r) = out.response() {
        for (n, v) in r.headers() {
            assert!(is_clean(n) && is_clean(v), "{name}: {n:?}: {v:?}");
        }
        let bytes = r.to_vec();
        let head_end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("the head ends");
        for line in bytes[..head_end].split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            assert!(
                !line.contains(&b'\r') && !line.contains(&0),
                "{name}: {line:?}"
            );
        }
        if let Decision::Reject(_) = out.decision {
            let c = r.header_value("Connection").unwrap_or("");
            if r.status() != 426 || out.error().map(|e| e.code.as_str()) != Some("tls-required") {
                assert!(
                    c.to_ascii_lowercase().contains("close"),
                    "{name}: rejection without Connection: close"
                );
            }
        }
    }
}

fn check_expect(name: &str, out: &Outcome, e: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let mut want = |cond: bool, what: String| {
        if !cond {
            bad.push(format!("{name}: {what}"));
        }
    };
    let kind = e["kind"].as_str().expect("kind");
    want(
        out.kind() == kind,
        format!(
            "kind {} != {kind} ({:?})",
            out.kind(),
            out.error().map(|e| e.code.as_str())
        ),
    );
    if let Some(s) = e.get("status") {
        want(
            out.status().map(u64::from) == s.as_u64(),
            format!("status {:?} != {s}", out.status()),
        );
    }
    if let Some(err) = e.get("error") {
        let got = out.error().map(|f| f.code.as_str());
        want(got == err.as_str(), format!("error {got:?} != {err}"));
    }
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
            "notHeaders",
            "response",
            "warn",
        ],
    );
    let sw = out.switch();
    if let Some(p) = e.get("protocol") {
        want(
            sw.map(|s| s.protocol.as_str()) == p.as_str(),
            format!("protocol != {p}"),
        );
    }
    if let Some(p) = e.get("subprotocol") {
        let got = sw.and_then(|s| s.subprotocol.as_deref());
        want(got == p.as_str(), format!("subprotocol {got:?} != {p}"));
    }
    if let Some(x) = e.get("extensions") {
        let got = sw.and_then(|s| s.extensions.as_deref());
        want(got == x.as_str(), format!("extensions {got:?} != {x}"));
    }
    let headers: Vec<(String, String)> = match &out.decision {
        Decision::Pass(p) => p.headers.clone(),
        _ => out
            .response()
            .map(|r| {
                r.headers()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect()
            })
            .unwrap_or_default(),
    };
    for pair in e
        .get("headers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (n, v) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        want(
            headers
                .iter()
                .any(|(hn, hv)| hn.eq_ignore_ascii_case(n) && hv == v),
            format!("missing header {n}: {v} in {headers:?}"),
        );
    }
    for n in e
        .get("notHeaders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let n = n.as_str().unwrap();
        want(
            !headers.iter().any(|(hn, _)| hn.eq_ignore_ascii_case(n)),
            format!("unexpected header {n}"),
        );
    }
    for id in e
        .get("warn")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = id.as_str().unwrap();
        want(
            out.checks
                .iter()
                .any(|c| c.id == id && c.result == CheckResult::Warn),
            format!("no warning {id} in the trail"),
        );
    }
    if e.get("response").is_some_and(Value::is_null) {
        want(out.response().is_none(), "response should be absent".into());
    }
    if let Some(resp) = e.get("response").and_then(Value::as_str) {
        let got = out
            .response()
            .map(|r| String::from_utf8_lossy(&r.to_vec()).into_owned())
            .unwrap_or_default();
        want(got == resp, format!("response {got:?} != {resp:?}"));
    }
    bad
}

#[test]
fn corpus_has_at_least_60_cases_with_reasons() {
    let c = corpus();
    let n = c["negotiate"].as_array().unwrap().len() + c["verify"].as_array().unwrap().len();
    assert!(n >= 60, "{n} cases");
    for case in c["negotiate"]
        .as_array()
        .unwrap()
        .iter()
        .chain(c["verify"].as_array().unwrap())
    {
        assert!(
            case["reason"].as_str().is_some_and(|r| !r.is_empty()),
            "{} has no reason",
            case["name"]
        );
        assert!(
            case["section"]
                .as_str()
                .is_some_and(|r| r.starts_with("RFC ")),
            "{}",
            case["name"]
        );
    }
}

#[test]
fn negotiate_corpus() {
    let c = corpus();
    let mut failures = Vec::new();
    for case in c["negotiate"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let request = expand(&case["request"]);
        let policy = policy(&case["policy"]);
        let out = negotiate(&request, &policy);
        invariants(name, &out);
        // A known deviation is not a pass: the corpus has none, and one added fails here.
        assert!(
            case.get("knownBug").is_none(),
            "{name}: a knownBug marker; fix the engine or the case"
        );
        failures.extend(check_expect(name, &out, &case["expect"]));
        // Without the trail the decision is the same.
        let quiet = negotiate(
            &request,
            &Policy {
                trail: false,
                ..policy.clone()
            },
        );
        assert_eq!(
            quiet.decision, out.decision,
            "{name}: the trail changes the decision"
        );
        assert!(quiet.checks.is_empty());
        // Every prefix of a complete head is Incomplete or the same class of answer, never a 101.
        if request.len() < 4096 && out.kind() == "switch" {
            let end = request
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(request.len(), |i| i + 3);
            for cut in 0..end {
                let p = negotiate(&request[..cut], &policy);
                assert_ne!(
                    p.kind(),
                    "switch",
                    "{name}: a prefix of {cut} bytes switched"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The large cases (a part repeated 10,000 times or more) take time linear in their size: the
/// full case against the same case with an eighth of the repetitions.
#[test]
fn large_cases_take_linear_time() {
    let c = corpus();
    let mut large = 0;
    for case in c["negotiate"].as_array().unwrap() {
        if !common::repeats_at_least(&case["request"], 10_000) {
            continue;
        }
        large += 1;
        let policy = policy(&case["policy"]);
        let make = |n: usize| common::expand_scaled(&case["request"], 8 / n as u64);
        let ratio = common::growth(1, make, |r| {
            negotiate(r, &policy);
        });
        eprintln!("growth {}: {ratio:.1}x", case["name"]);
        assert!(ratio < common::LINEAR, "{}: {ratio:.1}x", case["name"]);
    }
    for case in c["verify"].as_array().unwrap() {
        if !common::repeats_at_least(&case["response"], 10_000) {
            continue;
        }
        large += 1;
        let offer = common::offer(&case["offer"]);
        let make = |n: usize| common::expand_scaled(&case["response"], 8 / n as u64);
        let ratio = common::growth(1, make, |r| {
            verify_response(r, &offer);
        });
        eprintln!("growth {}: {ratio:.1}x", case["name"]);
        assert!(ratio < common::LINEAR, "{}: {ratio:.1}x", case["name"]);
    }
    assert!(large >= 5, "{large} large cases");
}

#[test]
fn verify_corpus() {
    let c = corpus();
    let mut failures = Vec::new();
    for case in c["verify"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let response = expand(&case["response"]);
        let o = &case["offer"];
        let offer = ClientOffer {
            key: o["key"].as_str().unwrap().into(),
            protocols: strings(o.get("protocols")),
            extensions: o["extensions"].as_str().map(String::from),
        };
        let v = verify_response(&response, &offer);
        let e = &case["expect"];
        let mut want = |cond: bool, what: String| {
            if !cond {
                failures.push(format!("{name}: {what}"));
            }
        };
        want(
            v.ok() == e["ok"].as_bool().unwrap(),
            format!(
                "ok {} ({:?})",
                v.ok(),
                v.error().as_ref().map(|e| e.code.as_str())
            ),
        );
        assert!(!(v.ok() && v.error().is_some()), "{name}");
        // Every expected field is compared; null means the field must be absent.
        let text = |field: &str| -> Option<Option<&str>> {
            e.get(field).map(|x| {
                assert!(x.is_null() || x.is_string(), "{name}: {field} is {x}");
                x.as_str()
            })
        };
        if let Some(err) = text("error") {
            let got = v.error().map(|f| f.code.as_str());
            want(got == err, format!("error {got:?} != {err:?}"));
        }
        if let Some(p) = text("protocol") {
            want(
                v.protocol() == p,
                format!("protocol {:?} != {p:?}", v.protocol()),
            );
        }
        if let Some(x) = text("extensions") {
            want(
                v.extensions() == x,
                format!(
                    "extensions {:?} != {x:?}",
                    v.extensions().map(|x| &x[..x.len().min(80)])
                ),
            );
        }
        if let Some(vs) = e.get("versions") {
            let want_v: Vec<u16> = vs
                .as_array()
                .map(|a| a.iter().map(|x| x.as_u64().unwrap() as u16).collect())
                .unwrap_or_default();
            want(
                v.versions() == want_v,
                format!("versions {:?} != {want_v:?}", v.versions()),
            );
        }
        if let Some(i) = e.get("incomplete") {
            let i = i.as_bool().unwrap_or(false);
            want(
                v.is_incomplete() == i,
                format!("incomplete {}", v.is_incomplete()),
            );
        }
        common::assert_only_compared(
            name,
            e,
            &[
                "ok",
                "error",
                "protocol",
                "extensions",
                "versions",
                "incomplete",
            ],
        );
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---- regression tests for bugs found by the corpus and the fuzzers ------------------------------

/// RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
/// request message that lacks a Host header field". The raw path exempts an absolute-form
/// target (src/server.rs `check_host`, `head.absolute`), which is right for a Fetch `Request`'s
/// parts (the URL is all there is) but not for bytes off the wire: a client "MUST send a Host
/// header field in all HTTP/1.1 request messages", and only a proxy rewrites Host from the target
/// (§3.2.2). Found by the corpus case dup-host-absolute-form-without-host; fixed in src/head.rs.
#[test]
fn bug_raw_absolute_form_without_host_is_400() {
    let req = b"GET http://server.example.com/chat HTTP/1.1\r\nUpgrade: websocket\r\n\
        Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
        Sec-WebSocket-Version: 13\r\n\r\n";
    let out = negotiate(req, &Policy::default());
    assert_eq!(out.status(), Some(400), "{:?}", out.decision);
    assert_eq!(out.error().map(|e| e.code.as_str()), Some("bad-host"));
}

/// The same parts through negotiate_parts (a Fetch Request has no Host field, its URL carries the
/// authority): allowed, and this must stay so when the raw path is fixed.
#[test]
fn parts_absolute_form_without_host_is_allowed() {
    use upgrade_handshake::{negotiate_parts, RequestParts, Version};
    let headers: &[(&str, &[u8])] = &[
        ("Upgrade", b"websocket"),
        ("Connection", b"Upgrade"),
        ("Sec-WebSocket-Key", b"dGhlIHNhbXBsZSBub25jZQ=="),
        ("Sec-WebSocket-Version", b"13"),
    ];
    let req = RequestParts {
        method: "GET",
        target: "https://server.example.com/chat",
        version: Version::Http11,
        headers,
        has_body: false,
    };
    assert_eq!(
        negotiate_parts(&req, &Policy::default()).status(),
        Some(101)
    );
}

/// `negotiate` once sized httparse's header slots from the policy's limits alone, not from the
/// input: generous limits made every call allocate (and zero) memory proportional to the limits,
/// and "unlimited" ones panicked with a capacity overflow natively and trapped in wasm
/// (`negotiate(rfc, { maxHeadBytes: 2**32-1, maxHeaders: 2**32-1 })` threw
/// `RuntimeError: unreachable`). Found by the package mutation run (tests/js/adversarial.test.js)
/// and fixed by bounding the slots by the input; the parser of src/head.rs that replaced httparse
/// keeps no slots at all, and this test keeps the limits honest.
#[test]
fn bug_unlimited_policy_limits_do_not_panic() {
    let req = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\
        Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
        Sec-WebSocket-Version: 13\r\n\r\n";
    let policy = Policy {
        max_head_bytes: usize::MAX,
        max_headers: usize::MAX,
        ..Policy::default()
    };
    let out = std::panic::catch_unwind(|| negotiate(req, &policy));
    assert!(out.is_ok(), "negotiate panicked under unlimited limits");
    assert_eq!(out.unwrap().status(), Some(101));
}
