package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestEndToEndConsent follows a consent from its capture to its
// withdrawal, in a real browser, with `gdprkit serve` sending through a
// real SMTP server (go-smtp, in this process, over TCP): an administrator
// creates a purpose, a consent text and a double opt-in form; a member of
// the public signs up on the hosted form, receives the confirmation
// e-mail, opens its link and presses the button (a POST); the ledger
// holds the confirmation with the person's IP, browser and the text
// version shown; "may I send?" says yes; the person withdraws one purpose
// in the preference centre and the one-click unsubscribe (RFC 8058) of a
// message's List-Unsubscribe header withdraws the other; "may I send?"
// says no to both, and the ledger still verifies.
func TestEndToEndConsent(t *testing.T) {
	exe := chromium(t)
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			sink := mailtest.Start(t)
			vars := map[string]string{"GDPRKIT_SMTP_HOST": sink.Host, "GDPRKIT_SMTP_PORT": strconv.Itoa(sink.Port),
				"GDPRKIT_SMTP_TLS": "none", "GDPRKIT_MAIL_FROM": "Acme <news@acme.example>", "GDPRKIT_CONTROLLER_NAME": "Acme SA",
				"GDPRKIT_PRIVACY_URL": "https://acme.example/privacy", "GDPRKIT_TRUSTED_PROXIES": "127.0.0.1"}
			link, db, base, dir := e2eServerEnv(t, d, vars)
			e := &consentRun{t: t, base: base, sink: sink, vars: vars, db: db, dir: dir}

			admin := newBrowser(t, exe)
			admin.firstRun(link)
			e.sha = admin.consentText(base)
			admin.purpose(base)
			form := admin.doubleOptInForm(base)
			e.token = admin.apiToken(base)

			person := newBrowser(t, exe)
			person.behindProxy(personIP)
			person.signUp(form+"?page="+url.QueryEscape("https://www.acme.example/newsletter"), consentEmail)
			msg := sink.Wait(t, 1, 30*time.Second)[0]
			confirm := e.confirmationLink(msg)
			person.step("mail scanner's GET", chromedp.Navigate(confirm), chromedp.WaitVisible(chromedp.CSS("#confirm")))
			e.permission("webinars", false, "doi_pending") // a GET confirms nothing
			prefs := person.confirm(confirm)
			ua, err := chromedp.Run(person.ctx, chromedp.Evaluate[string](`navigator.userAgent`))
			if err != nil {
				person.fail("user agent", err)
			}
			contact := e.checkConfirmation(ua)
			admin.contactTimeline(base, contact, ua)
			e.permission("webinars", true, "doi_confirmed")
			e.permission("email_marketing", true, "doi_confirmed")
			e.permission("partner_offers", false, "no_consent")

			person.withdraw(prefs, "webinars")
			e.permission("webinars", false, "withdrawn")
			e.permission("email_marketing", true, "doi_confirmed")

			e.oneClick(contact)
			e.permission("email_marketing", false, "withdrawn")
			e.ledgerVerifies()
		})
	}
}

// The person and the mailbox provider reach the server through a reverse
// proxy, as in production (GDPRKIT_TRUSTED_PROXIES): the ledger records
// their public addresses. Consent confirmed from the server's own address
// would only be weak evidence.
const (
	consentEmail = "lea.martin@example.org"
	personIP     = "203.0.113.7"
	providerIP   = "198.51.100.25"
)

// behindProxy makes the browser's requests arrive as through the proxy,
// with the client's address in X-Forwarded-For.
func (b *browser) behindProxy(client string) {
	b.t.Helper()
	if _, err := chromedp.Call(b.ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"X-Forwarded-For": client}}); err != nil {
		b.fail("proxy header", err)
	}
}

// consentRun is one run of the consent journey: the server, its mail and
// what the administrator set up.
type consentRun struct {
	t       *testing.T
	base    string
	sink    *mailtest.Sink
	vars    map[string]string
	db, dir string
	sha     string // of the consent text shown on the form
	token   string // an API token
}

