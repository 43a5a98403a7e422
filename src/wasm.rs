//! The wasm-bindgen binding: converts between JavaScript values and the core, nothing more.

use alloc::string::String;
use wasm_bindgen::prelude::*;

/// `acceptKey(key: string): string` (RFC 6455 §4.2.2).
#[wasm_bindgen(js_name = acceptKey)]
pub fn accept_key_js(key: &str) -> String {
    crate::accept_key(key)
}
