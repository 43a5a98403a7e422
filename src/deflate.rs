//! RFC 7692 permessage-deflate negotiation (§5 and §7).
//!
//! The client lists offers in order of preference. An offer with an unknown parameter, a
//! repeated parameter or an invalid value is declined and the next one considered (§7);
//! declining never fails the handshake. The accepted offer's response follows the policy and
//! the offer: `client_max_window_bits` is answered only if the client offered it (§7.1.2.2),
//! `server_max_window_bits` never exceeds the client's cap (§7.1.2.1).

use alloc::string::String;

use crate::check::{Step, Trail};
use crate::list::{unquote_into, with_params, ParamValue, Params};
use crate::policy::DeflatePolicy;
use crate::response::push_decimal;

const NAME: &str = "permessage-deflate";

/// One parsed permessage-deflate offer (or response).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Deflate {
    pub(crate) server_no_context_takeover: bool,
    pub(crate) client_no_context_takeover: bool,
    pub(crate) server_max_window_bits: Option<u8>,
    /// `Some(None)`: the parameter without a value.
    pub(crate) client_max_window_bits: Option<Option<u8>>,
}

/// Parses a window-bits value: a decimal 8..=15 without leading zeros, token or quoted
/// (unescaped first, RFC 7692 §7.1.2.1 and RFC 6455 §9.1).
fn window_bits(v: ParamValue<'_>) -> Option<u8> {
    let mut buf = [0u8; 4];
    let raw = match v {
        ParamValue::None => return None,
        ParamValue::Token(t) => t,
        ParamValue::Quoted(q) => unquote_into(q, &mut buf)?,
    };
    match raw {
        [d @ b'8'..=b'9'] => Some(d - b'0'),
        [b'1', d @ b'0'..=b'5'] => Some(10 + d - b'0'),
        _ => None,
    }
}

/// Parses the parameters of one permessage-deflate element. `Err` says why it is declined.
/// `response` selects the response grammar (client_max_window_bits then needs a value).
pub(crate) fn parse(params: Params<'_>, response: bool) -> Result<Deflate, &'static str> {
    let mut d = Deflate::default();
    for p in params {
        if !p.is_well_formed() {
            return Err("a parameter is not a token or its value is not a token or quoted string");
        }
        match p.name {
            b"server_no_context_takeover" | b"client_no_context_takeover" => {
                if p.value != ParamValue::None {
                    return Err("a *_no_context_takeover parameter must not have a value");
                }
                let flag = if p.name == b"server_no_context_takeover" {
                    &mut d.server_no_context_takeover
                } else {
                    &mut d.client_no_context_takeover
                };
                if *flag {
                    return Err("a parameter is repeated");
                }
                *flag = true;
            }
            b"server_max_window_bits" => {
                if d.server_max_window_bits.is_some() {
                    return Err("a parameter is repeated");
                }
                d.server_max_window_bits =
                    Some(window_bits(p.value).ok_or("server_max_window_bits must be 8 to 15")?);
            }
            b"client_max_window_bits" => {
                if d.client_max_window_bits.is_some() {
                    return Err("a parameter is repeated");
                }
                let bits = match p.value {
                    ParamValue::None if !response => None,
                    v => Some(window_bits(v).ok_or("client_max_window_bits must be 8 to 15")?),
                };
                d.client_max_window_bits = Some(bits);
            }
            _ => return Err("the offer has a parameter RFC 7692 does not define"),
        }
    }
    Ok(d)
}

/// The response to an accepted offer under `policy` (RFC 7692 §7.1).
fn answer(offer: &Deflate, policy: &DeflatePolicy) -> String {
    let mut out = String::from(NAME);
    if offer.server_no_context_takeover || policy.server_no_context_takeover {
        out.push_str("; server_no_context_takeover");
    }
    if policy.client_no_context_takeover {
        out.push_str("; client_no_context_takeover");
    }
    let server_bits = match (offer.server_max_window_bits, policy.server_max_window_bits) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if let Some(bits) = server_bits {
        out.push_str("; server_max_window_bits=");
        push_decimal(&mut out, usize::from(bits));
    }
    if let (Some(offered), Some(cap)) =
        (offer.client_max_window_bits, policy.client_max_window_bits)
    {
        out.push_str("; client_max_window_bits=");
        push_decimal(&mut out, usize::from(offered.unwrap_or(15).min(cap)));
    }
    out
}

/// Picks the first acceptable permessage-deflate offer among `offers` (the elements of
/// `Sec-WebSocket-Extensions`, in order) and returns the response value.
pub(crate) fn negotiate<'b>(
    offers: impl Iterator<Item = &'b [u8]>,
    policy: Option<&DeflatePolicy>,
    trail: &mut Trail,
) -> Option<String> {
    let mut offers = offers.peekable();
    if offers.peek().is_none() {
        trail.step(Step::NoExtensionIsOffered);
        return None;
    }
    let Some(policy) = policy.filter(|p| p.is_valid()) else {
        trail.step(Step::DeflateIsOff);
        return None;
    };
    for offer in offers {
        let (name, params) = with_params(offer);
        if name != NAME.as_bytes() {
            continue;
        }
        match parse(params, false) {
            Ok(d) => {
                let value = answer(&d, policy);
                trail.step_with(Step::DeflateIsAccepted, || value.as_str());
                return Some(value);
            }
            Err(why) => trail.step_with(Step::DeflateOfferIsDeclined, || why),
        }
    }
    trail.step(Step::NoDeflateOfferIsAcceptable);
    None
}