// consentText writes the form's notice and returns its SHA-256, as its
// page shows it.
func (b *browser) consentText(base string) string {
	b.t.Helper()
	b.step("new consent text", chromedp.Navigate(base+"/consent/texts/new"), chromedp.WaitVisible(chromedp.CSS("#save-text")))
	b.fill(map[string]string{"name": "newsletter-notice", "body": "Acme SA sends the e-mails you choose. Withdraw at any time from the link in each e-mail."})
	b.step("save the text", chromedp.SetValue(chromedp.CSS("#language"), "en"), chromedp.Click(chromedp.CSS("#save-text")),
		chromedp.WaitVisible(chromedp.CSS("#text-shown")))
	sha := strings.TrimSpace(b.text(".facts code"))
	if len(sha) != 64 {
		b.t.Fatalf("text SHA-256 %q", sha)
	}
	b.clean("consent text")
	return sha
}

// purpose creates the purpose "webinars".
func (b *browser) purpose(base string) {
	b.t.Helper()
	b.step("new purpose", chromedp.Navigate(base+"/consent/purposes/new"), chromedp.WaitVisible(chromedp.CSS("#save-purpose")))
	b.fill(map[string]string{"slug": "webinars", "label_en": "Invitations to our webinars", "label_fr": "Invitations à nos webinaires",
		"description_en": "One e-mail a month at most.", "description_fr": "Un e-mail par mois au plus."})
	b.step("save the purpose", chromedp.Click(chromedp.CSS("#save-purpose")), chromedp.WaitVisible(chromedp.CSS(".alert-ok")))
	if !strings.Contains(b.text("main"), "webinars") {
		b.t.Error("the consent page does not list the new purpose")
	}
	b.clean("purposes")
}

// doubleOptInForm creates a double opt-in form offering webinars and the
// newsletter with the notice, and returns its hosted address.
func (b *browser) doubleOptInForm(base string) string {
	b.t.Helper()
	b.step("new form", chromedp.Navigate(base+"/forms/new"), chromedp.WaitVisible(chromedp.CSS("#save-form")))
	b.fill(map[string]string{"name": "Acme newsletter", "slug": "newsletter", "list": "Newsletter"})
	if !b.is(`(function(){for (const s of ["#double_opt_in","#purpose-webinars","#purpose-email_marketing"]) document.querySelector(s).checked = true; return true})()`) {
		b.fail("tick the form's boxes", os.ErrNotExist)
	}
	b.step("language", chromedp.SetValue(chromedp.CSS("#language"), "en"))
	b.choose("#text_en_0", "newsletter-notice · v1")
	b.step("save the form", chromedp.Click(chromedp.CSS("#save-form")), chromedp.WaitVisible(chromedp.CSS("#hosted-link")))
	if b.is(`!!document.querySelector(".alert-warn")`) {
		b.t.Error("the form page says mail is not configured")
	}
	b.clean("form")
	href, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#hosted-link").href`))
	if err != nil {
		b.fail("hosted link", err)
	}
	if !strings.HasPrefix(href, base+"/f/newsletter") {
		b.t.Fatalf("hosted form at %q, want under %s", href, base)
	}
	return href
}

// apiToken creates an API token on the account page and returns it.
func (b *browser) apiToken(base string) string {
	b.t.Helper()
	b.step("account", chromedp.Navigate(base+"/account"), chromedp.WaitVisible(chromedp.CSS("#token-name")))
	b.fill(map[string]string{"name": "ESP sync"})
	b.step("create the token", chromedp.SetValue(chromedp.CSS("#token-role"), "marketer"), chromedp.Submit(chromedp.CSS("#token-name")), chromedp.WaitVisible(chromedp.CSS("#new-token")))
	tok, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS("#new-token")))
	if err != nil || tok == "" {
		b.fail("read the token", err)
	}
	return tok
}

