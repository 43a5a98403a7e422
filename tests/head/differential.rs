//! Differential tests: the parser of RFC 9112 §2-§5 in `head.rs` against the `httparse`-based
//! path it replaced (`reference.rs`, as it was, `diagnose` included), on the shared corpora and
//! on generated heads. Both must give the same outcome: complete (with the same method, target,
//! version, field lines, and what the index finds for every known field), incomplete, or the
//! same error code. One answer was fixed on purpose (a request-target that is not UTF-8, see
//! `reference.rs`): `reference` gives the fixed answer, `reference_before_fix` the old one.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use proptest::prelude::*;
use serde_json::Value;

use super::reference::Old;
use super::*;
use crate::check::Trail;

/// What a parse gave, in a form both parsers can be compared on.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Complete {
        method: String,
        target: String,
        version: Version,
        fields: Vec<(String, Vec<u8>)>,
        /// For every known field: its count and values as the engine reads them (the index).
        known: Vec<(usize, Vec<Vec<u8>>)>,
    },
    Incomplete,
    Error(ErrorCode),
}

const ALL_FIELDS: [Field; FIELDS] = [
    Field::Host,
    Field::Upgrade,
    Field::Connection,
    Field::Origin,
    Field::Key,
    Field::Version,
    Field::Protocol,
    Field::Extensions,
    Field::Http2Settings,
    Field::ContentLength,
    Field::TransferEncoding,
];

/// The known fields as a flat list of field lines shows them: what the index must give.
fn known_from_lines(fields: &[(String, Vec<u8>)]) -> Vec<(usize, Vec<Vec<u8>>)> {
    ALL_FIELDS
        .iter()
        .map(|f| {
            let values: Vec<Vec<u8>> = fields
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(f.name()))
                .map(|(_, v)| v.clone())
                .collect();
            (values.len(), values)
        })
        .collect()
}

/// The limits, and bare LFs taken as line ends as httparse takes them (`strict` refuses them).
fn rules(max_head_bytes: usize, max_headers: usize, strict: bool) -> Policy {
    Policy {
        max_head_bytes,
        max_headers,
        lenient_line_ends: !strict,
        ..Policy::default()
    }
}

/// The new parser, reading bare LFs as httparse does.
fn new(buf: &[u8], max_head_bytes: usize, max_headers: usize) -> Outcome {
    parsed(buf, &rules(max_head_bytes, max_headers, false))
}

/// The new parser with its default, strict line ends.
fn strict(buf: &[u8], max_head_bytes: usize, max_headers: usize) -> Outcome {
    parsed(buf, &rules(max_head_bytes, max_headers, true))
}

fn parsed(buf: &[u8], policy: &Policy) -> Outcome {
    let mut trail = Trail::new(true);
    let mut index = Index::default();
    match parse(buf, policy, &mut index, &mut trail) {
        Parsed::Incomplete => Outcome::Incomplete,
        Parsed::Error(step) => Outcome::Error(step.row().code.expect("a rejection row")),
        Parsed::BareLf(_) => Outcome::Error(ErrorCode::BareLf),
        Parsed::Complete(head) => {
            let mut fields = Vec::new();
            let mut lines = head.fields;
            while let Some((name, value)) = lines.next_field() {
                let name = core::str::from_utf8(name).expect("names are tokens");
                fields.push((name.to_string(), value.to_vec()));
            }
            let known = ALL_FIELDS
                .iter()
                .map(|&f| {
                    let values: Vec<Vec<u8>> = head.values(f).map(<[u8]>::to_vec).collect();
                    (head.count(f), values)
                })
                .collect();
            Outcome::Complete {
                method: head.method.to_string(),
                target: head.target.to_string(),
                version: head.version,
                fields,
                known,
            }
        }
    }
}

/// The path this parser replaced (`reference.rs`), with the answers fixed since as now.
fn reference(buf: &[u8], max_head_bytes: usize, max_headers: usize) -> Outcome {
    outcome(super::reference::parse(
        buf,
        max_head_bytes,
        max_headers,
        true,
    ))
}

