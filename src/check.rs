//! The trail of checks: what was verified, in order, and what came of it.

use alloc::borrow::Cow;
use alloc::vec::Vec;

/// The result of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckResult {
    /// The rule held.
    Pass,
    /// The rule was broken; the decision names this check.
    Fail,
    /// The rule did not apply.
    Skip,
    /// Allowed, but worth a look (e.g. edge mode skipping the Connection token).
    Warn,
}

impl CheckResult {
    /// `"pass"`, `"fail"`, `"skip"` or `"warn"`.
    ///
    /// ```
    /// assert_eq!(upgrade_handshake::CheckResult::Warn.as_str(), "warn");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            CheckResult::Pass => "pass",
            CheckResult::Fail => "fail",
            CheckResult::Skip => "skip",
            CheckResult::Warn => "warn",
        }
    }
}

/// One recorded check.
///
/// ```
/// use upgrade_handshake::{negotiate, CheckResult, Policy};
/// let out = negotiate(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", &Policy::default());
/// assert!(out.checks.iter().any(|c| c.id == "host" && c.result == CheckResult::Pass));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable kebab-case id, e.g. `"websocket-version"`.
    pub id: &'static str,
    /// What came of it.
    pub result: CheckResult,
    /// The RFC clause, e.g. `"RFC 6455 §4.2.1 item 6"`.
    pub section: &'static str,
    /// The header involved, if any.
    pub header: Option<&'static str>,
    /// One plain sentence.
    pub message: Cow<'static, str>,
}

/// Collects checks when asked to, and costs nothing otherwise.
pub(crate) struct Trail {
    on: bool,
    pub(crate) checks: Vec<Check>,
}

impl Trail {
    pub(crate) fn new(on: bool) -> Trail {
        Trail {
            on,
            checks: Vec::new(),
        }
    }

    /// Records a check whose message is built only when the trail is on.
    pub(crate) fn record<M: Into<Cow<'static, str>>>(
        &mut self,
        id: &'static str,
        result: CheckResult,
        section: &'static str,
        header: Option<&'static str>,
        message: impl FnOnce() -> M,
    ) {
        if self.on {
            self.push(id, result, section, header, message().into());
        }
    }

    /// One copy of the recording, however many call sites: inlined into each of the sixty-odd
    /// checks it was about 5 KB of the `.wasm`.
    #[inline(never)]
    fn push(
        &mut self,
        id: &'static str,
        result: CheckResult,
        section: &'static str,
        header: Option<&'static str>,
        message: Cow<'static, str>,
    ) {
        self.checks.push(Check {
            id,
            result,
            section,
            header,
            message,
        });
    }

    pub(crate) fn pass(
        &mut self,
        id: &'static str,
        section: &'static str,
        header: Option<&'static str>,
        message: &'static str,
    ) {
        self.record(id, CheckResult::Pass, section, header, || message);
    }

    pub(crate) fn skip(
        &mut self,
        id: &'static str,
        section: &'static str,
        header: Option<&'static str>,
        message: &'static str,
    ) {
        self.record(id, CheckResult::Skip, section, header, || message);
    }

    pub(crate) fn warn(
        &mut self,
        id: &'static str,
        section: &'static str,
        header: Option<&'static str>,
        message: &'static str,
    ) {
        self.record(id, CheckResult::Warn, section, header, || message);
    }

    pub(crate) fn fail(
        &mut self,
        id: &'static str,
        section: &'static str,
        header: Option<&'static str>,
        message: &str,
    ) {
        if self.on {
            self.push(
                id,
                CheckResult::Fail,
                section,
                header,
                Cow::Owned(message.into()),
            );
        }
    }
}
