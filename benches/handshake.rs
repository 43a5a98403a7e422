//! Criterion benches: this crate against tungstenite's handshake on the same inputs.
//! `cargo bench --bench handshake` (or `make bench`).

use std::hint::black_box;
use std::io::{Cursor, Read, Write};

use criterion::{criterion_group, criterion_main, Criterion};
use tungstenite::handshake::machine::TryParse;
use upgrade_handshake::{
    accept_key, create_request, negotiate, verify_response, ClientOffer, Policy, RequestOptions,
};

const RFC6455: &[u8] = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n\
Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n\
Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n";

const H2C: &[u8] =
    b"GET / HTTP/1.1\r\nHost: server.example.com\r\nConnection: Upgrade, HTTP2-Settings\r\n\
Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n";

const TLS: &[u8] = b"OPTIONS * HTTP/1.1\r\nHost: example.bank.com\r\nUpgrade: TLS/1.0\r\nConnection: Upgrade\r\n\r\n";

const RESPONSE: &[u8] =
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n";

/// A stream that yields `input` and swallows writes, to drive tungstenite's client machine.
struct Mock {
    input: Cursor<&'static [u8]>,
}

impl Read for Mock {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.input.read(buf)
    }
}

impl Write for Mock {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Each timed input does what its name says, checked once before it is timed: a bench of a
/// rejection or an incomplete head would measure the wrong path.
fn inputs_switch() {
    let policy = |upgrades: &[&str]| Policy {
        upgrades: upgrades.iter().map(|u| u.to_string()).collect(),
        protocols: vec!["chat".into()],
        ..Policy::default()
    };
    for (name, head, upgrades) in [
        ("RFC6455", RFC6455, &["websocket"][..]),
        ("H2C", H2C, &["h2c"][..]),
        ("TLS", TLS, &["TLS/1.0"][..]),
    ] {
        let out = negotiate(head, &policy(upgrades));
        assert_eq!(out.kind(), "switch", "{name}: {:?}", out.error());
    }
    let offer = ClientOffer {
        key: "dGhlIHNhbXBsZSBub25jZQ==".into(),
        protocols: vec!["chat".into(), "superchat".into()],
        extensions: None,
    };
    let v = verify_response(RESPONSE, &offer);
    assert!(v.ok(), "RESPONSE: {:?}", v.error());
}

fn benches(c: &mut Criterion) {
    inputs_switch();
    c.bench_function("accept_key", |b| {
        b.iter(|| accept_key(black_box("dGhlIHNhbXBsZSBub25jZQ==")))
    });

    let policy = Policy {
        protocols: vec!["chat".into()],
        ..Policy::default()
    };
    let quiet = Policy {
        trail: false,
        ..policy.clone()
    };
    c.bench_function("negotiate rfc6455 §1.3 (trail)", |b| {
        b.iter(|| negotiate(black_box(RFC6455), &policy))
    });
    c.bench_function("negotiate rfc6455 §1.3 (no trail)", |b| {
        b.iter(|| negotiate(black_box(RFC6455), &quiet))
    });

    let h2c = Policy {
        upgrades: vec!["h2c".into()],
        trail: false,
        ..Policy::default()
    };
    c.bench_function("negotiate h2c (no trail)", |b| {
        b.iter(|| negotiate(black_box(H2C), &h2c))
    });
    let tls = Policy {
        upgrades: vec!["TLS/1.0".into()],
        trail: false,
        ..Policy::default()
    };
    c.bench_function("negotiate TLS/1.0 (no trail)", |b| {
        b.iter(|| negotiate(black_box(TLS), &tls))
    });

    c.bench_function("tungstenite server parse + create_response", |b| {
        b.iter(|| {
            let (_, req) = tungstenite::handshake::server::Request::try_parse(black_box(RFC6455))
                .unwrap()
                .unwrap();
            tungstenite::handshake::server::create_response(&req).unwrap()
        })
    });

    let offer = ClientOffer {
        key: "dGhlIHNhbXBsZSBub25jZQ==".into(),
        protocols: vec!["chat".into(), "superchat".into()],
        extensions: None,
    };
    c.bench_function("verify_response", |b| {
        b.iter(|| verify_response(black_box(RESPONSE), &offer))
    });

    c.bench_function(
        "tungstenite client handshake (build request + verify response)",
        |b| {
            b.iter(|| {
                let req = tungstenite::http::Request::builder()
                    .uri("ws://server.example.com/chat")
                    .header("Host", "server.example.com")
                    .header("Connection", "Upgrade")
                    .header("Upgrade", "websocket")
                    .header("Sec-WebSocket-Version", "13")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .header("Sec-WebSocket-Protocol", "chat, superchat")
                    .body(())
                    .unwrap();
                let mock = Mock {
                    input: Cursor::new(RESPONSE),
                };
                tungstenite::handshake::client::ClientHandshake::start(mock, req, None)
                    .unwrap()
                    .handshake()
                    .unwrap()
            })
        },
    );
    c.bench_function("tungstenite client response parse only", |b| {
        b.iter(|| tungstenite::handshake::client::Response::try_parse(black_box(RESPONSE)).unwrap())
    });
}

/// Pairs added for `make bench` (bench/run.mjs turns each pair into a ratio): the same work on
/// both sides, including the serialized 101 and the client's request building.
fn pairs(c: &mut Criterion) {
    c.bench_function("tungstenite derive_accept_key", |b| {
        b.iter(|| tungstenite::handshake::derive_accept_key(black_box(b"dGhlIHNhbXBsZSBub25jZQ==")))
    });

    let quiet = Policy {
        protocols: vec!["chat".into()],
        trail: false,
        ..Policy::default()
    };
    let mut buf = [0u8; 512];
    c.bench_function("negotiate rfc6455 §1.3 + write_to (no trail)", |b| {
        b.iter(|| {
            let outcome = negotiate(black_box(RFC6455), &quiet);
            outcome
                .response()
                .map(|r| r.write_to(&mut buf).unwrap_or(0))
        })
    });
    let mut out = Vec::with_capacity(512);
    c.bench_function(
        "tungstenite server parse + create_response + write_response",
        |b| {
            b.iter(|| {
                out.clear();
                let (_, req) =
                    tungstenite::handshake::server::Request::try_parse(black_box(RFC6455))
                        .unwrap()
                        .unwrap();
                let res = tungstenite::handshake::server::create_response(&req).unwrap();
                tungstenite::handshake::server::write_response(&mut out, &res).unwrap();
                out.len()
            })
        },
    );

    c.bench_function("create_request + verify_response", |b| {
        b.iter(|| {
            let req = create_request(&RequestOptions {
                url: "ws://server.example.com/chat",
                protocols: &["chat", "superchat"],
                extensions: None,
                origin: None,
                key: *b"the sample nonce",
            })
            .unwrap();
            verify_response(black_box(RESPONSE), &req.offer).ok()
        })
    });
}

criterion_group!(handshake, benches, pairs);
criterion_main!(handshake);
