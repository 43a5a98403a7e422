//! The runtime of the npm package's `.wasm`, built without `std` (`--no-default-features
//! --features binding`): a size-class allocator and a panic handler that traps.
//!
//! Why not std's: dlmalloc is about 7 KB of code and std's panic machinery links `core::fmt`;
//! together they were a fifth of the module. The core never panics (the crate denies `unwrap`,
//! `expect`, `panic!` and indexing), so the handler only has to stop the instance if it ever did.
//!
//! The allocator keeps one free list per power-of-two size class. A block is never split or
//! merged: a freed block waits for the next request of its class, so a handshake that allocates
//! what the previous one freed costs a pop and a push. Each block is at most twice the size asked
//! for, and the memory held is at most the sum of each class's peak (a steady stream of
//! handshakes reuses the same blocks). The module is single-threaded (wasm32 without shared
//! memory). Alignments above 64 KiB are refused (null), which nothing in the crate asks for.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;

const PAGE: usize = 65536;
/// Classes 2^0 ..= 2^31: every size a wasm32 `Layout` can hold.
const CLASSES: usize = 32;

struct State {
    /// The head of each class's free list (0 when empty); a free block's first word links on.
    free: [usize; CLASSES],
    /// The next unused byte of the region taken from `memory.grow`, and its end.
    top: usize,
    end: usize,
}

struct Classes(UnsafeCell<State>);

// wasm32-unknown-unknown without the atomics feature runs on one thread.
unsafe impl Sync for Classes {}

#[global_allocator]
static ALLOCATOR: Classes = Classes(UnsafeCell::new(State {
    free: [0; CLASSES],
    top: 0,
    end: 0,
}));

/// The class of a layout: log2 of the smallest power of two holding its size and its alignment
/// (and at least a word, for the free-list link).
fn class(layout: &Layout) -> usize {
    let size = layout
        .size()
        .max(layout.align())
        .max(core::mem::size_of::<usize>());
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

impl State {
    /// A fresh block of `1 << class` bytes, aligned to its size up to a page (so to any
    /// alignment a layout of that class can ask for), or 0 when memory cannot grow.
    fn carve(&mut self, class: usize) -> usize {
        let size = 1usize << class;
        let align = size.min(PAGE);
        loop {
            let start = match self.top.checked_add(align - 1) {
                Some(v) => v & !(align - 1),
                None => return 0,
            };
            if let Some(next) = start.checked_add(size) {
                if next <= self.end && self.end != 0 {
                    self.top = next;
                    return start;
                }
            }
            // Grow by what this block needs from the current top (plus its alignment).
            let need = size.saturating_add(align);
            let pages = need.div_ceil(PAGE);
            let previous = wasm32::memory_grow(0, pages);
            if previous == usize::MAX {
                return 0;
            }
            let base = previous * PAGE;
            if base != self.end {
                // Someone else grew the memory since (or this is the first growth): start over
                // at the new pages; what was left of the old region stays unused.
                self.top = base;
            }
            // Saturating: at the full 4 GiB the end is one byte short, never 0.
            self.end = base.saturating_add(pages * PAGE);
        }
    }
}

unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > PAGE {
            // Blocks are aligned to their size up to a page only; nothing here asks for more.
            return core::ptr::null_mut();
        }
        let state = &mut *self.0.get();
        let c = class(&layout);
        let Some(head) = state.free.get_mut(c) else {
            return core::ptr::null_mut();
        };
        if *head != 0 {
            let block = *head;
            *head = *(block as *const usize);
            return block as *mut u8;
        }
        state.carve(c) as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let state = &mut *self.0.get();
        if let Some(head) = state.free.get_mut(class(&layout)) {
            *(ptr as *mut usize) = *head;
            *head = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = Layout::from_size_align_unchecked(new_size, layout.align());
        if class(&new) == class(&layout) {
            return ptr;
        }
        let fresh = self.alloc(new);
        if !fresh.is_null() {
            core::ptr::copy_nonoverlapping(ptr, fresh, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        fresh
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    wasm32::unreachable()
}
