package capture_test

import (
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/secrets"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is a capture service over a real database and a real SMTP
// server, with a newsletter form offering two purposes.
type fixture struct {
	st    *store.Stores
	svc   *capture.Service
	perm  *consent.Permissions
	sink  *mailtest.Sink
	clock *clock
	form  *capture.Form
	texts []int64 // notice, newsletter box, partner box (en)
	list  *suppression.List
}

func newFixture(t *testing.T, st *store.Stores) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{st: st, sink: mailtest.Start(t), clock: &clock{t: time.Now().UTC().Truncate(time.Millisecond)}}
	st.DB.Now = f.clock.Now
	secret := secrets.FromBytes([32]byte{1, 2, 3})
	f.list = suppression.New(st.Consent.Store, secret.Derive(secrets.Suppression))
	keys, err := capture.NewKeyring(st.Consent.Store, secret.Derive(secrets.TokenWrap), f.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := mailer.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	smtp, err := mailer.New(mailer.Config{Host: f.sink.Host, Port: f.sink.Port, TLS: mailer.TLSNone, From: "Acme <news@acme.example>"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { smtp.Close() })
	f.svc = &capture.Service{Store: st.Consent.Store, Keys: keys, Mailer: smtp, Templates: tpl, Suppression: f.list,
		Now: f.clock.Now, BaseURL: "https://consent.acme.example", Sender: "Acme"}
	f.perm = &consent.Permissions{Store: st.Consent.Store, Hashes: f.list.Hashes}
	f.texts = addTexts(t, st)
	purposes, err := st.Consent.Store.Purposes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.form = &capture.Form{Slug: "newsletter", Name: "Newsletter", DoubleOptIn: true, Language: "en",
		SuccessURL: "https://acme.example/thanks", ConfirmedURL: "https://acme.example/welcome",
		Purposes: []int64{purposes[0].ID, purposes[1].ID},
		Texts: []capture.FormText{{Language: "en", TextID: f.texts[0]}, {Language: "en", PurposeID: purposes[0].ID, TextID: f.texts[1]},
			{Language: "en", PurposeID: purposes[1].ID, TextID: f.texts[2]}}}
	if err := f.svc.SaveForm(ctx, f.form); err != nil {
		t.Fatal(err)
	}
	return f
}

func addTexts(t *testing.T, st *store.Stores) []int64 {
	t.Helper()
	cat := &consent.Catalogue{Store: st.Consent.Store}
	var ids []int64
	for _, body := range []string{
		`<p>Acme SA processes your address to send you what you ticked. You can withdraw at any time with the link in every e-mail. <a href="https://acme.example/privacy">Privacy notice</a>.</p>`,
		"Send me the Acme newsletter (about twice a month).",
		"Send me offers from Acme's partners (Acme sends them; partners never get my address).",
	} {
		tx := &consent.Text{Name: "newsletter-form", Language: "en", Format: "html", Body: body}
		if err := cat.AddText(context.Background(), tx); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tx.ID)
	}
	return ids
}

var linkRE = regexp.MustCompile(`https://consent\.acme\.example/consent/confirm/([A-Za-z0-9_-]+)`)

// confirmToken waits for the n-th e-mail and returns the token of its
// confirmation link.
func (f *fixture) confirmToken(t *testing.T, n int) string {
	t.Helper()
	msgs := f.sink.Wait(t, n, 5*time.Second)
	m := linkRE.FindStringSubmatch(msgs[n-1].Text())
	if m == nil {
		t.Fatalf("no confirmation link in %q", msgs[n-1].Text())
	}
	return m[1]
}

func (f *fixture) allowed(t *testing.T, email, purpose string) *consent.Permission {
	t.Helper()
	p, err := f.perm.Check(context.Background(), email, purpose)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) subscribe(t *testing.T, email string, purposes ...string) *capture.SubscribeResult {
	t.Helper()
	res, err := f.svc.Subscribe(context.Background(), capture.SubscribeRequest{Form: "newsletter", Email: email, Purposes: purposes,
		Texts: f.texts, Language: "en", IP: "203.0.113.9", UserAgent: "Mozilla/5.0 (test)", PageURL: "https://acme.example/blog"})
	if err != nil {
		t.Fatalf("subscribe %s: %v", email, err)
	}
	return res
}
