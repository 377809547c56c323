//! A [`TestReport`] as JUnit XML, what CI dashboards read. Written here:
//! it is four elements, and the crates that write it (quick-junit) bring
//! an XML writer, UUIDs and a date library for them.

use super::TestReport;

impl TestReport {
    /// The report as JUnit XML: one `<testsuite>` named `suite`, one
    /// `<testcase>` per case, a `<failure>` with the reason for each that
    /// failed.
    pub fn to_junit(&self, suite: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites tests=\"{n}\" failures=\"{f}\">\n  <testsuite name=\"{s}\" tests=\"{n}\" failures=\"{f}\">\n",
            n = self.results.len(),
            f = self.failed,
            s = escape(suite)
        ));
        for r in &self.results {
            let name = escape(&r.name);
            match &r.failure {
                None => out.push_str(&format!("    <testcase name=\"{name}\" classname=\"{}\"/>\n", escape(suite))),
                Some(why) => out.push_str(&format!(
                    "    <testcase name=\"{name}\" classname=\"{}\">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    escape(suite),
                    escape(why),
                    escape(&r.actual.message)
                )),
            }
        }
        out.push_str("  </testsuite>\n</testsuites>\n");
        out
    }
}

/// Text as XML attribute or element content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
