package mailer_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
)

func sender(t *testing.T, sink *mailtest.Sink, dkim *mailer.DKIM) *mailer.SMTP {
	t.Helper()
	s, err := mailer.New(mailer.Config{Host: sink.Host, Port: sink.Port, TLS: mailer.TLSNone,
		From: "Newsletter <news@example.com>", DKIM: dkim, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSendOneClickHeaders(t *testing.T) {
	sink := mailtest.Start(t)
	s := sender(t, sink, nil)
	m := &mailer.Message{To: "jeanne@example.org", Subject: "Bonjour é", Text: "texte", HTML: "<p>html</p>",
		UnsubscribeURL: "https://example.com/u/abc", UnsubscribeMailto: "unsubscribe+abc@example.com"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := sink.Wait(t, 1, 5*time.Second)[0]
	h := got.Header()
	if lu, want := h.Get("List-Unsubscribe"), "<https://example.com/u/abc>, <mailto:unsubscribe+abc@example.com>"; lu != want {
		t.Errorf("List-Unsubscribe = %q, want %q", lu, want)
	}
	if p := h.Get("List-Unsubscribe-Post"); p != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", p)
	}
	if id := h.Get("Message-Id"); id != "<"+m.MessageID+">" || !strings.HasSuffix(m.MessageID, "@example.com") {
		t.Errorf("Message-ID header %q, recorded %q", id, m.MessageID)
	}
	if got.Subject() != "Bonjour é" || got.Text() != "texte" || got.HTML() != "<p>html</p>" {
		t.Errorf("subject %q text %q html %q", got.Subject(), got.Text(), got.HTML())
	}
	if len(got.To) != 1 || got.To[0] != "jeanne@example.org" || got.From != "news@example.com" {
		t.Errorf("envelope %q -> %v", got.From, got.To)
	}
}

func TestSendReusesConnection(t *testing.T) {
	sink := mailtest.Start(t)
	s := sender(t, sink, nil)
	for i := range 3 {
		msgs := []*mailer.Message{{To: "a@example.org", Subject: "1", Text: "x"}, {To: "b@example.org", Subject: "2", Text: "y"}}
		if err := s.Send(context.Background(), msgs...); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	sink.Wait(t, 6, 5*time.Second)
	if n := sink.Sessions(); n != 1 {
		t.Errorf("sessions = %d, want 1 (one connection reused)", n)
	}
}

func TestSendReconnects(t *testing.T) {
	sink := mailtest.Start(t)
	s := sender(t, sink, nil)
	if err := s.Send(context.Background(), &mailer.Message{To: "a@example.org", Subject: "1", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	// A new server on another port would be a different test: close the
	// client's connection from our side instead, as a server timeout does.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), &mailer.Message{To: "b@example.org", Subject: "2", Text: "y"}); err != nil {
		t.Fatalf("send after the connection closed: %v", err)
	}
	sink.Wait(t, 2, 5*time.Second)
}

func TestSendReportsTemporaryAndPermanentFailures(t *testing.T) {
	sink := mailtest.Start(t)
	sink.Reject(func(rcpt string) error {
		switch {
		case strings.HasPrefix(rcpt, "full"):
			return &smtp.SMTPError{Code: 452, EnhancedCode: smtp.EnhancedCode{4, 2, 2}, Message: "mailbox full"}
		case strings.HasPrefix(rcpt, "gone"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	})
	s := sender(t, sink, nil)
	full := &mailer.Message{To: "full@example.org", Subject: "s", Text: "t"}
	gone := &mailer.Message{To: "gone@example.org", Subject: "s", Text: "t"}
	ok := &mailer.Message{To: "ok@example.org", Subject: "s", Text: "t"}
	if err := s.Send(context.Background(), full, gone, ok); err == nil {
		t.Fatal("Send reported no failure")
	}
	if full.Err == nil || !full.Temporary {
		t.Errorf("452: err %v temporary %v, want a temporary failure", full.Err, full.Temporary)
	}
	if gone.Err == nil || gone.Temporary {
		t.Errorf("550: err %v temporary %v, want a permanent failure", gone.Err, gone.Temporary)
	}
	if ok.Err != nil {
		t.Errorf("accepted recipient: %v", ok.Err)
	}
	sink.Wait(t, 1, 5*time.Second)
}

func TestDKIMSignsUnsubscribeHeaders(t *testing.T) {
	sink := mailtest.Start(t)
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := sender(t, sink, &mailer.DKIM{Domain: "example.com", Selector: "gk", Key: key})
	m := &mailer.Message{To: "x@example.org", Subject: "s", Text: "t", UnsubscribeURL: "https://example.com/u/1"}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	sig := sink.Wait(t, 1, 5*time.Second)[0].Header().Get("Dkim-Signature")
	h := strings.ReplaceAll(sig, " ", "")
	if !strings.Contains(h, "d=example.com") || !strings.Contains(strings.ToLower(h), "list-unsubscribe:list-unsubscribe-post") {
		t.Errorf("DKIM-Signature %q does not cover the unsubscribe headers", sig)
	}
}

func TestTemplatesInBothLanguagesAndThemes(t *testing.T) {
	tpl, err := mailer.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Sender": "Acme", "Purposes": []string{"News"}, "ConfirmURL": "https://x/c?t=1&u=2", "Expires": "1 Dec", "PrivacyURL": ""}
	for lang, want := range map[string]string{"en": "Please confirm", "fr": "Merci de confirmer"} {
		subject, text, html, err := tpl.Render("confirm", lang, data)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(subject, want) || !strings.Contains(text, "https://x/c?t=1&u=2") || !strings.Contains(html, `href="https://x/c?t=1&amp;u=2"`) {
			t.Errorf("%s: subject %q\ntext %q\nhtml %q", lang, subject, text, html)
		}
	}
	theme := t.TempDir()
	if err := os.MkdirAll(filepath.Join(theme, "mail"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(theme, "mail", "confirm.subject.fr.txt"), []byte("Confirmez chez {{.Sender}}"), 0o600); err != nil {
		t.Fatal(err)
	}
	tpl, err = mailer.LoadTemplates(theme)
	if err != nil {
		t.Fatal(err)
	}
	fr, _, _, _ := tpl.Render("confirm", "fr", data)
	en, _, _, _ := tpl.Render("confirm", "en", data)
	if fr != "Confirmez chez Acme" || !strings.HasPrefix(en, "Please confirm") {
		t.Errorf("theme override: fr %q, en %q", fr, en)
	}
	if err := os.WriteFile(filepath.Join(theme, "mail", "confirm.html"), []byte("{{.Broken"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := mailer.LoadTemplates(theme); err == nil {
		t.Error("a broken theme template loaded")
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []mailer.Config{{}, {Host: "h"}, {Host: "h", From: "x@y", TLS: "ssl"}, {Host: "h", From: "not an address"}} {
		if err := c.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil", c)
		}
	}
	if err := (mailer.Config{Host: "h", From: "A <a@example.com>"}).Validate(); err != nil {
		t.Error(err)
	}
}
