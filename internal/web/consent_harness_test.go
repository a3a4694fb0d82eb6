package web

import (
	"context"
	"crypto/ed25519"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/secrets"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// consentFixture is the consent feature over the harness's database, as
// cmd/gdprkit wires it, with a real SMTP server (mailtest) on loopback.
type consentFixture struct {
	svc      *Consent
	capture  *capture.Service
	ledger   *consent.Ledger
	list     *suppression.List
	sink     *mailtest.Sink
	signups  *ratelimit.Limiter
	links    *ratelimit.Limiter
	oneClick *ratelimit.Limiter
}

func newConsentFixture(t testing.TB, st *store.Stores) *consentFixture {
	t.Helper()
	secret := secrets.FromBytes([32]byte{7, 7, 7})
	list := suppression.New(st.Consent.Store, secret.Derive(secrets.Suppression))
	keys, err := capture.NewKeyring(st.Consent.Store, secret.Derive(secrets.TokenWrap), nil)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := mailer.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	sink := mailtest.Start(t)
	smtp, err := mailer.New(mailer.Config{Host: sink.Host, Port: sink.Port, TLS: mailer.TLSNone, From: "Acme <news@acme.example>"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { smtp.Close() })
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	f := &consentFixture{list: list, sink: sink, ledger: &consent.Ledger{Store: st.Consent.Ledger, Key: key}}
	f.capture = &capture.Service{Store: st.Consent.Store, Keys: keys, Mailer: smtp, Templates: tpl, Suppression: list,
		Sender: "Acme", PrivacyURL: "https://acme.example/privacy"}
	limiter := func(n int) *ratelimit.Limiter {
		return &ratelimit.Limiter{Store: st.Consent.Store, Limit: n, Window: time.Minute, Key: secret.Derive(secrets.RateLimit)}
	}
	f.signups, f.links, f.oneClick = limiter(1000), limiter(1000), limiter(1000)
	f.svc = &Consent{Capture: f.capture, Permissions: &consent.Permissions{Store: st.Consent.Store, Hashes: list.Hashes},
		Catalogue: &consent.Catalogue{Store: st.Consent.Store}, Records: st.Consent.Store, Ledger: f.ledger,
		Proofs: &consent.Proofs{Store: st.Consent.Store, Ledger: st.Consent.Ledger, PublicKey: key.Public().(ed25519.PublicKey),
			Controller: consent.Controller{Name: "Acme SA", Email: "dpo@acme.example", Jurisdiction: "FR"}},
		SignupLimit: f.signups, LinkLimit: f.links, OneClickLimit: f.oneClick, MailReady: true, PrivacyURL: "https://acme.example/privacy"}
	return f
}

// newsletterForm creates, through the catalogue, English and French texts
// and a double opt-in form "newsletter" offering email_marketing and
// partner_offers, and returns it.
func (h *harness) newsletterForm(doi bool) *capture.Form {
	h.t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem})
	purposes, err := h.st.Consent.Store.Purposes(ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	f := &capture.Form{Slug: "newsletter", Name: "Newsletter", DoubleOptIn: doi, Language: "en", Purposes: []int64{purposes[0].ID, purposes[1].ID}}
	cat := &consent.Catalogue{Store: h.st.Consent.Store}
	for _, x := range []struct {
		lang    string
		purpose int64
		body    string
	}{
		{"en", 0, "Acme SA sends you what you tick. Withdraw at any time with the link in every e-mail."},
		{"en", purposes[0].ID, "Send me the Acme newsletter (twice a month)."},
		{"en", purposes[1].ID, "Send me offers from Acme's partners."},
		{"fr", 0, "Acme SA vous envoie ce que vous cochez. Retirez votre consentement à tout moment avec le lien de chaque e-mail."},
		{"fr", purposes[0].ID, "Envoyez-moi la lettre d'Acme (deux fois par mois)."},
		{"fr", purposes[1].ID, "Envoyez-moi les offres des partenaires d'Acme."},
	} {
		t := &consent.Text{Name: "newsletter-" + x.lang, Language: x.lang, Format: "text", Body: x.body}
		if err := cat.AddText(ctx, t); err != nil {
			h.t.Fatal(err)
		}
		f.Texts = append(f.Texts, capture.FormText{Language: x.lang, PurposeID: x.purpose, TextID: t.ID})
	}
	if err := h.consent.capture.SaveForm(ctx, f); err != nil {
		h.t.Fatal(err)
	}
	return f
}

// formTexts returns the ids of the form's texts in lang, as the hosted
// page posts them.
func formTexts(f *capture.Form, lang string) []string {
	var out []string
	for _, t := range f.Texts {
		if t.Language == lang {
			out = append(out, itoa(t.TextID))
		}
	}
	return out
}

// signupForm is what the hosted form posts.
func signupForm(f *capture.Form, email string, purposes ...string) url.Values {
	return url.Values{"email": {email}, "purpose": purposes, "text": formTexts(f, "en"), "lang": {"en"}, "page": {"https://acme.example/blog"}}
}

var tokenLink = regexp.MustCompile(`/consent/(confirm|preferences|unsubscribe)/([A-Za-z0-9_-]{72})`)

// confirmPath waits for the n-th e-mail and returns the path of its
// confirmation link.
func (h *harness) confirmPath(n int) string {
	h.t.Helper()
	msgs := h.consent.sink.Wait(h.t, n, 10*time.Second)
	m := tokenLink.FindString(msgs[n-1].Text())
	if m == "" || !strings.HasPrefix(m, "/consent/confirm/") {
		h.t.Fatalf("no confirmation link in %q", msgs[n-1].Text())
	}
	return m
}

// plain is a client with no cookie jar: what a mailbox provider's
// one-click POST looks like.
func (h *harness) plain() *client {
	return &client{h: h, hc: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// consentFixtures are the ids the route × role test requests: the
// newsletter form, a purpose and a text.
func (h *harness) consentFixtures() (form, purpose, text int64) {
	h.t.Helper()
	f := h.newsletterForm(true)
	return f.ID, f.Purposes[0], f.Texts[0].TextID
}

// person is a browser behind the organisation's reverse proxy, coming
// from a public address (the audit rules document a consent given from
// one; loopback is not).
func (h *harness) person() *client {
	h.t.Helper()
	h.srv.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	c := h.anonymous()
	c.hc.Transport = forwardedFor{"198.51.100.23"}
	return c
}

// forwardedFor adds the header a reverse proxy sets.
type forwardedFor struct{ ip string }

func (f forwardedFor) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Forwarded-For", f.ip)
	return http.DefaultTransport.RoundTrip(r)
}

// link returns the first link of a kind in a page.
func link(body, kind string) string {
	for _, m := range tokenLink.FindAllStringSubmatch(body, -1) {
		if m[1] == kind {
			return m[0]
		}
	}
	return ""
}
