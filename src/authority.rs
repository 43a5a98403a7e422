//! The authority grammar of RFC 3986 §3.2.2-§3.2.3, as `Host` (RFC 9112 §3.2) and the
//! authority-form request-target (RFC 9112 §3.2.3) use it:
//!
//! ```text
//! uri-host    = IP-literal / IPv4address / reg-name
//! IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
//! IPvFuture   = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//! reg-name    = *( unreserved / pct-encoded / sub-delims )
//! port        = *DIGIT
//! ```
//!
//! An IPv4address is also a reg-name, so it needs no rule of its own here.

use crate::list::{ascii_set, in_set};

/// `unreserved / sub-delims` (RFC 3986 §2.2-§2.3): the bytes of a reg-name besides `%`.
const REG_NAME: [u64; 2] = ascii_set(b"-._~!$&'()*+,;=", true);

/// `uri-host [ ":" port ]`; with `port_required`, `uri-host ":" port` (authority-form).
pub(crate) fn is_host_port(v: &[u8], port_required: bool) -> bool {
    let (host_ok, rest) = match v.strip_prefix(b"[") {
        Some(inner) => match inner.iter().position(|&b| b == b']') {
            Some(end) => (
                is_ip_literal(inner.get(..end).unwrap_or_default()),
                inner.get(end + 1..).unwrap_or_default(),
            ),
            None => return false,
        },
        None => {
            let end = v.iter().position(|&b| b == b':').unwrap_or(v.len());
            (
                is_reg_name(v.get(..end).unwrap_or_default()),
                v.get(end..).unwrap_or_default(),
            )
        }
    };
    host_ok
        && match rest.split_first() {
            None => !port_required,
            Some((b':', port)) => port.iter().all(u8::is_ascii_digit),
            Some(_) => false,
        }
}

/// The host of a valid `uri-host [ ":" port ]` and its port, if any (`[::1]:80` gives `[::1]`
/// and `80`).
pub(crate) fn split_host_port(v: &[u8]) -> (&[u8], Option<&[u8]>) {
    let end = match v.first() {
        Some(b'[') => v.iter().position(|&b| b == b']').map_or(v.len(), |i| i + 1),
        _ => v.iter().position(|&b| b == b':').unwrap_or(v.len()),
    };
    let host = v.get(..end).unwrap_or(v);
    (host, v.get(end + 1..).filter(|_| v.get(end) == Some(&b':')))
}

/// Whether `authority` (a valid `uri-host [ ":" port ]`) is one `allowed` names: an entry with a
/// port is compared whole, one without a port by its host; hosts ASCII case-insensitively.
pub(crate) fn is_allowed(authority: &[u8], allowed: &[alloc::string::String]) -> bool {
    let (host, port) = split_host_port(authority);
    allowed.iter().any(|entry| {
        let (h, p) = split_host_port(entry.as_bytes());
        h.eq_ignore_ascii_case(host) && (p.is_none() || p == port)
    })
}

/// `reg-name = *( unreserved / pct-encoded / sub-delims )`.
fn is_reg_name(h: &[u8]) -> bool {
    let mut rest = h;
    while let Some((&b, tail)) = rest.split_first() {
        rest = match (b, tail) {
            (b'%', [x, y, tail @ ..]) if x.is_ascii_hexdigit() && y.is_ascii_hexdigit() => tail,
            (b'%', _) => return false,
            _ if in_set(REG_NAME, b) => tail,
            _ => return false,
        };
    }
    true
}

/// What goes between the brackets of an IP-literal.
fn is_ip_literal(l: &[u8]) -> bool {
    match l.split_first() {
        Some((b'v' | b'V', future)) => is_ipv_future(future),
        _ => is_ipv6(l),
    }
}

/// `1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`, after the `v`.
fn is_ipv_future(f: &[u8]) -> bool {
    let Some(dot) = f.iter().position(|&b| b == b'.') else {
        return false;
    };
    let (version, rest) = (
        f.get(..dot).unwrap_or_default(),
        f.get(dot + 1..).unwrap_or_default(),
    );
    !version.is_empty()
        && version.iter().all(u8::is_ascii_hexdigit)
        && !rest.is_empty()
        && rest.iter().all(|&b| b == b':' || in_set(REG_NAME, b))
}

