//! # upgrade-handshake
//!
//! A sans-IO, `no_std` + `alloc` implementation of the HTTP/1.1 protocol-upgrade handshake:
//! WebSocket (RFC 6455, with permessage-deflate per RFC 7692), h2c (RFC 7540 §3.2), TLS inside
//! HTTP/1.1 (RFC 2817) and the generic rules of RFC 9110 §7.8 over the message syntax of RFC 9112.
//!
//! Bytes (or already-parsed parts) go in, a decision comes out; the caller does all IO.
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

pub use accept::{accept_key, accept_key_into, ACCEPT_KEY_LEN, WEBSOCKET_GUID};

#[cfg(target_arch = "wasm32")]
mod wasm;
