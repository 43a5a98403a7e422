//! RFC 9110 §5.6: lists, tokens, quoted strings and parameters, parsed in one place and reused
//! for `Upgrade`, `Connection`, `Sec-WebSocket-Protocol` and `Sec-WebSocket-Extensions`.
//!
//! ```text
//! #element  = [ element ] *( OWS "," OWS [ element ] )      ; RFC 9110 §5.6.1
//! token     = 1*tchar                                       ; RFC 9110 §5.6.2
//! tchar     = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//!             "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
//! quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE   ; RFC 9110 §5.6.4
//! ```
//!
//! Every function here is a single forward scan: a list of n bytes costs O(n), however many
//! elements or field lines it has.

/// The bytes of a class below 128 as a bit set: bit `b % 64` of word `b / 64` set for byte `b`.
/// Two `u64`s rather than a `u128`, whose shifts wasm32 has no instruction for.
pub(crate) const fn ascii_set(special: &[u8], alnum: bool) -> [u64; 2] {
    let mut set = [0u64; 2];
    let mut b = 0u8;
    while b < 128 {
        let mut hit = alnum && b.is_ascii_alphanumeric();
        let mut rest = special;
        while let [c, tail @ ..] = rest {
            hit |= *c == b;
            rest = tail;
        }
        if hit {
            if b < 64 {
                set[0] |= 1 << b;
            } else {
                set[1] |= 1 << (b - 64);
            }
        }
        b += 1;
    }
    set
}

/// Whether `b` is in `set` (built by [`ascii_set`]); bytes from 128 up never are.
/// Always inlined: it runs once per byte of every list.
#[inline(always)]
pub(crate) fn in_set(set: [u64; 2], b: u8) -> bool {
    let word = match b {
        0..=63 => set[0],
        64..=127 => set[1],
        _ => return false,
    };
    (word >> (b & 63)) & 1 != 0
}

const TCHAR: [u64; 2] = ascii_set(b"!#$%&'*+-.^_`|~", true);

/// `tchar` of RFC 9110 §5.6.2: DIGIT, ALPHA and `!#$%&'*+-.^_`|~`. A bit test rather than
/// a chain of comparisons: tokens are checked in every list the engine reads.
#[inline]
pub(crate) fn is_tchar(b: u8) -> bool {
    in_set(TCHAR, b)
}

/// `token` of RFC 9110 §5.6.2: one or more `tchar`.
#[inline]
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

/// A field-value byte (RFC 9110 §5.5): visible ASCII, SP, HTAB or obs-text; no CTL.
#[inline]
pub(crate) fn is_field_vchar(b: u8) -> bool {
    b == b'\t' || (b >= 0x20 && b != 0x7f)
}

/// A byte of a URI authority (RFC 3986 §3.2: unreserved, pct-encoded, sub-delims, `:` and the
/// brackets of an IP literal), as a `Host` value or a URL's authority may hold.
#[inline]
pub(crate) fn is_authority_char(b: u8) -> bool {
    in_set(AUTHORITY, b)
}

const AUTHORITY: [u64; 2] = ascii_set(b"-._~%!$&'()*+,;=:[]", true);

/// Whether `s` holds the byte `b`: a plain scan, for inputs a few dozen bytes long.
#[allow(clippy::manual_contains)]
pub(crate) fn has_byte(s: &[u8], b: u8) -> bool {
    s.iter().any(|&c| c == b)
}

/// OWS of RFC 9110 §5.6.3.
#[inline]
fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Strips OWS from both ends.
pub(crate) fn trim_ows(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if is_ows(*first) {
            s = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = s {
        if is_ows(*last) {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Splits `s` at the first `sep` outside a quoted string. Returns (before, after-or-None).
fn split_outside_quotes(s: &[u8], sep: u8) -> (&[u8], Option<&[u8]>) {
    // Fast path: most values hold no quoted string, so look for the separator or a DQUOTE only.
    let Some(i) = s.iter().position(|&b| b == sep || b == b'"') else {
        return (s, None);
    };
    if s.get(i) == Some(&sep) {
        return cut(s, i);
    }
    let mut in_quote = false;
    let mut escaped = false;
    for (j, &b) in s.iter().enumerate().skip(i) {
        if in_quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_quote = false;
            }
        } else if b == b'"' {
            in_quote = true;
        } else if b == sep {
            return cut(s, j);
        }
    }
    (s, None)
}

/// `s` without its byte at `i`: what comes before it and what comes after (`get`, which cannot
/// panic, rather than `split_at`).
fn cut(s: &[u8], i: usize) -> (&[u8], Option<&[u8]>) {
    (s.get(..i).unwrap_or(s), s.get(i + 1..))
}

/// The elements of one field value (RFC 9110 §5.6.1): split at commas outside quoted strings,
/// OWS trimmed, empty elements skipped.
#[derive(Clone)]
pub(crate) struct Elements<'a> {
    rest: Option<&'a [u8]>,
}

impl<'a> Elements<'a> {
    pub(crate) fn new(value: &'a [u8]) -> Elements<'a> {
        Elements { rest: Some(value) }
    }

    /// No elements at all.
    pub(crate) fn empty() -> Elements<'a> {
        Elements { rest: None }
    }
}

impl<'a> Iterator for Elements<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        loop {
            let rest = self.rest?;
            let (element, after) = split_outside_quotes(rest, b',');
            self.rest = after;
            let element = trim_ows(element);
            if !element.is_empty() {
                return Some(element);
            }
        }
    }
}

