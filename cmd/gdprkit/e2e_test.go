package main

import (
	"bufio"
	"bytes"
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// End-to-end tests: a real `gdprkit serve` in process, driven through
// Debian's Chromium with chromedp, as a new user would use it.

const e2ePassword = "a long enough passphrase"

// chromium returns the browser to drive: GDPRKIT_TEST_CHROMIUM, or
// chromium on PATH. Without one the test is skipped, or fails under CI.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("GDPRKIT_TEST_CHROMIUM"); p != "" {
		return p
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found: CI must run the browser tests (apt-get install chromium, or set GDPRKIT_TEST_CHROMIUM)")
	}
	t.Skip("chromium not found: install Debian's chromium package or set GDPRKIT_TEST_CHROMIUM to run the browser tests")
	return ""
}

// syncBuffer is a buffer written by the server's goroutine and read by
// the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var setupLink = regexp.MustCompile(`(http://[^\s]+)/setup\?token=[a-z0-9]+`)

// e2eServer starts `gdprkit serve` on a free port and returns the setup
// link, the database flag and the base URL. The server stops with the
// test.
func e2eServer(t *testing.T, dialect string) (link, db, base string) {
	t.Helper()
	link, db, base, _ = e2eServerEnv(t, dialect, nil)
	return link, db, base
}

// e2eServerEnv is e2eServer with more environment variables (SMTP…); it
// also returns the server's data directory.
func e2eServerEnv(t *testing.T, dialect string, more map[string]string) (link, db, base, dir string) {
	t.Helper()
	db = dbFlag(storetest.DSN(t, dialect))
	var m []string
	dir = runServe(t, db, more, func(out, _ string) bool {
		m = setupLink.FindStringSubmatch(out)
		return m != nil
	})
	return m[0], db, m[1], dir
}

// runServe runs `gdprkit serve` on a free port with the environment vars
// until the test ends, and returns its data directory once ready reports
// true of its standard output and error.
func runServe(t *testing.T, db string, vars map[string]string, ready func(out, errs string) bool) (dir string) {
	t.Helper()
	dir = t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	out, errs := &syncBuffer{}, &syncBuffer{}
	done := make(chan int, 1)
	all := map[string]string{"LANG": "en_US.UTF-8"}
	maps.Copy(all, vars)
	go func() {
		done <- Main(ctx, []string{"--data-dir", dir, "--database", db, "serve", "--listen", "127.0.0.1:0"},
			env{strings.NewReader(""), out, errs, func(k string) string { return all[k] }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Error("the server did not stop within 40 s")
		}
	})
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if ready(out.String(), errs.String()) {
			return dir
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("serve exited with %d: %s", code, errs.String())
		default:
		}
	}
	t.Fatalf("serve did not get ready: %s %s", out.String(), errs.String())
	return ""
}

// browser is one Chromium with a fresh profile.
type browser struct {
	t   *testing.T
	ctx context.Context
}

func newBrowser(t *testing.T, exe string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	// Record Content-Security-Policy violations and script errors on every
	// page, before the page's own scripts run.
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript}); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx}
}

const watchScript = `window.__problems = [];
document.addEventListener("securitypolicyviolation", e => window.__problems.push("CSP " + e.violatedDirective + " " + e.blockedURI));
window.addEventListener("error", e => window.__problems.push("error " + e.message));`

// clean checks that the current page broke no CSP rule and threw no error.
func (b *browser) clean(where string) {
	b.t.Helper()
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`window.__problems ? JSON.stringify(window.__problems) : "the watch script did not run"`))
	if err != nil {
		b.fail("read problems", err)
	}
	if got != "[]" {
		b.t.Errorf("%s: %s", where, got)
	}
}

// step runs actions; on failure it saves a screenshot in the test's
// temporary folder, logs its path and stops the test.
func (b *browser) step(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.fail(name, err)
	}
}

// fail saves a screenshot in the test's temporary folder, logs its path and
// stops the test.
func (b *browser) fail(name string, err error) {
	b.t.Helper()
	path := filepath.Join(b.t.TempDir(), strings.ReplaceAll(name, " ", "_")+".png")
	if png, serr := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)); serr == nil && os.WriteFile(path, png, 0o600) == nil {
		b.t.Logf("screenshot of the failure: %s", path)
	}
	url, _ := chromedp.Run(b.ctx, chromedp.Location())
	b.t.Fatalf("%s (at %s): %v", name, url, err)
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fail("read "+sel, err)
	}
	return s
}

// is evaluates a JavaScript condition in the page.
func (b *browser) is(expr string) bool {
	b.t.Helper()
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](expr))
	if err != nil {
		b.fail("evaluate "+expr, err)
	}
	return ok
}

func (b *browser) login(base, email string) {
	b.t.Helper()
	b.step("log in as "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), e2ePassword),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS(".plan-progress")),
	)
}

// mailchimpExport writes a realistic Mailchimp export big enough for the
// import to take a few seconds, so its progress can be watched.
func mailchimpExport(t *testing.T, rows int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), esptest.FileName("subscribed", esptest.ExportID(7)))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := esptest.WriteMailchimpCSV(w, "subscribed", rows, 7); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEndToEnd(t *testing.T) {
	exe := chromium(t)
	export := mailchimpExport(t, 60000)
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			link, db, base := e2eServer(t, d)
			b := newBrowser(t, exe)
			b.firstRun(link)
			b.t.Run("login", func(*testing.T) { b.logoutAndLogin(base) })
			b.importExport(base, export)
			b.switchLanguage()
			b.logout()
			b.viewerCannotImport(base, db)
		})
	}
}