/// [`reference`] exactly as it was.
fn reference_before_fix(buf: &[u8], max_head_bytes: usize, max_headers: usize) -> Outcome {
    outcome(super::reference::parse(
        buf,
        max_head_bytes,
        max_headers,
        false,
    ))
}

fn outcome(old: Old) -> Outcome {
    match old {
        Old::Incomplete => Outcome::Incomplete,
        Old::Error(code) => Outcome::Error(code),
        Old::Complete {
            method,
            target,
            minor,
            fields,
        } => Outcome::Complete {
            method,
            target,
            version: if minor == 0 {
                Version::Http10
            } else {
                Version::Http11
            },
            known: known_from_lines(&fields),
            fields,
        },
    }
}

/// Both request parsers on one input, under the given limits.
fn same(buf: &[u8], max_head_bytes: usize, max_headers: usize) {
    let old = reference(buf, max_head_bytes, max_headers);
    let now = new(buf, max_head_bytes, max_headers);
    assert_eq!(
        now,
        old,
        "input {:?} (max_head_bytes {max_head_bytes}, max_headers {max_headers})",
        String::from_utf8_lossy(buf)
    );
}

/// Both request parsers on `buf` and on every prefix of it, under the default limits and
/// tight ones.
fn same_at_every_prefix(buf: &[u8]) {
    for end in 0..=buf.len() {
        let prefix = &buf[..end];
        same(prefix, 16 * 1024, 100);
        same(prefix, end.saturating_sub(3).max(1), 2);
    }
}

// ---- Responses: `parse_response` against `httparse::Response` (100 slots, as client.rs) ----

#[derive(Debug, PartialEq, Eq)]
enum ResponseOutcome {
    Complete(u16, Vec<(String, Vec<u8>)>),
    Incomplete,
    Invalid,
}

fn new_response(buf: &[u8]) -> ResponseOutcome {
    match parse_response(buf, 100) {
        ParsedResponse::Complete { status, mut fields } => {
            let mut all = Vec::new();
            while let Some((name, value)) = fields.next_field() {
                let name = core::str::from_utf8(name).expect("names are tokens");
                all.push((name.to_string(), value.to_vec()));
            }
            ResponseOutcome::Complete(status, all)
        }
        ParsedResponse::Incomplete => ResponseOutcome::Incomplete,
        ParsedResponse::Invalid => ResponseOutcome::Invalid,
    }
}

/// httparse's reading of a response, a higher HTTP/1 minor version read as 1.1
/// (see `reference::minor_as_1`).
fn reference_response(buf: &[u8]) -> ResponseOutcome {
    let buf = &super::reference::minor_as_1(buf, true);
    let mut slots = [httparse::EMPTY_HEADER; 100];
    let mut resp = httparse::Response::new(&mut slots);
    match resp.parse(buf) {
        Ok(httparse::Status::Complete(_)) => ResponseOutcome::Complete(
            resp.code.unwrap_or(0),
            resp.headers
                .iter()
                .map(|h| (h.name.to_string(), h.value.to_vec()))
                .collect(),
        ),
        Ok(httparse::Status::Partial) => ResponseOutcome::Incomplete,
        Err(_) => ResponseOutcome::Invalid,
    }
}

fn same_response(buf: &[u8]) {
    assert_eq!(
        new_response(buf),
        reference_response(buf),
        "input {:?}",
        String::from_utf8_lossy(buf)
    );
}

// ---- The corpora -----------------------------------------------------------------------------

/// Expands a corpus request/response: a string, or parts (string | {repeat, times} | {hex}).
fn expand(v: &Value) -> Vec<u8> {
    match v {
        Value::String(s) => s.as_bytes().to_vec(),
        Value::Array(parts) => {
            let mut out = Vec::new();
            for p in parts {
                if let Some(s) = p.as_str() {
                    out.extend_from_slice(s.as_bytes());
                } else if let Some(s) = p.get("repeat").and_then(Value::as_str) {
                    let n = p["times"].as_u64().expect("times") as usize;
                    out.extend_from_slice(s.repeat(n).as_bytes());
                } else {
                    let h = p["hex"].as_str().expect("hex");
                    for i in (0..h.len()).step_by(2) {
                        out.push(u8::from_str_radix(&h[i..i + 2], 16).expect("hex"));
                    }
                }
            }
            out
        }
        other => panic!("unknown input {other}"),
    }
}