/// `IPv6address` (RFC 3986 §3.2.2): eight 16-bit pieces of 1 to 4 hex digits separated by `:`,
/// the last two of which may be an IPv4 address, with one `::` standing for one or more pieces
/// of zeros.
fn is_ipv6(s: &[u8]) -> bool {
    let elision = s.windows(2).position(|w| w == b"::");
    let (before, after) = match elision {
        Some(i) => (
            s.get(..i).unwrap_or_default(),
            s.get(i + 2..).unwrap_or_default(),
        ),
        None => (s, &[][..]),
    };
    // The IPv4 form may end the address only.
    let last_side_is_after = elision.is_some();
    let Some(n_before) = pieces(before, !last_side_is_after) else {
        return false;
    };
    let Some(n_after) = pieces(after, last_side_is_after) else {
        return false;
    };
    match elision {
        Some(_) => n_before + n_after <= 7,
        None => n_before == 8,
    }
}

/// How many 16-bit pieces `side` holds (`h16 *( ":" h16 )`, or nothing), its last one possibly
/// an IPv4 address (two pieces) when `may_end_in_ipv4`; `None` when it is not that.
fn pieces(side: &[u8], may_end_in_ipv4: bool) -> Option<usize> {
    if side.is_empty() {
        return Some(0);
    }
    let mut n = 0;
    let mut parts = side.split(|&b| b == b':').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        if (1..=4).contains(&part.len()) && part.iter().all(u8::is_ascii_hexdigit) {
            n += 1;
        } else if last && may_end_in_ipv4 && is_ipv4(part) {
            n += 2;
        } else {
            return None;
        }
    }
    Some(n)
}

/// `IPv4address = dec-octet "." dec-octet "." dec-octet "." dec-octet`, each 0 to 255 with no
/// leading zero.
fn is_ipv4(s: &[u8]) -> bool {
    let mut n = 0;
    for octet in s.split(|&b| b == b'.') {
        n += 1;
        let ok = match octet {
            [d] => d.is_ascii_digit(),
            [b'1'..=b'9', d] => d.is_ascii_digit(),
            [b'1', d, e] => d.is_ascii_digit() && e.is_ascii_digit(),
            [b'2', b'0'..=b'4', d] => d.is_ascii_digit(),
            [b'2', b'5', b'0'..=b'5'] => true,
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    n == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3986_3_2_2_hosts() {
        for good in [
            "server.example.com",
            "server.example.com:8080",
            "a",
            "",
            "localhost:",
            "127.0.0.1:80",
            "xn--bcher-kva.example",
            "a%20b",
            "[::1]",
            "[::1]:443",
            "[2001:db8::7]",
            "[2001:db8:0:0:1:0:0:1]",
            "[::ffff:192.0.2.1]",
            "[v1.fe80::a+en1]",
            "[1:2:3:4:5:6:7::]",
        ] {
            assert!(is_host_port(good.as_bytes(), false), "{good:?}");
        }
        for bad in [
            "a:b",
            "server:.example.com",
            "a b",
            "a/b",
            "a@b",
            "[::1",
            "[::1]x",
            "[::1]:8x",
            "[1:2:3:4:5:6:7:8:9]",
            "[1:2:3:4:5:6:7]",
            "[1::2::3]",
            "[12345::]",
            "[::1.2.3.256]",
            "[::01.2.3.4]",
            "[::1.2.3.4:5]",
            "[g::]",
            "[v.x]",
            "[v1.]",
            "a%2",
            "a%zz",
            "a:1:2",
        ] {
            assert!(!is_host_port(bad.as_bytes(), false), "{bad:?}");
        }
    }

    #[test]
    fn hosts_match_by_host_or_by_authority() {
        let allowed = [
            "example.com".into(),
            "api.example.com:8443".into(),
            "[::1]".into(),
        ];
        assert!(is_allowed(b"EXAMPLE.com", &allowed));
        assert!(is_allowed(b"example.com:8080", &allowed));
        assert!(is_allowed(b"api.example.com:8443", &allowed));
        assert!(!is_allowed(b"api.example.com", &allowed));
        assert!(!is_allowed(b"api.example.com:443", &allowed));
        assert!(is_allowed(b"[::1]:8787", &allowed));
        assert!(!is_allowed(b"evil.example", &allowed));
        assert!(!is_allowed(b"example.com.evil.example", &allowed));
        assert_eq!(
            split_host_port(b"[::1]:80"),
            (&b"[::1]"[..], Some(&b"80"[..]))
        );
    }

    #[test]
    fn rfc9112_3_2_3_authority_form_needs_the_port() {
        assert!(is_host_port(b"server.example.com:443", true));
        assert!(is_host_port(b"[::1]:443", true));
        assert!(!is_host_port(b"server.example.com", true));
        assert!(!is_host_port(b"/chat", true));
    }
}
