//! The JSON shape of the core's answers (feature `serde`): the objects the npm package returns,
//! so that a Rust user serializing an outcome gets the same fields. Absent values are left out;
//! an outcome's `status` is `null` when there is no response.
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use upgrade_handshake::{negotiate, Policy};
//! let out = negotiate(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", &Policy { trail: false, ..Policy::default() });
//! let json = serde_json::to_string(&out).unwrap();
//! assert_eq!(json, r#"{"kind":"pass","status":null,"headers":[],"response":""}"#);
//! # }
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::{Check, ClientRequest, Decision, Failure, Outcome, Settings, Verification};

/// Adds the field when the value is there.
fn field<S: SerializeStruct, T: Serialize>(
    s: &mut S,
    key: &'static str,
    v: Option<T>,
) -> Result<(), S::Error> {
    match v {
        Some(v) => s.serialize_field(key, &v),
        None => s.skip_field(key),
    }
}

impl Serialize for Outcome {
    /// `kind, status, protocol, headers, body, response, subprotocol, extensions, settings, error,
    /// checks`; `checks` is left out when empty (the trail was off).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (switch, response) = (self.switch(), self.response());
        let headers: Vec<(&str, &str)> = match &self.decision {
            Decision::Pass(p) => p
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect(),
            _ => response.map(|r| r.headers().collect()).unwrap_or_default(),
        };
        let mut text = String::new();
        if let Some(r) = response {
            r.append_to(&mut text);
        }
        let mut s = serializer.serialize_struct("Outcome", 11)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("status", &self.status())?;
        field(&mut s, "protocol", switch.map(|s| &s.protocol))?;
        s.serialize_field("headers", &headers)?;
        field(&mut s, "body", self.error().and(response).map(|r| r.body()))?;
        s.serialize_field("response", &text)?;
        field(
            &mut s,
            "subprotocol",
            switch.and_then(|s| s.subprotocol.as_ref()),
        )?;
        field(
            &mut s,
            "extensions",
            switch.and_then(|s| s.extensions.as_ref()),
        )?;
        field(&mut s, "settings", switch.and_then(|s| s.settings.as_ref()))?;
        field(&mut s, "error", self.error())?;
        field(
            &mut s,
            "checks",
            (!self.checks.is_empty()).then_some(&self.checks),
        )?;
        s.end()
    }
}

impl Serialize for Settings {
    /// The settings by their registered names; unknown identifiers are left out, as RFC 7540
    /// §6.5.2 says a receiver ignores them.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for &(id, value) in &self.entries {
            if let Some(name) = Settings::name(id) {
                map.serialize_entry(name, &value)?;
            }
        }
        map.end()
    }
}

impl Serialize for Failure {
    /// `code` (the id), `section`, `message`, `header`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Failure", 4)?;
        s.serialize_field("code", self.code.as_str())?;
        s.serialize_field("section", self.code.section())?;
        s.serialize_field("message", &self.message)?;
        field(&mut s, "header", self.header)?;
        s.end()
    }
}

impl Serialize for Check {
    /// `id`, `result` (`"pass"`...), `section`, `header`, `message`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Check", 5)?;
        s.serialize_field("id", self.id)?;
        s.serialize_field("result", self.result.as_str())?;
        s.serialize_field("section", self.section)?;
        field(&mut s, "header", self.header)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

impl Serialize for Verification {
    /// `ok`, `incomplete` (only when true), `protocol`, `extensions`, `versions` (when a 426
    /// listed some), `error`, `checks`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Verification", 7)?;
        s.serialize_field("ok", &self.ok())?;
        field(&mut s, "incomplete", self.is_incomplete().then_some(true))?;
        field(&mut s, "protocol", self.protocol())?;
        field(&mut s, "extensions", self.extensions())?;
        let versions = self.versions();
        field(
            &mut s,
            "versions",
            (!versions.is_empty()).then_some(versions),
        )?;
        field(&mut s, "error", self.error())?;
        s.serialize_field("checks", &self.checks)?;
        s.end()
    }
}

impl Serialize for ClientRequest {
    /// `key`, `request`, `headers` (the offer is what was given).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("ClientRequest", 3)?;
        s.serialize_field("key", &self.key)?;
        s.serialize_field("request", &self.request)?;
        s.serialize_field("headers", &self.headers)?;
        s.end()
    }
}