fn corpora() -> Vec<Value> {
    [
        include_str!("../../tests/adversarial.json"),
        include_str!("../../tests/vectors.json"),
    ]
    .iter()
    .map(|text| serde_json::from_str(text).expect("valid JSON"))
    .collect()
}

#[test]
fn rfc9112_2_to_5_corpus_requests_parse_as_before_at_every_prefix() {
    let mut cases = 0;
    for corpus in corpora() {
        for case in corpus["negotiate"].as_array().expect("cases") {
            let req = expand(&case["request"]);
            let p = &case["policy"];
            let max_head_bytes = p["maxHeadBytes"].as_u64().map_or(16 * 1024, |n| n as usize);
            let max_headers = p["maxHeaders"].as_u64().map_or(100, |n| n as usize);
            same(&req, max_head_bytes, max_headers);
            // Every prefix of the small cases; the large ones (100k list elements, 1 MiB
            // fields) at their first few hundred and last few bytes.
            if req.len() <= 4096 {
                same_at_every_prefix(&req);
            } else {
                for end in (0..300).chain(req.len() - 8..req.len()) {
                    same(&req[..end], max_head_bytes, max_headers);
                    same(&req[..end], 16 * 1024, 100);
                }
            }
            cases += 1;
        }
    }
    assert!(cases > 150, "{cases} cases");
}

#[test]
fn rfc9112_4_corpus_responses_parse_as_httparse_at_every_prefix() {
    for corpus in corpora() {
        for case in corpus["verify"].as_array().expect("cases") {
            let resp = expand(&case["response"]);
            for end in 0..=resp.len().min(4096) {
                same_response(&resp[..end]);
            }
            same_response(&resp);
        }
    }
}

// ---- Pinned cases: where httparse and RFC 9112 could part, and what the differential found ---

#[test]
fn rfc9112_3_2_target_not_utf8_is_a_bad_request_line() {
    for (req, before) in [
        // The next field line had not arrived whole: its name was blamed.
        (&b"GET /\xff HTTP/1.1\r\nHost"[..], ErrorCode::BadFieldName),
        (
            b"GET /\xff HTTP/1.1\r\nHost: a\r\n bad\r\n\r\n",
            ErrorCode::ObsFold,
        ),
        (b"GET /\xff HTTP/1.2\r\n", ErrorCode::UnsupportedHttpVersion),
        (
            b"GET /\xff HTTP/1.1\r\nHost: a\r\n\r\n",
            ErrorCode::BadRequestLine,
        ),
        (b"GET /\xc3 HTTP/1.1\r\n", ErrorCode::BadRequestLine),
    ] {
        assert_eq!(
            reference_before_fix(req, 16 * 1024, 100),
            Outcome::Error(before)
        );
        assert_eq!(
            new(req, 16 * 1024, 100),
            Outcome::Error(ErrorCode::BadRequestLine)
        );
        same(req, 16 * 1024, 100);
    }
    // UTF-8 above ASCII is a target still (as it was).
    let ok = "GET /caf\u{e9} HTTP/1.1\r\nHost: a\r\n\r\n";
    assert!(
        matches!(new(ok.as_bytes(), 16 * 1024, 100), Outcome::Complete { target, .. } if target == "/caf\u{e9}")
    );
}

