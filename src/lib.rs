//! # upgrade-handshake
//!
//! A sans-IO, `no_std` + `alloc` implementation of the HTTP/1.1 protocol-upgrade handshake:
//! WebSocket (RFC 6455, with permessage-deflate per RFC 7692), h2c (RFC 7540 §3.2), TLS inside
//! HTTP/1.1 (RFC 2817) and the generic rules of RFC 9110 §7.8 over the message syntax of RFC 9112.
//!
//! Bytes (or already-parsed parts) go in, a decision comes out; the caller does all IO.
//!
//! ## Server
//!
//! ```
//! use upgrade_handshake::{negotiate, Decision, Policy};
//! let policy = Policy { protocols: vec!["chat".into()], ..Policy::default() };
//! let head = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\
//!     Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
//!     Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";
//! match negotiate(head, &policy).decision {
//!     Decision::Switch(s) => assert_eq!(s.subprotocol.as_deref(), Some("chat")), // send s.response, then frames
//!     Decision::Reject(r) => panic!("send {} and close", r.response),
//!     Decision::Pass(_) => panic!("serve it as plain HTTP"),
//!     Decision::Incomplete => panic!("read more bytes"),
//! }
//! ```
//!
//! ## Client
//!
//! ```
//! use upgrade_handshake::{create_request, verify_response, RequestOptions};
//! let req = create_request(&RequestOptions {
//!     url: "ws://server.example.com/chat", protocols: &["chat"], extensions: None,
//!     origin: None, key: *b"the sample nonce", // use 16 random bytes
//! }).unwrap();
//! // send req.request, read the response head:
//! let answer = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
//!     Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";
//! let v = verify_response(answer, &req.offer);
//! assert!(v.ok() && v.protocol() == Some("chat"));
//! ```
//!
//! ## Modules, one per concern, layered
//! Each module imports only modules of the layers below it:
//! 1. `list` (RFC 9110 §5.6 lists, tokens, quoted strings), `authority` (the RFC 3986 host
//!    grammar), `error` (the [`ErrorCode`] table), `check` (the table of checks and the trail);
//! 2. `accept`, `policy`, `response` (the validated builder and serializer), `settings`
//!    (HTTP/2 SETTINGS);
//! 3. `outcome` (the decision, and the rejection and 101 builders);
//! 4. `head` (RFC 9112 parsing and limits);
//! 5. the protocols: `deflate` (RFC 7692), `h2c`, `tls` (RFC 2817), `websocket`, and `upgrade`
//!    (the RFC 9110 §7.8 choice);
//! 6. the entry points: `server` and `client`;
//! 7. `json` (feature `serde`: the answers' JSON shape, which the npm package returns too).
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

extern crate alloc;

mod accept;
mod authority;
mod check;
mod client;
mod deflate;
mod error;
mod h2c;
mod head;
#[cfg(feature = "serde")]
mod json;
mod list;
mod outcome;
mod policy;
mod response;
mod server;
mod settings;
mod tls;
mod upgrade;
mod websocket;

pub use accept::{accept_key, accept_key_into, ACCEPT_KEY_LEN, WEBSOCKET_GUID};
pub use check::{check_catalog, Check, CheckResult};
pub use client::{
    create_request, verify_response, verify_response_parts, Accepted, ClientOffer, ClientRequest,
    Refused, RequestOptions, Verdict, Verification,
};
pub use error::{BufferTooSmall, BuildError, ErrorCode, Failure, PolicyError};
pub use head::{RequestParts, Version};
pub use outcome::{Decision, Outcome, Pass, Reject, Switch};
pub use policy::{DeflatePolicy, Policy};
pub use response::{reason_phrase, Response};
pub use server::{negotiate, negotiate_parts};
pub use settings::Settings;

#[cfg(all(target_arch = "wasm32", feature = "binding"))]
mod wasm;

/// The README's Rust examples, compiled and run as doctests so they cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
