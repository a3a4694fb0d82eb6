package mailer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
)

// TestConnMarksHandover sends through a Conn with a Mark: the mark is
// written once per message handed over, and not for a refused recipient.
func TestConnMarksHandover(t *testing.T) {
	sink := mailtest.Start(t)
	sink.Reject(func(rcpt string) error {
		if strings.HasPrefix(rcpt, "nobody") {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	})
	c, err := mailer.Dial(context.Background(), mailer.Config{Host: sink.Host, Port: sink.Port, TLS: mailer.TLSNone,
		From: "News <news@example.com>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f, err := os.OpenFile(filepath.Join(t.TempDir(), "marks"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	big := strings.Repeat("a long line of text to fill more than one write buffer\r\n", 400)
	for i, to := range []string{"a@example.org", "nobody@example.org", "b@example.org"} {
		b, err := c.Build(&mailer.Message{To: to, Subject: "s", Text: big, MessageID: "m" + string(rune('0'+i)) + "@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		d := c.Deliver(b, &mailer.Mark{File: f, Data: []byte{byte('0' + i)}})
		refused := to == "nobody@example.org"
		if d.HandedOver == refused || d.MarkErr != nil || (refused && (d.Code != 550 || d.Phase != "rcpt")) || (!refused && d.Code != 250) {
			t.Errorf("%s: %+v", to, d)
		}
	}
	got, err := os.ReadFile(f.Name())
	if err != nil || !bytes.Equal(got, []byte("02")) {
		t.Errorf("marks %q, want \"02\" (%v)", got, err)
	}
	if n := sink.Count(); n != 2 {
		t.Errorf("%d messages arrived, want 2", n)
	}
}
