// Package browser holds the tests that open irscan's reports in real tools:
// the HTML report in Debian's Chromium (headless, driven through chromedp),
// and the hostile-strings fixture that `make validate` also feeds to the
// SARIF multitool and to xmllint. It has no code of its own.
//
// The browser tests skip when no Chromium is installed; with
// IRSCAN_REQUIRE_BROWSER=1 (set by .ci/run and `make browser`) a missing
// browser or a missing demo report is a failure instead.
package browser
