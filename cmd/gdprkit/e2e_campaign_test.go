package main

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gdprkit/gdprkit/internal/campaign/campaigntest"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// campaignBase is the contact base of the campaign journey: three people
// to ask again, three left out for three different reasons.
var campaignBase = []campaigntest.Person{
	{Email: "camille.martin@example.org", FirstName: "Camille", Language: "fr", Status: contacts.Missing},
	{Email: "ben.jones@example.com", FirstName: "Ben", Language: "en", Status: contacts.Weak},
	{Email: "chloe.petit@example.net", Language: "fr", Status: contacts.Weak},
	{Email: "doc.umented@example.com", Status: contacts.Documented},
	{Email: "with.drawn@example.com", Status: contacts.Withdrawn},
	{Email: "hans.mueller@example.de", Language: "de", Status: contacts.Missing}, // in Germany: left out by default
}

// campaignAsked are the people of campaignBase the campaign asks.
var campaignAsked = []string{"ben.jones@example.com", "camille.martin@example.org", "chloe.petit@example.net"}

// TestEndToEndCampaign runs a re-permission campaign through the pages,
// in a real browser, with `gdprkit serve` sending through a real SMTP
// server: an administrator, after the first-run setup, creates a campaign
// from the re-permission segment of a base with weak and missing consent,
// reads whom it reaches and whom it leaves out and why, previews the
// French e-mail, sends a test message, launches it and watches the
// results page until every message is sent; each person asked receives
// exactly one message. The campaign pages then render in French.
func TestEndToEndCampaign(t *testing.T) {
	exe := chromium(t)
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			sink := mailtest.Start(t)
			vars := map[string]string{"GDPRKIT_SMTP_HOST": sink.Host, "GDPRKIT_SMTP_PORT": strconv.Itoa(sink.Port),
				"GDPRKIT_SMTP_TLS": "none", "GDPRKIT_MAIL_FROM": "Acme <news@acme.example>", "GDPRKIT_CONTROLLER_NAME": "Acme SA",
				"GDPRKIT_PRIVACY_URL": "https://acme.example/privacy", "GDPRKIT_BASE_URL": campaignPublic}
			link, db, base := campaignServer(t, d, vars)
			seedCampaignBase(t, db)

			b := newBrowser(t, exe)
			b.firstRun(link)
			page := b.newCampaign(base)
			b.prospect()
			b.frenchPreview(base, page)
			b.testMessage(sink)
			b.launch(base, page)
			b.watchResults(len(campaignAsked))
			checkOneEach(t, sink)
			b.campaignInFrench(base, page)
		})
	}
}

// campaignPublic is the public address of the server, which a TLS proxy
// serves in production: a campaign's messages carry one-click
// unsubscribe links (RFC 8058), which must be HTTPS. The browser reaches
// the server directly.
const campaignPublic = "https://consent.acme.example"

var (
	publicSetupLink = regexp.MustCompile(regexp.QuoteMeta(campaignPublic) + `(/setup\?token=[a-z0-9]+)`)
	listening       = regexp.MustCompile(`"gdprkit listening","address":"(127\.0\.0\.1:[0-9]+)"`)
)

// campaignServer starts `gdprkit serve` with a public address of its
// own, and returns the setup link and the base URL on the address it
// listens on, and the database flag.
func campaignServer(t *testing.T, dialect string, vars map[string]string) (link, db, base string) {
	t.Helper()
	db = dbFlag(storetest.DSN(t, dialect))
	runServe(t, db, vars, func(out, errs string) bool {
		setup, addr := publicSetupLink.FindStringSubmatch(out), listening.FindStringSubmatch(errs)
		if setup == nil || addr == nil {
			return false
		}
		base = "http://" + addr[1]
		link = base + setup[1]
		return true
	})
	return link, db, base
}

