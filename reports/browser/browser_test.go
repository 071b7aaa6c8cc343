package browser_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/irscan/irscan/reports"
)

// requireEnv turns every skip of this file (no browser, no demo report)
// into a failure. .ci/run and `make browser` set it.
const requireEnv = "IRSCAN_REQUIRE_BROWSER"

// The printed report is bounded by its size: at most basePDFPages plus one
// page per pdfFindingsPerPage findings of the JSON report beside the HTML
// (the demo's 177 findings printed on 202 pages before the catalogue was
// made compact, over that bound's 96; compact, 198 findings take 97 pages),
// and maxPDFPages without a JSON report.
const (
	basePDFPages       = 25
	pdfFindingsPerPage = 2.5
	maxPDFPages        = 80
)

// pageBounds holds each report's bound, by the name checkInBrowser gives it.
var pageBounds sync.Map

// pageBound is the page bound of the HTML report at path (see basePDFPages).
func pageBound(path string) int {
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(path), "irscan.json"))
	if err != nil {
		return maxPDFPages
	}
	var rep struct {
		Findings []json.RawMessage `json:"findings"`
	}
	if json.Unmarshal(raw, &rep) != nil || len(rep.Findings) == 0 {
		return maxPDFPages
	}
	return basePDFPages + int(float64(len(rep.Findings))/pdfFindingsPerPage)
}

// sections are the ids every HTML report must have, in page order.
var sections = []string{"verdict", "scope", "summary", "controls", "manual", "waivers", "errors", "appendix"}

// skipOrFail skips the test, or fails it when IRSCAN_REQUIRE_BROWSER=1.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(requireEnv) == "1" {
		t.Fatalf("%s (%s=1 makes this a failure)", msg, requireEnv)
	}
	t.Skipf("%s (set %s=1 to make this a failure)", msg, requireEnv)
}

// chromiumPath finds the browser: $IRSCAN_CHROMIUM, else Debian's
// /usr/bin/chromium, else chromium, chromium-browser or google-chrome on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("IRSCAN_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			skipOrFail(t, "IRSCAN_CHROMIUM=%s: %v", p, err)
		}
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	skipOrFail(t, "no Chromium found: install Debian's chromium (apt-get install chromium) or set IRSCAN_CHROMIUM to the browser binary")
	return ""
}

// TestBrowserDemoHTML opens the demo report (make demo) in Chromium.
func TestBrowserDemoHTML(t *testing.T) {
	bin := chromiumPath(t)
	path := os.Getenv("IRSCAN_DEMO_HTML")
	if path == "" {
		path = filepath.Join(repoRoot(t), "out", "demo", "irscan.html")
	}
	if _, err := os.Stat(path); err != nil {
		skipOrFail(t, "no demo report at %s: run `make demo` first (or set IRSCAN_DEMO_HTML)", path)
	}
	checkInBrowser(t, bin, path, "demo", nil)
}