#[test]
fn rfc9112_2_3_version_code_judges_the_rest_of_the_line_as_it_has_arrived() {
    for (req, code) in [
        (
            &b"GET / HTTP/2.0\r\n"[..],
            Some(ErrorCode::UnsupportedHttpVersion),
        ),
        (b"GET / HTTP/2", Some(ErrorCode::UnsupportedHttpVersion)),
        (b"GET / HTTP/1\r\n", Some(ErrorCode::UnsupportedHttpVersion)),
        // Kept as it was: a version cut after its dot is no HTTP-version yet, so 400.
        (b"GET / HTTP/2.", Some(ErrorCode::BadRequestLine)),
        (b"GET / HTTP/2.0 x\r\n", Some(ErrorCode::BadRequestLine)),
        (b"GET / HTTP/12.0\r\n", Some(ErrorCode::BadRequestLine)),
        (b"GET / HTTP/1.10\r\n", Some(ErrorCode::BadRequestLine)),
        (b"GET / http/1.1\r\n", Some(ErrorCode::BadRequestLine)),
        // A prefix of HTTP/1.x waits for more; a higher minor version is read as 1.1 (RFC 9110
        // §2.5) and waits for its line end.
        (b"GET / HTTP/1.2", None),
        (b"GET / HTTP/1.9\r", None),
        (b"GET / HTTP/1", None),
        (b"GET / HTTP/1.", None),
        (b"GET / HTTP/1.1\r", None),
    ] {
        let want = code.map_or(Outcome::Incomplete, Outcome::Error);
        assert_eq!(
            new(req, 16 * 1024, 100),
            want,
            "{:?}",
            String::from_utf8_lossy(req)
        );
        same(req, 16 * 1024, 100);
    }
}

#[test]
fn rfc9112_5_1_whitespace_before_colon_needs_the_colon_to_have_arrived() {
    let line = |l: &str| format!("GET / HTTP/1.1\r\nHost: a\r\n{l}");
    for (l, code) in [
        ("Upgrade :", ErrorCode::WhitespaceBeforeColon),
        ("Upgrade \t :", ErrorCode::WhitespaceBeforeColon),
        ("Upgrade ", ErrorCode::BadFieldName),
        ("Upgrade x: y\r\n", ErrorCode::BadFieldName),
        (" Upgrade: y\r\n", ErrorCode::ObsFold),
        ("\tUpgrade: y\r\n", ErrorCode::ObsFold),
        (": y\r\n", ErrorCode::BadFieldName),
        ("\rX\r\n", ErrorCode::BadFieldName),
        ("Up\x01grade: y\r\n", ErrorCode::BadFieldName),
        ("Upgrade: a\x01b\r\n", ErrorCode::BadFieldValue),
        ("Upgrade: a\rb\r\n", ErrorCode::BadFieldValue),
        ("Upgrade: a\x7f\r\n", ErrorCode::BadFieldValue),
    ] {
        let req = line(l);
        assert_eq!(
            new(req.as_bytes(), 16 * 1024, 100),
            Outcome::Error(code),
            "{l:?}"
        );
        same(req.as_bytes(), 16 * 1024, 100);
    }
}

#[test]
fn rfc6585_5_too_many_fields_once_the_extra_line_is_whole() {
    let req = b"GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n";
    assert_eq!(
        new(req, 16 * 1024, 2),
        Outcome::Error(ErrorCode::TooManyHeaders)
    );
    assert!(matches!(new(req, 16 * 1024, 3), Outcome::Complete { .. }));
    // The third line has not ended: more may come, and it might be the empty line... it is not,
    // but the count is only taken once it is whole.
    assert_eq!(new(&req[..34], 16 * 1024, 2), Outcome::Incomplete);
    assert_eq!(
        new(b"GET / HTTP/1.1\r\na: b\r\n", 16 * 1024, 0),
        Outcome::Error(ErrorCode::TooManyHeaders)
    );
    same_at_every_prefix(req);
}

#[test]
fn rfc9112_3_head_size_414_before_the_request_line_ends_431_after() {
    let req = b"\r\nGET /aaaaaaaa HTTP/1.1\r\nHost: a\r\n\r\n";
    // An empty line before the request line already holds a LF: 431, as before.
    assert_eq!(new(req, 8, 100), Outcome::Error(ErrorCode::HeadTooLarge));
    assert_eq!(
        new(&req[2..], 8, 100),
        Outcome::Error(ErrorCode::TargetTooLong)
    );
    assert_eq!(
        new(&req[2..], 30, 100),
        Outcome::Error(ErrorCode::HeadTooLarge)
    );
    // A head that ends within the limit is complete whatever follows it.
    assert!(matches!(
        new(&[&req[2..], &[b'x'; 100][..]].concat(), req.len(), 100),
        Outcome::Complete { .. }
    ));
    for max in 0..req.len() + 2 {
        same(req, max, 100);
        same(&req[2..], max, 100);
    }
}