// seedCampaignBase writes the contacts into the server's database, as an
// import would.
func seedCampaignBase(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(context.Background(), strings.TrimPrefix(db, "sqlite://"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	campaigntest.Seed(t, st.Contacts, campaignBase)
}

// newCampaign opens Campaigns from the navigation, creates a campaign
// from the re-permission segment (weak and missing, as the form offers
// it) without rate limits, and returns the campaign's page.
func (b *browser) newCampaign(base string) string {
	b.t.Helper()
	b.step("campaigns", chromedp.Click(chromedp.CSS(`.nav a[href="/campaigns"]`)), chromedp.WaitVisible(chromedp.CSS("#new-campaign")))
	if h := b.text("h1"); h != "Re-permission campaigns" {
		b.t.Errorf("campaigns page h1 %q", h)
	}
	b.clean("campaigns")
	b.step("new campaign", chromedp.Click(chromedp.CSS("#new-campaign")), chromedp.WaitVisible(chromedp.CSS("#create-campaign")))
	if !b.is(`[...document.querySelectorAll('input[name="status"]')].every(x => x.checked) && document.querySelectorAll('input[name="status"]').length == 2`) {
		b.t.Error("the new campaign does not select the weak and missing statuses")
	}
	b.clean("new campaign")
	b.fill(map[string]string{"name": "Spring re-permission"})
	b.step("create the campaign",
		chromedp.SetValue(chromedp.CSS("#rate"), "0"), chromedp.SetValue(chromedp.CSS("#domain_rate"), "0"),
		chromedp.Click(chromedp.CSS("#create-campaign")), chromedp.WaitVisible(chromedp.CSS("#prospect")))
	if !b.is(`!!document.querySelector(".alert-ok")`) {
		b.t.Error("no message says the campaign was created")
	}
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.fail("campaign page address", err)
	}
	if !strings.HasPrefix(loc, base+"/campaigns/") {
		b.t.Fatalf("created campaign at %s", loc)
	}
	return strings.TrimPrefix(loc, base)
}

// prospect checks whom the launch would reach and whom it leaves out.
func (b *browser) prospect() {
	b.t.Helper()
	if got := b.text("#prospect-targeted"); got != "3 contacts would be asked" {
		b.t.Errorf("prospect: %q, want 3 contacts", got)
	}
	excluded := b.text("#prospect-excluded tbody")
	for _, reason := range []string{"Consent already documented", "Unsubscribed or objected", "In Germany (left out)"} {
		if !strings.Contains(excluded, reason) {
			b.t.Errorf("the reasons left out lack %q:\n%s", reason, excluded)
		}
	}
	if n := b.is(`document.querySelectorAll("#prospect-excluded tbody tr").length == 3 &&
		[...document.querySelectorAll("#prospect-excluded tbody td.num")].every(x => x.textContent.trim() == "1")`); !n {
		b.t.Errorf("the reasons left out are not three of one contact each:\n%s", excluded)
	}
	if b.is(`!!document.querySelector("#prospect .missing")`) {
		b.t.Errorf("the default e-mails miss an item of the checklist:\n%s", b.text("#prospect"))
	}
	b.clean("campaign draft")
}

// frenchPreview opens the French preview from the draft's page.
func (b *browser) frenchPreview(base, page string) {
	b.t.Helper()
	b.step("French preview", chromedp.Click(chromedp.CSS("#preview-fr")), chromedp.WaitVisible(chromedp.CSS("#preview-subject")))
	if h := b.text("h1"); h != "Preview in French" {
		b.t.Errorf("preview h1 %q", h)
	}
	if s := b.text("#preview-subject"); s != "Acme SA : souhaitez-vous continuer à recevoir nos messages ?" {
		b.t.Errorf("French subject %q", s)
	}
	if text := b.text("#preview-text"); !strings.Contains(text, "Bonjour") || !strings.Contains(text, "/consent/confirm/") {
		b.t.Errorf("French text lacks the greeting or the confirmation link:\n%s", text)
	}
	b.clean("French preview")
	b.step("back to the draft", chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("#send-test")))
}

// testMessage sends the French e-mail to a test address and checks the
// SMTP server got it, marked as a test.
func (b *browser) testMessage(sink *mailtest.Sink) {
	b.t.Helper()
	const to = "tester@acme.example"
	b.quick("send a test", chromedp.SendKeys(chromedp.CSS("#test-to"), to), chromedp.SetValue(chromedp.CSS("#test-lang"), "fr"),
		chromedp.Click(chromedp.CSS("#send-test")), chromedp.WaitVisible(chromedp.CSS(".alert-ok, #form-error, .error-code")))
	if got := b.js(`(document.querySelector(".alert-ok")||{}).textContent||""`); got != "The test message was sent." {
		b.fail("test message refused: "+b.js(`(document.querySelector("#form-error, .error-code, main")||{}).textContent||""`), os.ErrInvalid)
	}
	b.clean("test sent")
	m := sink.Wait(b.t, 1, 30*time.Second)[0]
	if len(m.To) != 1 || m.To[0] != to || !strings.HasPrefix(m.Subject(), "[TEST] ") || !strings.Contains(m.Subject(), "souhaitez-vous") {
		b.t.Errorf("test message to %v, subject %q", m.To, m.Subject())
	}
	sink.Reset()
}