// signUp fills in the hosted form as a person does: the address, both
// boxes, the button.
func (b *browser) signUp(form, email string) {
	b.t.Helper()
	b.step("hosted form", chromedp.Navigate(form), chromedp.WaitVisible(chromedp.CSS("#subscribe")))
	if b.is(`document.querySelector("#p-webinars").checked || document.querySelector("#p-email_marketing").checked`) {
		b.t.Error("a purpose's box is ticked in advance")
	}
	if !strings.Contains(b.text(".notice"), "Withdraw at any time") {
		b.t.Error("the form does not show its notice")
	}
	b.clean("hosted form")
	b.step("sign up",
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.Click(chromedp.CSS("#p-webinars")),
		chromedp.Click(chromedp.CSS("#p-email_marketing")),
		chromedp.Click(chromedp.CSS("#subscribe")),
		chromedp.WaitVisible(chromedp.CSS("#signup-done")),
	)
	b.clean("signed up")
}

var mailLink = regexp.MustCompile(`https?://\S+/consent/confirm/[A-Za-z0-9_-]+`)

// confirmationLink checks the confirmation e-mail and returns its link.
func (e *consentRun) confirmationLink(m mailtest.Message) string {
	e.t.Helper()
	if len(m.To) != 1 || m.To[0] != consentEmail {
		e.t.Errorf("confirmation sent to %v, want %s", m.To, consentEmail)
	}
	text := m.Text()
	link := mailLink.FindString(text)
	if link == "" {
		e.t.Fatalf("no confirmation link in the e-mail:\n%s", text)
	}
	if !strings.HasPrefix(link, e.base+"/consent/confirm/") {
		e.t.Errorf("confirmation link %s, want under %s", link, e.base)
	}
	if !strings.Contains(m.HTML(), link) {
		e.t.Error("the HTML part lacks the link of the text part")
	}
	if !strings.Contains(text, "Invitations to our webinars") {
		e.t.Errorf("the e-mail does not name the purposes:\n%s", text)
	}
	return link
}

// confirm presses the confirmation page's button and returns the link to
// the preference centre that the answer offers.
func (b *browser) confirm(link string) string {
	b.t.Helper()
	b.step("confirmation page", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#confirm")))
	if list := b.text(".list"); !strings.Contains(list, "Invitations to our webinars") {
		b.t.Errorf("confirmation page purposes: %q", list)
	}
	b.clean("confirmation page")
	b.step("confirm", chromedp.Click(chromedp.CSS("#confirm")), chromedp.WaitVisible(chromedp.CSS("#confirmed")))
	b.clean("confirmed")
	prefs, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#preferences").href`))
	if err != nil {
		b.fail("preferences link", err)
	}
	// The link is single-use: a second press is refused with a page of
	// its own.
	b.step("confirm again", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("h1")))
	if h := b.text("h1"); h != "This link was already used" || b.is(`!!document.querySelector("#confirm")`) {
		b.t.Errorf("a used confirmation link shows %q", h)
	}
	return prefs
}

// openStore opens the server's database beside it.
func (e *consentRun) openStore() *store.Stores {
	e.t.Helper()
	st, err := store.Open(context.Background(), strings.TrimPrefix(e.db, "sqlite://"))
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { st.Close() })
	return st
}

