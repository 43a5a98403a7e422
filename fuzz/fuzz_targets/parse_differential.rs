// Raw request head -> negotiate, against the httparse-based parsing it replaced
// (tests/head/reference.rs): the same Incomplete, the same parse error code, and no parse error
// where the old path completed. Limits from the first byte: bit 0 small ones (bits 1-7 pick them).
#![no_main]
use upgrade_handshake::{negotiate, Decision, ErrorCode, Policy};

#[path = "../../tests/head/reference.rs"]
#[allow(dead_code)]
mod reference;

/// The codes only the parser gives.
const PARSE_CODES: [ErrorCode; 9] = [
    ErrorCode::HeadTooLarge,
    ErrorCode::TooManyHeaders,
    ErrorCode::TargetTooLong,
    ErrorCode::BadRequestLine,
    ErrorCode::UnsupportedHttpVersion,
    ErrorCode::BadFieldName,
    ErrorCode::WhitespaceBeforeColon,
    ErrorCode::BadFieldValue,
    ErrorCode::ObsFold,
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&knobs, head)) = data.split_first() else {
        return;
    };
    let mut policy = Policy {
        trail: false,
        lenient_line_ends: true,
        ..Policy::default()
    };
    if knobs & 1 != 0 {
        policy.max_head_bytes = usize::from(knobs >> 1) * 4;
        policy.max_headers = usize::from(knobs >> 5);
    }
    // Lenient line ends: what httparse reads.
    let out = negotiate(head, &policy);
    let code = out.error().map(|e| e.code);
    let old = reference::parse(head, policy.max_head_bytes, policy.max_headers, true);
    match &old {
        reference::Old::Incomplete => {
            assert!(matches!(out.decision, Decision::Incomplete), "{:?}", out.decision)
        }
        reference::Old::Error(old) => assert_eq!(code, Some(*old)),
        reference::Old::Complete { .. } => {
            assert!(!matches!(out.decision, Decision::Incomplete));
            assert!(!code.is_some_and(|c| PARSE_CODES.contains(&c)), "{code:?}");
        }
    }
    // The default, strict line ends: the same answers, or 400 for a bare LF the head has.
    policy.lenient_line_ends = false;
    let strict = negotiate(head, &policy);
    let strict_code = strict.error().map(|e| e.code);
    if strict_code == Some(ErrorCode::BareLf) {
        let bare = head
            .iter()
            .enumerate()
            .any(|(i, &b)| b == b'\n' && (i == 0 || head[i - 1] != b'\r'));
        assert!(bare, "a bare LF refused where there is none");
    } else {
        assert_eq!(strict.decision, out.decision);
    }
});