// launch ticks the confirmation and launches; the results page opens.
func (b *browser) launch(base, page string) {
	b.t.Helper()
	if !b.is(`document.querySelector("#launch-campaign").form.checkValidity() === false`) {
		b.t.Error("the launch form is valid without its confirmation")
	}
	if c := b.text(`label:has(#launch-confirm)`); !strings.Contains(c, "send the request to 3 contacts now") {
		b.t.Errorf("launch confirmation %q", c)
	}
	b.step("launch", chromedp.Click(chromedp.CSS("#launch-confirm")), chromedp.Click(chromedp.CSS("#launch-campaign")),
		chromedp.WaitVisible(chromedp.CSS("#campaign-live")))
	if loc, err := chromedp.Run(b.ctx, chromedp.Location()); err != nil || loc != base+page+"/results" {
		b.t.Errorf("after the launch: at %s (%v), want the results", loc, err)
	}
	if h := b.text("h1"); h != "Results of Spring re-permission" {
		b.t.Errorf("results h1 %q", h)
	}
}

// watchResults waits until the results page, refreshed by htmx, counts
// every message sent.
func (b *browser) watchResults(n int) {
	b.t.Helper()
	want := strconv.Itoa(n)
	var sent string
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(document.querySelector("#count-sent")||{}).textContent||""`))
		if err != nil {
			b.fail("read the sent count", err)
		}
		if sent = strings.TrimSpace(got); sent == want {
			break
		}
	}
	if sent != want {
		b.fail("results: "+sent+" sent, want "+want, context.DeadlineExceeded)
	}
	if got := b.text("#count-targeted"); got != want {
		b.t.Errorf("results: %s targeted, want %s", got, want)
	}
	if got := b.text("#results-status"); got != "Running" {
		b.t.Errorf("results status %q", got)
	}
	b.clean("results")
}

// checkOneEach checks that each person asked got exactly one message,
// and nobody else any.
func checkOneEach(t *testing.T, sink *mailtest.Sink) {
	t.Helper()
	sink.Wait(t, len(campaignAsked), 30*time.Second)
	time.Sleep(time.Second) // a duplicate would arrive now
	per := map[string]int{}
	for _, m := range sink.Messages() {
		if !strings.Contains(m.Text(), campaignPublic+"/consent/confirm/") {
			t.Errorf("the message to %v lacks its confirmation link:\n%s", m.To, m.Text())
		}
		for _, to := range m.To {
			per[to]++
		}
	}
	var got []string
	for to, n := range per {
		got = append(got, to)
		if n != 1 {
			t.Errorf("%s got %d messages", to, n)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, campaignAsked) {
		t.Errorf("messages to %v, want %v", got, campaignAsked)
	}
}

// campaignInFrench switches the interface to French on the results page
// and opens the campaign's page.
func (b *browser) campaignInFrench(base, page string) {
	b.t.Helper()
	b.step("switch to French", chromedp.Click(chromedp.CSS(`.lang-switch button[value="fr"]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="fr"]`)), chromedp.WaitVisible(chromedp.CSS("#campaign-live")))
	if h := b.text("h1"); h != "Résultats de Spring re-permission" {
		b.t.Errorf("French results h1 %q", h)
	}
	b.clean("French results")
	b.step("campaign page in French", chromedp.Navigate(base+page), chromedp.WaitVisible(chromedp.CSS("#summary")))
	if nav := b.text(".nav"); !strings.Contains(nav, "Campagnes") {
		b.t.Errorf("French navigation %q", nav)
	}
	if s := b.text("#summary"); !strings.Contains(s, "Exclus, et pourquoi") || !strings.Contains(s, "En Allemagne (exclu)") {
		b.t.Errorf("French campaign page:\n%s", s)
	}
	b.clean("French campaign page")
}

// js evaluates a JavaScript string expression in the page.
func (b *browser) js(expr string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.fail("evaluate "+expr, err)
	}
	return strings.TrimSpace(s)
}

// quick is step with a shorter time limit, so that a page which never
// shows what is awaited fails the test with a screenshot and its text.
func (b *browser) quick(name string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		main, _ := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("main")))
		b.t.Logf("%s: the page says:\n%s", name, main)
		b.fail(name, err)
	}
}