// TestBrowserHostileHTML renders the hostile fixture to HTML and opens it in
// Chromium twice: as shipped, and with the page's Content-Security-Policy
// bypassed, so that the escaping alone is shown to stop every payload (the
// CSP is a second wall, not the only one).
func TestBrowserHostileHTML(t *testing.T) {
	bin := chromiumPath(t)
	path := filepath.Join(outDir(t, "browser"), "hostile.html")
	if err := os.WriteFile(path, render(t, "html", hostileReport(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	checkInBrowser(t, bin, path, "hostile", visibleHostile)
}

// pageEvents is everything the page did that the test listens for.
type pageEvents struct {
	mu         sync.Mutex
	requests   []string // every URL the page asked for
	console    []string // console API calls: the page has no script, so any is a failure
	exceptions []string
	logs       []string // browser log entries at level error (CSP violations, failed loads)
	warnings   []string // browser log entries at level warning (reported, not failed)
	dialogs    []string // alert, confirm, prompt, beforeunload
}

func (e *pageEvents) add(list *[]string, s string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	*list = append(*list, s)
}

func (e *pageEvents) snapshot() pageEvents {
	e.mu.Lock()
	defer e.mu.Unlock()
	return pageEvents{
		requests: append([]string(nil), e.requests...), console: append([]string(nil), e.console...),
		exceptions: append([]string(nil), e.exceptions...), logs: append([]string(nil), e.logs...),
		warnings: append([]string(nil), e.warnings...), dialogs: append([]string(nil), e.dialogs...),
	}
}

// probe is what the page reports about itself.
type probe struct {
	Pwned    any             `json:"pwned"`    // window.__pwned: set by any hostile canary that ran
	Sections map[string]bool `json:"sections"` // id → present as a <section> with an <h2>, and laid out
	Order    []string        `json:"order"`    // section ids in document order
	Scripts  []string        `json:"scripts"`  // type of every <script>; only application/json is allowed
	OnAttrs  []string        `json:"onAttrs"`  // any on* attribute on any element
	BadLinks []string        `json:"badLinks"` // <a href> that is neither http(s) nor a #fragment
	Active   []string        `json:"active"`   // elements that load or run something
	Metas    []string        `json:"metas"`    // http-equiv of every <meta http-equiv>
	Styles   int             `json:"styles"`   // <style> elements (the one inline stylesheet)
	Digest   string          `json:"digest"`   // the embedded data SHA-256 shown in #scope
	Data     string          `json:"data"`     // textContent of #irscan-data
	Text     string          `json:"text"`     // document.body.innerText
}

const probeJS = `(() => {
  const ids = %s;
  const sections = {};
  for (const id of ids) {
    const el = document.getElementById(id);
    sections[id] = !!el && el.tagName === "SECTION" && !!el.querySelector("h2") && el.getBoundingClientRect().height > 0;
  }
  const order = [...document.querySelectorAll("section[id]")].map(s => s.id);
  const onAttrs = [];
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) if (/^on/i.test(a.name)) onAttrs.push(el.tagName.toLowerCase() + "[" + a.name + "]");
  }
  const scripts = [...document.scripts].map(s => s.type || "(classic)");
  const badLinks = [...document.querySelectorAll("a[href]")].map(a => a.getAttribute("href")).filter(h => !/^(https?:\/\/|#)/i.test(h));
  const active = [...document.querySelectorAll("iframe,frame,object,embed,img,picture,svg image,svg use,svg foreignObject,svg script,svg feImage,video,audio,source,track,link,base,form,input,button,textarea,select,canvas,template,portal")].map(e => e.tagName.toLowerCase());
  const metas = [...document.querySelectorAll("meta[http-equiv]")].map(m => m.httpEquiv);
  let digest = "";
  for (const th of document.querySelectorAll("#scope th")) {
    if (th.textContent.trim() === "Embedded data (SHA-256)") digest = th.parentElement.querySelector("td code").textContent.trim();
  }
  const data = document.getElementById("irscan-data");
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned), sections, order, scripts, onAttrs, badLinks, active, metas,
    styles: document.querySelectorAll("style").length, digest, data: data ? data.textContent : "", text: document.body.innerText};
})()`

// printProbeJS checks the print stylesheet under emulated print media: the
// navigation is hidden and the content of folded <details> (the passing
// evidence) is laid out, so that it reaches the PDF.
const printProbeJS = `(() => {
  const nav = document.querySelector("nav");
  const folded = [...document.querySelectorAll("details:not([open]) table")];
  return {navHidden: !nav || getComputedStyle(nav).display === "none",
    folded: folded.length, foldedShown: folded.filter(t => t.getBoundingClientRect().height > 0).length};
})()`

// layoutProbeJS finds words broken across lines outside <code>: a column
// narrower than its longest word ("M E DI U M", "20 27"). A word here is a
// run of up to 24 letters and digits (punctuation is where a browser may
// break a line); longer runs and identifiers in <code> may break anywhere.
const layoutProbeJS = `(() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n && broken.length < 20; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest("code, svg, summary") || !el.closest("td, th")) continue;
    if (el.getClientRects().length === 0) continue;
    for (const m of n.data.matchAll(/(?<=^|[^A-Za-z0-9])[A-Za-z0-9]{1,24}(?=$|[^A-Za-z0-9])/g)) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
      if (lines.size > 1) { broken.push(m[0]); break; }
    }
  }
  return broken;
})()`

type printProbe struct {
	NavHidden   bool `json:"navHidden"`
	Folded      int  `json:"folded"`
	FoldedShown int  `json:"foldedShown"`
}

// checkInBrowser opens path in a fresh headless Chromium, once as shipped and
// once with CSP bypassed, asserts the page is inert and complete, and saves
// a PNG screenshot and a PDF (print stylesheet) as out/browser/<name>.png
// and .pdf. mustShow are strings that must appear literally in the text.
func checkInBrowser(t *testing.T, bin, path, name string, mustShow []string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: abs}).String()
	pageBounds.Store(name, pageBound(abs))
	for _, bypassCSP := range []bool{false, true} {
		mode := "as shipped"
		if bypassCSP {
			mode = "CSP bypassed"
		}
		t.Run(mode, func(t *testing.T) {
			for _, p := range openPage(t, bin, fileURL, name, bypassCSP, mustShow) {
				t.Error(p)
			}
		})
	}
}

func openPage(t *testing.T, bin, fileURL, name string, bypassCSP bool, mustShow []string) (problems []string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute) // the demo's layout probe and PDF take a minute on a loaded 2-core machine
	defer cancel()
	var browserOut bytes.Buffer
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(bin),
		// The flags that work on Debian's chromium in this sandbox (as root,
		// without network): see /work/.library/env/machines/go.md.
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), // a new, empty profile
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(&browserOut),
	)
	defer cancelAlloc()
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("starting %s: %v\n%s", bin, err, browserOut.String())
	}

	ev := &pageEvents{}
	dialogs := make(chan string, 16)
	if err := chromedp.Listen(tabCtx, func(e any) {
		switch e := e.(type) {
		case *network.EventRequestWillBeSent:
			ev.add(&ev.requests, e.Request.URL)
		case *runtime.EventConsoleAPICalled:
			var args []string
			for _, a := range e.Args {
				args = append(args, fmt.Sprint(a.Value, a.Description))
			}
			ev.add(&ev.console, string(e.Type)+": "+strings.Join(args, " "))
		case *runtime.EventExceptionThrown:
			text := e.ExceptionDetails.Text
			if x := e.ExceptionDetails.Exception; x != nil {
				text += " " + x.Description
			}
			ev.add(&ev.exceptions, text)
		case *cdplog.EventEntryAdded:
			line := fmt.Sprintf("%s %s: %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL)
			switch e.Entry.Level {
			case cdplog.EntryLevelError:
				ev.add(&ev.logs, line)
			case cdplog.EntryLevelWarning:
				ev.add(&ev.warnings, line)
			}
		case *page.EventJavascriptDialogOpening:
			ev.add(&ev.dialogs, string(e.Type)+": "+e.Message)
			select {
			case dialogs <- e.Message:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	// A dialog blocks the page: dismiss it from another goroutine (the
	// listener must not send commands) so that the test can report it.
	go func() {
		for {
			select {
			case <-tabCtx.Done():
				return
			case <-dialogs:
				_, _ = chromedp.Call(tabCtx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()

	if bypassCSP {
		if _, err := chromedp.Call(tabCtx, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(tabCtx, chromedp.Navigate(fileURL)); err != nil {
		t.Fatalf("navigate %s: %v", fileURL, err)
	}
	// Give a meta refresh, a lazy image or a timer the chance to fire.
	if err := chromedp.Do(tabCtx, chromedp.Sleep(750*time.Millisecond)); err != nil {
		t.Fatal(err)
	}

	p, err := chromedp.Run(tabCtx, chromedp.Evaluate[probe](fmt.Sprintf(probeJS, mustJSON(t, sections))))
	if err != nil {
		t.Fatalf("probe: %v", err)
	}
	loc, err := chromedp.Run(tabCtx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}

	// The page stayed where it was loaded, and nothing ran.
	if loc != fileURL {
		bad("the page navigated away to %q", loc)
	}
	if p.Pwned != nil {
		bad("a hostile payload ran: window.__pwned = %v", p.Pwned)
	}
	for _, s := range p.Scripts {
		if s != "application/json" {
			bad("a <script> of type %q is in the page: only the application/json data block is allowed", s)
		}
	}
	if len(p.Scripts) != 1 {
		bad("%d <script> elements, want exactly the #irscan-data block", len(p.Scripts))
	}
	if len(p.OnAttrs) > 0 {
		bad("event-handler attributes in the DOM: %v", p.OnAttrs)
	}
	if len(p.BadLinks) > 0 {
		bad("links that are not http(s) or #fragment: %q", p.BadLinks)
	}
	if len(p.Active) > 0 {
		bad("elements that load or run content: %v", p.Active)
	}
	if len(p.Metas) != 1 || !strings.EqualFold(p.Metas[0], "Content-Security-Policy") {
		bad("<meta http-equiv> = %q, want only the Content-Security-Policy", p.Metas)
	}
	if p.Styles != 1 {
		bad("%d <style> elements, want the one inline stylesheet", p.Styles)
	}

	// Every section is there, in order.
	for _, id := range sections {
		if !p.Sections[id] {
			bad("section #%s is missing, has no heading or is not laid out", id)
		}
	}
	if strings.Join(p.Order, ",") != strings.Join(sections, ",") {
		bad("sections in order %v, want %v", p.Order, sections)
	}

	// The embedded report is the one the page states the digest of, and it
	// parses as a report.
	sum := sha256.Sum256([]byte(p.Data))
	if got := hex.EncodeToString(sum[:]); p.Digest == "" || got != p.Digest {
		bad("#irscan-data hashes to %s, the page states %q", got, p.Digest)
	}
	var embedded reports.Report
	if err := json.Unmarshal([]byte(p.Data), &embedded); err != nil {
		bad("#irscan-data does not parse: %v", err)
	} else if embedded.Schema != reports.SchemaVersion || len(embedded.Findings) == 0 {
		bad("#irscan-data: schema %q with %d findings", embedded.Schema, len(embedded.Findings))
	}

	// Hostile strings are shown as text, not dropped.
	for _, s := range mustShow {
		if !strings.Contains(p.Text, s) {
			bad("the page text does not show %q literally", s)
		}
	}

	if name != "" && !bypassCSP {
		problems = append(problems, saveArtifacts(t, tabCtx, name)...)
	}

	// Nothing was fetched but the document, nothing was logged, no dialog.
	got := ev.snapshot()
	for _, u := range got.requests {
		if u != fileURL {
			bad("the page requested %q: only the file:// document itself may be loaded", u)
		}
	}
	if len(got.requests) == 0 {
		bad("no request for the document itself was seen: is the network listener working?")
	}
	for _, d := range got.dialogs {
		bad("a JavaScript dialog opened: %s", d)
	}
	for _, c := range got.console {
		bad("console call (the page has no script): %s", c)
	}
	for _, x := range got.exceptions {
		bad("uncaught exception: %s", x)
	}
	for _, l := range got.logs {
		bad("browser console error: %s", l)
	}
	for _, w := range got.warnings {
		t.Logf("browser console warning: %s", w)
	}
	return problems
}

// saveArtifacts writes out/browser/<name>.png (the full page) and <name>.pdf
// (printed with the page's print stylesheet), and checks the print
// stylesheet under emulated print media.
func saveArtifacts(t *testing.T, ctx context.Context, name string) (problems []string) {
	t.Helper()
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	dir := outDir(t, "browser")
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 = PNG
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
		bad("screenshot is not a PNG")
	}
	writeArtifact(t, filepath.Join(dir, name+".png"), png)

	// Words are never broken across lines outside identifiers, on screen
	// (1280 px) and in a narrow window (800 px).
	for _, width := range []int64{1280, 800} {
		if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](layoutProbeJS))
		if err != nil {
			t.Fatalf("layout probe: %v", err)
		}
		if len(broken) > 0 {
			bad("at %d px, words broken across lines (a column narrower than its longest word): %q", width, broken)
		}
	}
	// The pictures the README shows: the first screen, a control, the
	// check catalogue (each one 1280 × 900 screen), and a printed page.
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	for _, shot := range []struct{ file, selector string }{
		{"first-screen", "body"}, {"control", "#control-IR-3"}, {"catalogue", "#appendix"},
	} {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector("`+shot.selector+`").scrollIntoView({block: "start"}) || true`)); err != nil {
			t.Fatalf("scrolling to %s: %v", shot.selector, err)
		}
		img, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot of %s: %v", shot.selector, err)
		}
		writeArtifact(t, filepath.Join(dir, name+"-"+shot.file+".png"), img)
	}

	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	pp, err := chromedp.Run(ctx, chromedp.Evaluate[printProbe](printProbeJS))
	if err != nil {
		t.Fatalf("print probe: %v", err)
	}
	if !pp.NavHidden {
		bad("print stylesheet: the navigation is printed")
	}
	if pp.FoldedShown != pp.Folded {
		bad("print stylesheet: %d of %d folded evidence tables are laid out for print", pp.FoldedShown, pp.Folded)
	}
	// A printed page, as the PDF's first page is laid out (A4 at 96 dpi).
	if _, err := chromedp.Run(ctx, chromedp.EmulateViewport(794, 1123)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.scrollTo(0, 0) || true`)); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	writeArtifact(t, filepath.Join(dir, name+"-print.png"), printed)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize(), chromedp.PDFOutlineAndTagged()))
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		bad("PrintToPDF did not return a PDF")
	}
	// The print stylesheet starts each numbered section on a new page, and
	// keeps the whole report within its bound (see basePDFPages).
	pages := len(pdfPage.FindAll(pdf, -1))
	if pages < len(sections)-1 {
		bad("the PDF has %d pages, want at least one per numbered section (%d)", pages, len(sections)-1)
	}
	bound := maxPDFPages
	if b, ok := pageBounds.Load(name); ok {
		bound = b.(int)
	}
	if pages > bound {
		bad("the PDF has %d pages, want at most %d", pages, bound)
	}
	t.Logf("%s: the PDF has %d A4 pages", name, pages)
	// The running header and page numbers are in the print stylesheet.
	for _, want := range []string{"@top-left", "@bottom-right", "counter(pages)"} {
		css, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("style").textContent`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(css, want) {
			bad("the print stylesheet lacks %s (running header, page numbers)", want)
		}
	}
	writeArtifact(t, filepath.Join(dir, name+".pdf"), pdf)
	return problems
}

func writeArtifact(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", path, len(data))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// pdfPage matches a page object of the PDF ("/Type /Page", not "/Pages").
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// TestBrowserHarnessCatchesABadPage proves the checks above can fail: a page
// without CSP whose payloads run, fetch, log, throw and open a dialog, with
// sections missing, must be reported on every count.
func TestBrowserHarnessCatchesABadPage(t *testing.T) {
	bin := chromiumPath(t)
	const badPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head><body>
<section id="scope"><h2>Scope</h2></section><section id="summary"><h2>Summary</h2></section>
<script>window.__pwned = "canary"; console.error("boom");</script>
<script>alert("pwned")</script>
<img src="http://127.0.0.1:9/pixel.png" alt="">
<button onclick="void 0">x</button><a href="javascript:void 0">link</a>
<script>throw new Error("uncaught canary")</script>
</body></html>`
	path := filepath.Join(t.TempDir(), "bad.html")
	if err := os.WriteFile(path, []byte(badPage), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(path)
	problems := strings.Join(openPage(t, bin, (&url.URL{Scheme: "file", Path: abs}).String(), "", false, []string{"not on the page"}), "\n")
	for _, want := range []string{
		`window.__pwned = canary`,
		`a JavaScript dialog opened: alert: pwned`,
		`console call (the page has no script): error: "boom"`,
		`uncaught exception: Uncaught Error: uncaught canary`,
		`the page requested "http://127.0.0.1:9/pixel.png"`,
		`event-handler attributes in the DOM: [button[onclick]]`,
		`links that are not http(s) or #fragment: ["javascript:void 0"]`,
		`a <script> of type "(classic)" is in the page`,
		`section #controls is missing`,
		`section #appendix is missing`,
		`want only the Content-Security-Policy`,
		`#irscan-data does not parse`,
		`the page text does not show "not on the page" literally`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("the harness did not report %q; it reported:\n%s", want, problems)
		}
	}
}

// TestBrowserHarnessBypassesCSP proves the "CSP bypassed" mode really turns
// the page's policy off: a script the policy blocks (and reports as a console
// error) runs once the policy is bypassed.
func TestBrowserHarnessBypassesCSP(t *testing.T) {
	bin := chromiumPath(t)
	const page = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'"><title>csp</title></head>
<body><script>window.__pwned = "csp"</script></body></html>`
	path := filepath.Join(t.TempDir(), "csp.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(path)
	fileURL := (&url.URL{Scheme: "file", Path: abs}).String()

	shipped := strings.Join(openPage(t, bin, fileURL, "", false, nil), "\n")
	if strings.Contains(shipped, "window.__pwned") || !strings.Contains(shipped, "Content Security Policy") {
		t.Errorf("with its CSP the script must be blocked and the violation logged; the harness reported:\n%s", shipped)
	}
	bypassed := strings.Join(openPage(t, bin, fileURL, "", true, nil), "\n")
	if !strings.Contains(bypassed, "window.__pwned = csp") {
		t.Errorf("with the CSP bypassed the script must run; the harness reported:\n%s", bypassed)
	}
}