func (b *browser) firstRun(link string) {
	b.t.Helper()
	b.step("first-run setup",
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#create-admin")),
		chromedp.SendKeys(chromedp.CSS("#name"), "Ada Admin"),
		chromedp.SendKeys(chromedp.CSS("#email"), "ada@example.com"),
		chromedp.SendKeys(chromedp.CSS("#password"), e2ePassword),
		chromedp.SendKeys(chromedp.CSS("#confirm"), e2ePassword),
		chromedp.Click(chromedp.CSS("#create-admin")),
		chromedp.WaitVisible(chromedp.CSS(".plan-progress")),
	)
	if got := b.text("h1"); got != "Your GDPR action plan" {
		b.t.Errorf("after setup: h1 %q", got)
	}
	b.clean("dashboard")
}

func (b *browser) logoutAndLogin(base string) {
	b.t.Helper()
	b.logout()
	b.login(base, "ada@example.com")
}

func (b *browser) logout() {
	b.t.Helper()
	b.step("log out", chromedp.Click(chromedp.CSS("#logout")), chromedp.WaitVisible(chromedp.CSS("#login")))
}

// importExport uploads a Mailchimp export, checks the preview, starts the
// import, watches its progress and opens the report.
func (b *browser) importExport(base, export string) {
	b.t.Helper()
	b.step("upload",
		chromedp.Navigate(base+"/imports/new"),
		chromedp.WaitReady(chromedp.CSS("#files")),
		chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{export}),
		chromedp.Click(chromedp.CSS("#upload")),
		chromedp.WaitVisible(chromedp.CSS("#start-import")),
	)
	if preview := b.text(".file-preview"); !strings.Contains(preview, "Mailchimp") || !strings.Contains(preview, "utf-8") {
		b.t.Errorf("preview lacks the detected format or encoding:\n%s", preview)
	}
	b.clean("preview")
	b.step("start", chromedp.Click(chromedp.CSS("#start-import")), chromedp.WaitVisible(chromedp.CSS("#progress")))
	// The progress card was shown (WaitVisible above); how many of its
	// updates a poll catches depends on the machine's speed.
	b.t.Logf("progress seen: %v", b.watchProgress())
	if got := b.text(".figures"); !strings.Contains(got, "Documented consent") {
		b.t.Errorf("report figures: %q", got)
	}
	b.step("charts", chromedp.WaitVisible(chromedp.CSS(".chart svg")), chromedp.WaitVisible(chromedp.CSS(".downloads-card")))
	b.clean("report")
}

// watchProgress reads the progress until the report replaces it.
func (b *browser) watchProgress() []string {
	b.t.Helper()
	var seen []string
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		if b.is(`!!document.querySelector(".downloads-card")`) {
			return seen
		}
		share, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.querySelector("#progress-share")||{}).textContent||""`))
		if share = strings.TrimSpace(share); err == nil && share != "" && (len(seen) == 0 || seen[len(seen)-1] != share) {
			seen = append(seen, share)
		}
	}
	b.step("report", chromedp.WaitVisible(chromedp.CSS(".downloads-card")))
	return seen
}

func (b *browser) switchLanguage() {
	b.t.Helper()
	b.step("switch to French",
		chromedp.Click(chromedp.CSS(`.lang-switch button[value="fr"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="fr"]`)),
	)
	if h := b.text("h1"); !strings.HasPrefix(h, "Import n°") {
		b.t.Errorf("French report heading %q", h)
	}
	if nav := b.text(".nav"); !strings.Contains(nav, "Plan d’action") || !strings.Contains(nav, "Journal d’audit") {
		b.t.Errorf("French navigation %q", nav)
	}
	b.clean("French report")
}

// viewerCannotImport creates a viewer from the command line and checks
// that the import pages are closed to them.
func (b *browser) viewerCannotImport(base, db string) {
	b.t.Helper()
	var out, errs bytes.Buffer
	code := Main(context.Background(), []string{"--data-dir", b.t.TempDir(), "--database", db, "user", "create", "vic@example.com", "--role", "viewer", "--name", "Vic", "--password-stdin"},
		env{strings.NewReader(e2ePassword + "\n"), &out, &errs, func(k string) string { return map[string]string{"LANG": "en_US.UTF-8"}[k] }})
	if code != 0 {
		b.t.Fatalf("user create: %d %s", code, errs.String())
	}
	v := newBrowser(b.t, mustChromium(b.t))
	v.login(base, "vic@example.com")
	v.step("imports page", chromedp.Navigate(base+"/imports"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if v.is(`!!document.querySelector("#new-import")`) {
		b.t.Error("a viewer is offered to import")
	}
	v.step("new import", chromedp.Navigate(base+"/imports/new"), chromedp.WaitVisible(chromedp.CSS(".error-code")))
	if code := v.text(".error-code"); code != "403" {
		b.t.Errorf("viewer on /imports/new: %s, want 403", code)
	}
}

func mustChromium(t *testing.T) string { return chromium(t) }