#[test]
fn rfc9112_2_2_line_ends_and_leading_empty_lines() {
    for req in [
        &b"\r\n\n\r\nGET / HTTP/1.1\nHost: a\r\nX: y\n\n"[..],
        b"\n\rGET / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\rHost: a\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\n\r",
    ] {
        same_at_every_prefix(req);
    }
    let head = b"\r\n\nGET / HTTP/1.0\nHost: a \t\n\n";
    let Outcome::Complete {
        version, fields, ..
    } = new(head, 16 * 1024, 100)
    else {
        panic!("complete")
    };
    assert_eq!(version, Version::Http10);
    assert_eq!(fields, vec![("Host".to_string(), b"a".to_vec())]);
}

#[test]
fn rfc9110_5_6_1_repeated_fields_read_in_order_through_the_index() {
    let req = b"GET / HTTP/1.1\r\nConnection: keep-alive\r\nHost: a\r\nX: 1\r\nconnection:  upgrade \r\nCONNECTION:\r\n\r\n";
    let mut trail = Trail::new(false);
    let mut index = Index::default();
    let Parsed::Complete(head) = parse(req, &Policy::default(), &mut index, &mut trail) else {
        panic!("complete")
    };
    assert_eq!(head.count(Field::Connection), 3);
    let values: Vec<&[u8]> = head.values(Field::Connection).collect();
    assert_eq!(values, [&b"keep-alive"[..], b"upgrade", b""]);
    assert!(head.has_token(Field::Connection, b"Upgrade"));
    assert_eq!(head.first(Field::Host), Some(&b"a"[..]));
    assert_eq!(head.values(Field::Origin).next(), None);
    same(req, 16 * 1024, 100);
}

#[test]
fn rfc9112_4_response_heads_as_httparse() {
    for resp in [
        &b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"[..],
        b"\r\nHTTP/1.1 200\r\n\r\n",
        b"HTTP/1.0 200 \r\nA: b\n\n",
        b"HTTP/1.1 200 OK\xff\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\n\r\n",
        b"HTTP/1.1 20x OK\r\n\r\n",
        b"HTTP/1.1  200 OK\r\n\r\n",
        b"HTTP/1.1 200 O\x01K\r\n\r\n",
        b"HTTP/1.1 200 OK\rX\r\n\r\n",
        b"HTTP/2 200\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nA : b\r\n\r\n",
    ] {
        for end in 0..=resp.len() {
            same_response(&resp[..end]);
        }
    }
    // Heads of the client's own tests when it read responses with httparse.
    for resp in [
        &b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nA:\tb \r\n\r\n"[..],
        b"\r\n\nHTTP/1.0 426\nX: 1\n\n",
        b"HTTP/1.1 101 \xff\tok\r\n\r\n",
        b"HTTP/1.1 101\r\n\r\nbody",
    ] {
        for end in 0..=resp.len() {
            same_response(&resp[..end]);
        }
    }
    let many = format!("HTTP/1.1 200 OK\r\n{}\r\n", "A: b\r\n".repeat(101));
    assert_eq!(new_response(many.as_bytes()), ResponseOutcome::Invalid);
    same_response(many.as_bytes());
}

// ---- The word-at-a-time helpers against the byte predicates they stand for ------------------

#[test]
fn rfc9110_5_6_2_name_bytes_are_exactly_tchar() {
    for b in 0..=255u8 {
        assert_eq!(is_name_byte(b), crate::list::is_tchar(b), "{b:#04x}");
    }
}

