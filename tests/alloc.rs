//! The raw-bytes path allocates nothing when the trail is off and there is no response to
//! build (counted with a global allocator).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use upgrade_handshake::{negotiate, Policy};

struct Counting;
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn raw_path_allocates_only_responses() {
    let policy = Policy {
        trail: false,
        ..Policy::default()
    };
    let pass = b"GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nConnection: keep-alive, Upgrade\r\nUpgrade: foo\r\n\r\n";
    let partial = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\n";
    // Warm up anything lazily initialised by the test harness.
    let _ = negotiate(pass, &policy);
    let before = ALLOCS.load(Ordering::SeqCst);
    for _ in 0..10 {
        assert_eq!(negotiate(pass, &policy).kind(), "pass");
        assert_eq!(negotiate(partial, &policy).kind(), "incomplete");
    }
    assert_eq!(ALLOCS.load(Ordering::SeqCst) - before, 0);

    // A switch allocates only its response (one test: the counter is process-wide).
    let policy = Policy {
        trail: false,
        ..Policy::default()
    };
    let req = b"GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    let _ = negotiate(req, &policy);
    let before = ALLOCS.load(Ordering::SeqCst);
    let out = negotiate(req, &policy);
    let n = ALLOCS.load(Ordering::SeqCst) - before;
    assert_eq!(out.kind(), "switch");
    // The accept value, the header vector (grown a few times) and the protocol name.
    assert!(n <= 4, "{n} allocations");
}