// checkConfirmation reads the ledger: one confirmation event per purpose,
// with the person's IP and browser, the form, the page and the text
// version shown. It returns the contact's id.
func (e *consentRun) checkConfirmation(ua string) int64 {
	e.t.Helper()
	st := e.openStore()
	rows, err := st.DB.Query(context.Background(), `SELECT e.contact_id, e.purpose, e.channel, e.ip, e.user_agent, e.detail
		FROM consent_events e JOIN contacts c ON c.id = e.contact_id WHERE c.email = ? AND e.action = 'confirmation' ORDER BY e.id`, consentEmail)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var contact int64
	var purposes []string
	for rows.Next() {
		var purpose, channel, ip, agent, detail string
		if err := rows.Scan(&contact, &purpose, &channel, &ip, &agent, &detail); err != nil {
			e.t.Fatal(err)
		}
		purposes = append(purposes, purpose)
		var d struct {
			Form  string `json:"form"`
			Page  string `json:"page"`
			Texts []struct {
				SHA256 string `json:"sha256"`
			} `json:"texts"`
			MessageID string `json:"message_id"`
		}
		if err := json.Unmarshal([]byte(detail), &d); err != nil {
			e.t.Fatalf("detail %q: %v", detail, err)
		}
		if ip != personIP || agent != ua || channel != "email" {
			e.t.Errorf("%s confirmed from %q with %q by %q, want %s, %q, email", purpose, ip, agent, channel, personIP, ua)
		}
		if d.Form != "newsletter" || d.Page != "https://www.acme.example/newsletter" || len(d.Texts) != 1 || d.Texts[0].SHA256 != e.sha || d.MessageID == "" {
			e.t.Errorf("%s confirmation detail %s: want form newsletter, the page, text %s and the e-mail's Message-ID", purpose, detail, e.sha)
		}
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	if strings.Join(purposes, " ") != "webinars email_marketing" && strings.Join(purposes, " ") != "email_marketing webinars" {
		e.t.Fatalf("confirmations for %v, want webinars and email_marketing", purposes)
	}
	return contact
}

// contactTimeline checks that the staff see the confirmation on the
// contact's page, with where it came from.
func (b *browser) contactTimeline(base string, contact int64, ua string) {
	b.t.Helper()
	b.step("contact page", chromedp.Navigate(base+"/contacts/"+strconv.FormatInt(contact, 10)), chromedp.WaitVisible(chromedp.CSS(".timeline")))
	got := b.text(".timeline .kind-confirmation")
	if !strings.Contains(got, personIP) || !strings.Contains(got, ua) {
		b.t.Errorf("the contact's timeline lacks the confirmation's IP or browser:\n%s", got)
	}
	b.clean("contact page")
}

// permission asks "may I send?" through the API, as a sending script does.
func (e *consentRun) permission(purpose string, allowed bool, reason string) {
	e.t.Helper()
	q := url.Values{"email": {consentEmail}, "purpose": {purpose}}
	req, err := http.NewRequest(http.MethodGet, e.base+"/api/v1/permissions?"+q.Encode(), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var p struct {
		Allowed bool   `json:"allowed"`
		Reason  string `json:"reason"`
		EventID int64  `json:"event_id"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &p) != nil {
		e.t.Fatalf("may I send %s? %d %s", purpose, resp.StatusCode, body)
	}
	if p.Allowed != allowed || p.Reason != reason {
		e.t.Errorf("may I send %s? allowed %v (%s), want %v (%s)", purpose, p.Allowed, p.Reason, allowed, reason)
	}
	if reason != "no_consent" && p.EventID == 0 {
		e.t.Errorf("may I send %s? names no deciding event: %s", purpose, body)
	}
}

// withdraw unticks a purpose in the preference centre and saves.
func (b *browser) withdraw(prefs, purpose string) {
	b.t.Helper()
	box := chromedp.CSS("#p-" + purpose)
	b.step("preference centre", chromedp.Navigate(prefs), chromedp.WaitVisible(box))
	if !b.is(`document.querySelector("#p-webinars").checked && document.querySelector("#p-email_marketing").checked`) {
		b.t.Error("the preference centre does not show both consents")
	}
	b.clean("preference centre")
	b.step("withdraw "+purpose, chromedp.Click(box), chromedp.Click(chromedp.CSS("#save-preferences")), chromedp.WaitVisible(chromedp.CSS("#saved")))
	if b.is(`document.querySelector("#p-` + purpose + `").checked`) {
		b.t.Errorf("%s still ticked after saving", purpose)
	}
	b.clean("preferences saved")
}

// oneClick sends the person a message whose List-Unsubscribe header names
// an unsubscribe link for the newsletter, signed with the server's keys
// (as a campaign's message does, through the same mailer), then acts as a
// mailbox provider: a POST of List-Unsubscribe=One-Click to the header's
// address, with no cookie, expecting a 200 and no redirect.
func (e *consentRun) oneClick(contact int64) {
	e.t.Helper()
	ctx := context.Background()
	a := &app{env: env{strings.NewReader(""), io.Discard, io.Discard, func(k string) string { return e.vars[k] }}, dataDir: e.dir, database: e.db}
	if err := a.loadConfig(); err != nil {
		e.t.Fatal(err)
	}
	st := e.openStore()
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		e.t.Fatal(err)
	}
	// Links in messages are HTTPS (RFC 8058): the public address a TLS
	// proxy serves; the test's server is behind it.
	const public = "https://consent.acme.example"
	links := &capture.Service{Store: st.Consent.Store, Keys: k.keys, BaseURL: public}
	token, err := links.UnsubscribeToken(ctx, contact, e.purposeID(st, "email_marketing"))
	if err != nil {
		e.t.Fatal(err)
	}
	smtp, err := newSMTP(a.cfg.Mail)
	if err != nil {
		e.t.Fatal(err)
	}
	defer smtp.Close()
	e.sink.Reset()
	if err := smtp.Send(ctx, &mailer.Message{To: consentEmail, Subject: "Acme news", Text: "News.\n\nUnsubscribe: " + links.UnsubscribeURL(token),
		UnsubscribeURL: links.UnsubscribeURL(token)}); err != nil {
		e.t.Fatal(err)
	}
	h := e.sink.Wait(e.t, 1, 30*time.Second)[0].Header()
	if got := h.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		e.t.Errorf("List-Unsubscribe-Post %q", got)
	}
	target := regexp.MustCompile(`<(https://[^>]+)>`).FindStringSubmatch(h.Get("List-Unsubscribe"))
	if target == nil {
		e.t.Fatalf("List-Unsubscribe %q has no HTTPS address", h.Get("List-Unsubscribe"))
	}
	post := e.base + strings.TrimPrefix(target[1], public)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequest(http.MethodPost, post, strings.NewReader("List-Unsubscribe=One-Click"))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", providerIP)
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || len(resp.Cookies()) > 0 {
		e.t.Errorf("one-click unsubscribe: %d, cookies %v: %s", resp.StatusCode, resp.Cookies(), body)
	}
	var ip, detail string
	if err := st.DB.QueryRow(ctx, `SELECT ip, detail FROM consent_events WHERE contact_id = ? AND purpose = 'email_marketing' AND action = 'withdrawal'`,
		contact).Scan(&ip, &detail); err != nil || ip != providerIP || !strings.Contains(detail, `"one_click"`) {
		e.t.Errorf("the ledger's withdrawal: from %q, %q, %v; want from %s, one_click", ip, detail, err, providerIP)
	}
}

func (e *consentRun) purposeID(st *store.Stores, slug string) int64 {
	e.t.Helper()
	var id int64
	if err := st.DB.QueryRow(context.Background(), `SELECT id FROM purposes WHERE slug = ?`, slug).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// ledgerVerifies runs `gdprkit ledger verify` on the server's database.
func (e *consentRun) ledgerVerifies() {
	e.t.Helper()
	var out, errs strings.Builder
	code := Main(context.Background(), []string{"--data-dir", e.dir, "--database", e.db, "ledger", "verify"},
		env{strings.NewReader(""), &out, &errs, func(k string) string { return e.vars[k] }})
	if code != 0 {
		e.t.Errorf("ledger verify: %d\n%s%s", code, out.String(), errs.String())
	}
}