/// Bytes near every boundary the word tests draw, and any byte.
fn arb_word() -> impl Strategy<Value = [u8; 8]> {
    let edge = proptest::sample::select(
        &[
            0x00u8, 0x08, 0x09, 0x0a, 0x0d, 0x1f, 0x20, 0x21, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x39,
            0x3a, 0x40, 0x41, 0x5a, 0x5b, 0x60, 0x61, 0x7a, 0x7b, 0x7e, 0x7f, 0x80, 0xc3, 0xff,
        ][..],
    );
    proptest::array::uniform8(prop_oneof![3 => edge, 1 => any::<u8>()])
}

/// How many bytes of `word` come before the first one `keep` refuses.
fn first_refused(word: [u8; 8], keep: impl Fn(u8) -> bool) -> usize {
    word.iter().position(|&b| !keep(b)).unwrap_or(8)
}

fn first_mark(marks: u64) -> usize {
    (marks.trailing_zeros() / 8) as usize
}

// ---- Generated heads ---------------------------------------------------------------------

/// Pieces heads are made of: mostly the grammar's own, and the bytes that break it.
const PIECES: &[&[u8]] = &[
    b"GET",
    b"POST",
    b"G\x01T",
    b" ",
    b"  ",
    b"\t",
    b"/",
    b"/chat?x=1",
    b"*",
    b"http://h/p",
    b"/caf\xc3\xa9",
    b"/\xff",
    b"\xc3",
    b"HTTP/1.1",
    b"HTTP/1.0",
    b"HTTP/1.2",
    b"HTTP/2",
    b"HTTP/1",
    b"HTTP/",
    b"http/1.1",
    b"\r\n",
    b"\n",
    b"\r",
    b":",
    b": ",
    b"Host",
    b"host",
    b"Upgrade",
    b"Connection",
    b"sec-websocket-key",
    b"Sec-WebSocket-Protocol",
    b"X-A",
    b"Content-Length",
    b"Transfer-Encoding",
    b"a",
    b"v a l",
    b"\x00",
    b"\x7f",
    b"\x80",
    b"\x0b",
    b"(",
    b"\"",
    b"0",
];