/// A list element with parameters: `token *( OWS ";" OWS param )`, as in
/// `Sec-WebSocket-Extensions` (RFC 6455 §9.1) and media types.
pub(crate) struct Params<'a> {
    rest: Option<&'a [u8]>,
}

/// Splits an element into its leading item (trimmed) and its parameters.
pub(crate) fn with_params(element: &[u8]) -> (&[u8], Params<'_>) {
    let (head, rest) = split_outside_quotes(element, b';');
    (trim_ows(head), Params { rest })
}

/// A parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParamValue<'a> {
    /// `name` alone.
    None,
    /// `name=token` (or something that is not a valid token or quoted string: check it).
    Token(&'a [u8]),
    /// `name="..."`: the bytes between the quotes, still escaped.
    Quoted(&'a [u8]),
}

/// One parameter: its name (trimmed) and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Param<'a> {
    pub(crate) name: &'a [u8],
    pub(crate) value: ParamValue<'a>,
}

impl Param<'_> {
    /// True when the name is a token and the value (if any) is a token or a well-formed
    /// quoted string.
    pub(crate) fn is_well_formed(&self) -> bool {
        is_token(self.name)
            && match self.value {
                ParamValue::None => true,
                ParamValue::Token(t) => is_token(t),
                ParamValue::Quoted(q) => quoted_is_well_formed(q),
            }
    }
}

impl<'a> Iterator for Params<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        let rest = self.rest?;
        let (param, after) = split_outside_quotes(rest, b';');
        self.rest = after;
        let param = trim_ows(param);
        if param.is_empty() {
            // `a;;b` or a trailing `;`: an empty parameter. Report it so callers can decline.
            return Some(Param {
                name: b"",
                value: ParamValue::None,
            });
        }
        let (name, value) = split_outside_quotes(param, b'=');
        let name = trim_ows(name);
        let value = match value {
            None => ParamValue::None,
            Some(v) => {
                let v = trim_ows(v);
                match v {
                    [b'"', inner @ .., b'"'] => ParamValue::Quoted(inner),
                    _ => ParamValue::Token(v),
                }
            }
        };
        Some(Param { name, value })
    }
}

/// Whether the inside of a quoted string (without the DQUOTEs) is `*( qdtext / quoted-pair )`.
pub(crate) fn quoted_is_well_formed(inner: &[u8]) -> bool {
    let mut escaped = false;
    for &b in inner {
        if escaped {
            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
            if !is_field_vchar(b) {
                return false;
            }
            escaped = false;
        } else if b == b'\\' {
            escaped = true;
        } else if b == b'"' || !is_field_vchar(b) {
            return false;
        }
    }
    !escaped
}

/// Unescapes a quoted string's inside into `out`, returning the used prefix, or `None` if it
/// is malformed or does not fit.
pub(crate) fn unquote_into<'o>(inner: &[u8], out: &'o mut [u8]) -> Option<&'o [u8]> {
    if !quoted_is_well_formed(inner) {
        return None;
    }
    let mut n = 0;
    let mut escaped = false;
    for &b in inner {
        if !escaped && b == b'\\' {
            escaped = true;
            continue;
        }
        escaped = false;
        *out.get_mut(n)? = b;
        n += 1;
    }
    out.get(..n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// The byte classes as RFC 9110 §5.6.2 and RFC 3986 §3.2 spell them, which the bit sets
    /// must match for every byte.
    #[test]
    fn byte_sets_match_their_grammar() {
        for b in 0..=255u8 {
            let tchar = matches!(b,
                b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' |
                b'^' | b'_' | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z');
            assert_eq!(is_tchar(b), tchar, "tchar {b}");
            let authority = b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.'
                        | b'_'
                        | b'~'
                        | b'%'
                        | b'!'
                        | b'$'
                        | b'&'
                        | b'\''
                        | b'('
                        | b')'
                        | b'*'
                        | b'+'
                        | b','
                        | b';'
                        | b'='
                        | b':'
                        | b'['
                        | b']'
                );
            assert_eq!(is_authority_char(b), authority, "authority {b}");
        }
    }

    #[test]
    fn elements_skip_empty_and_trim() {
        let v: Vec<&[u8]> = Elements::new(b" , keep-alive ,, Upgrade ,").collect();
        assert_eq!(v, [&b"keep-alive"[..], &b"Upgrade"[..]]);
    }

    #[test]
    fn elements_respect_quotes() {
        let v: Vec<&[u8]> = Elements::new(br#"a; x="1,2", b; y="q\"," , c"#).collect();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0], br#"a; x="1,2""#);
        assert_eq!(v[1], br#"b; y="q\",""#);
    }

    #[test]
    fn params_parse() {
        let (name, params) = with_params(
            br#"permessage-deflate ; client_max_window_bits ; server_max_window_bits = "10""#,
        );
        assert_eq!(name, b"permessage-deflate");
        let p: Vec<Param<'_>> = params.collect();
        assert_eq!(p[0].name, b"client_max_window_bits");
        assert_eq!(p[0].value, ParamValue::None);
        assert_eq!(p[1].value, ParamValue::Quoted(b"10"));
        let mut buf = [0u8; 4];
        assert_eq!(unquote_into(br"\1\0", &mut buf), Some(&b"10"[..]));
    }
}