fn arb_pieces() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// A head that is valid or nearly: a request line and field lines from parts that may be
/// off (wrong spaces, versions, line ends), some bytes then changed, and maybe cut short.
fn arb_near_valid() -> impl Strategy<Value = Vec<u8>> {
    let eol = || {
        prop_oneof![
            40 => Just(&b"\r\n"[..]),
            12 => Just(&b"\n"[..]),
            1 => Just(&b"\r"[..]),
            1 => Just(&b"\r\r\n"[..]),
            1 => Just(&b"\n\r"[..]),
        ]
    };
    let name = prop_oneof![
        2 => Just("Host".to_string()),
        2 => Just("Upgrade".to_string()),
        2 => Just("connection".to_string()),
        1 => Just("Sec-WebSocket-Key".to_string()),
        1 => Just("SEC-WEBSOCKET-VERSION".to_string()),
        1 => Just("Sec-WebSocket-Protocol".to_string()),
        1 => Just("sec-websocket-extensions".to_string()),
        1 => Just("Origin".to_string()),
        1 => Just("HTTP2-Settings".to_string()),
        1 => Just("Content-Length".to_string()),
        1 => Just("Transfer-Encoding".to_string()),
        4 => "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}",
        1 => "[ -~]{0,6}",
    ];
    let value = prop_oneof![
        12 => "[ -~\t]{0,20}",
        1 => proptest::collection::vec(any::<u8>(), 0..6)
            .prop_map(|v| v.iter().map(|&b| char::from(b)).collect::<String>()),
    ];
    let sep = prop_oneof![
        40 => Just(": "),
        12 => Just(":"),
        1 => Just(":\t "),
        1 => Just(" : "),
        1 => Just(" \t:"),
        1 => Just(" "),
        1 => Just(""),
    ];
    let fold = prop_oneof![50 => Just(""), 1 => Just(" "), 1 => Just("\t")];
    let field = (fold, name, sep, value, eol()).prop_map(|(fold, n, s, v, e)| {
        [fold.as_bytes(), n.as_bytes(), s.as_bytes(), v.as_bytes(), e].concat()
    });
    let blank = prop_oneof![
        12 => Just(Vec::new()),
        2 => proptest::collection::vec(eol(), 1..3).prop_map(|v| v.concat()),
    ];
    let method = prop_oneof![
        30 => Just("GET".to_string()),
        1 => Just("OPTIONS".to_string()),
        1 => Just("PO ST".to_string()),
        1 => Just(String::new()),
        1 => "[!-~]{1,5}",
    ];
    let sp = || prop_oneof![40 => Just(" "), 1 => Just("  "), 1 => Just("\t")];
    let target = prop_oneof![
        20 => Just("/chat".to_string()),
        1 => Just("*".to_string()),
        1 => Just("http://h/p?q".to_string()),
        1 => Just("/caf\u{e9}".to_string()),
        2 => "[!-~]{0,10}",
        1 => "\\PC{1,4}",
    ];
    let version = prop_oneof![
        40 => Just("HTTP/1.1"),
        8 => Just("HTTP/1.0"),
        1 => Just("HTTP/1.2"),
        1 => Just("HTTP/2.0"),
        1 => Just("HTTP/3"),
        1 => Just("HTTP/1.1 "),
        1 => Just("HTTP/1.10"),
    ];
    let request_line = (blank, method, sp(), target, sp(), version, eol()).prop_map(
        |(blank, m, s1, t, s2, v, e)| {
            let parts = [
                m.as_bytes(),
                s1.as_bytes(),
                t.as_bytes(),
                s2.as_bytes(),
                v.as_bytes(),
                e,
            ];
            [blank, parts.concat()].concat()
        },
    );
    let edits = prop_oneof![
        3 => Just(Vec::new()),
        2 => proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..3),
    ];
    let cut = prop_oneof![2 => Just(None), 1 => any::<prop::sample::Index>().prop_map(Some)];
    (
        request_line,
        proptest::collection::vec(field, 0..12),
        eol(),
        edits,
        cut,
    )
        .prop_map(|(line, fields, end, edits, cut)| {
            let mut head = [line, fields.concat(), end.to_vec()].concat();
            for (at, byte, kind) in edits {
                let i = at.index(head.len() + 1);
                match kind {
                    0 => head.insert(i, byte),
                    1 if i < head.len() => head[i] = byte,
                    _ if i < head.len() => {
                        head.remove(i);
                    }
                    _ => {}
                }
            }
            if let Some(cut) = cut {
                head.truncate(cut.index(head.len() + 1));
            }
            head
        })
}

fn arb_limits() -> impl Strategy<Value = (usize, usize)> {
    (
        prop_oneof![3 => Just(16 * 1024), 1 => 0..200usize],
        prop_oneof![3 => Just(100), 1 => 0..6usize],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn rfc9112_2_to_5_near_valid_heads_parse_as_before(head in arb_near_valid(), (bytes, fields) in arb_limits()) {
        same(&head, bytes, fields);
    }

    #[test]
    fn rfc9112_2_to_5_pieced_heads_parse_as_before(head in arb_pieces(), (bytes, fields) in arb_limits()) {
        same(&head, bytes, fields);
    }

    /// With its default strict line ends the parser answers as with lenient ones, except that a
    /// head with a bare LF where a line ends is refused (RFC 9112 §2.2).
    #[test]
    fn rfc9112_2_2_strict_line_ends_refuse_only_a_bare_lf(head in arb_near_valid(), (bytes, fields) in arb_limits()) {
        let (s, l) = (strict(&head, bytes, fields), new(&head, bytes, fields));
        if s != l {
            prop_assert_eq!(&s, &Outcome::Error(ErrorCode::BareLf), "lenient: {:?}", l);
            let bare = head.iter().enumerate().any(|(i, &b)| b == b'\n' && (i == 0 || head[i - 1] != b'\r'));
            prop_assert!(bare);
        }
    }

    #[test]
    fn rfc9112_2_to_5_arbitrary_bytes_parse_as_before(head in proptest::collection::vec(any::<u8>(), 0..64)) {
        same(&head, 16 * 1024, 100);
        same(&[&b"GET / HTTP/1.1\r\n"[..], &head].concat(), 16 * 1024, 100);
    }

    #[test]
    fn rfc9110_5_5_word_tests_mark_the_first_byte_a_scan_refuses(word in arb_word()) {
        let w = u64::from_le_bytes(word);
        prop_assert_eq!(first_mark(below(w, 0x20)), first_refused(word, |b| b >= 0x20 && b != 0x7f));
        prop_assert_eq!(first_mark(below(w, 0x21)), first_refused(word, |b| b >= 0x21 && b != 0x7f));
        prop_assert_eq!(
            first_mark(not_alnum_or_dash(w)),
            first_refused(word, |b| b.is_ascii_alphanumeric() || b == b'-')
        );
    }

    #[test]
    fn rfc9110_5_1_known_field_names_match_case_insensitively(
        f in proptest::sample::select(&ALL_FIELDS[..]),
        upper in proptest::collection::vec(any::<bool>(), 24),
        change in proptest::option::of((any::<prop::sample::Index>(), "[!#$%&'*+.^_`|~0-9A-Za-z-]")),
    ) {
        let mut name: Vec<u8> = f
            .name()
            .bytes()
            .zip(&upper)
            .map(|(b, &up)| if up { b.to_ascii_uppercase() } else { b })
            .collect();
        if let Some((at, c)) = change {
            let i = at.index(name.len());
            name[i] = c.as_bytes()[0];
        }
        let want = ALL_FIELDS.iter().copied().find(|k| k.name().as_bytes().eq_ignore_ascii_case(&name));
        prop_assert_eq!(Field::of(&name), want);
    }

    /// Status lines and fields from a grammar of near misses, then one byte inserted.
    #[test]
    fn rfc9112_4_status_lines_parse_as_httparse(
        head in "(\r?\n|\r){0,2}(HTTP/1\\.[0-2x]|HTTP/1|HTTX|http/1\\.1|)( ?[ 0-9a]{0,4})\
                 ( [ a~\t\x01\x7f\u{80}\u{e9}]{0,5})?(\r?\n|\r|\n\r)?\
                 ([aZ: \t\x00\x7f\u{e9}-]{0,6}(\r?\n|\r)?){0,3}",
        junk in any::<u8>(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut bytes = head.into_bytes();
        same_response(&bytes);
        bytes.insert(at.index(bytes.len() + 1), junk);
        same_response(&bytes);
    }

    /// Heads that mostly parse, then cut short or with one byte changed.
    #[test]
    fn rfc9112_4_near_valid_responses_parse_as_httparse(
        head in "(\r?\n)?HTTP/1\\.[0-2]( [0-9]{3}|  [0-9]{3}| [0-9]{2}a|[0-9]{3}| 1010|\t101)\
                 ( [ a~\t\x01\x7f\u{80}\u{e9}]{0,5})?(\r\n|\n|\r|\rx|\n\r)\
                 (([aZ-]{1,3}|a b|)(: |:| :)[ a\t\x00\x7f\u{e9}]{0,3}(\r\n|\n|\r)){0,3}(\r\n|\n|)",
        junk in any::<u8>(),
        at in any::<prop::sample::Index>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut bytes = head.into_bytes();
        same_response(&bytes);
        same_response(bytes.get(..cut.index(bytes.len() + 1)).unwrap_or(&[]));
        let at = at.index(bytes.len().max(1));
        if let Some(b) = bytes.get_mut(at) {
            *b = junk;
        }
        same_response(&bytes);
    }

    #[test]
    fn rfc9112_4_generated_responses_parse_as_httparse(head in arb_near_valid(), tail in arb_pieces()) {
        // A request line is no status line; make some of them one.
        same_response(&head);
        let status = [&b"HTTP/1.1 101 OK\r\n"[..], &tail].concat();
        same_response(&status);
        if let Some(i) = head.iter().position(|&b| b == b'\n') {
            same_response(&[&b"HTTP/1.1 200 x"[..], &head[i..]].concat());
        }
    }
}
