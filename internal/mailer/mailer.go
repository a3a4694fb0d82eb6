// Package mailer builds gdprkit's e-mails and sends them over SMTP with
// go-mail: double opt-in confirmations, re-permission requests and the
// notices of later features.
//
// Every message to a person can carry the unsubscribe headers mailbox
// providers require of bulk senders (formats.md §6): List-Unsubscribe with
// an HTTPS URL and a mailto, and List-Unsubscribe-Post for RFC 8058
// one-click unsubscribe; with DKIM on, both are signed. Each message gets
// a Message-ID before it is sent, so the caller can record which e-mail
// carried which link.
//
// Templates are French and English, text and HTML, embedded, and can be
// overridden file by file from a theme directory (templates.go).
// mailtest is an in-process SMTP server for tests.
package mailer

import (
	"context"
	"crypto"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, required (port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: a local relay or a test server only
)

// Config says how to reach the SMTP server and who sends.
type Config struct {
	Host     string
	Port     int    // 587 when zero (465 with TLSImplicit)
	TLS      string // TLSStartTLS when empty
	Username string // no authentication when empty
	Password string
	// From is the sender, "Name <address>"; a Message may override it.
	From    string
	HELO    string        // the name given in EHLO; go-mail's default when empty
	Timeout time.Duration // per SMTP command; 15 s when zero
	// DKIM signs messages when set; the signature covers the unsubscribe
	// headers, as RFC 8058 requires for one-click unsubscribe.
	DKIM *DKIM
}

// DKIM is a signing identity: the key published at
// <Selector>._domainkey.<Domain>.
type DKIM struct {
	Domain   string
	Selector string
	Key      crypto.Signer // RSA or Ed25519
}

// Validate reports the first impossible setting.
func (c Config) Validate() error {
	switch {
	case c.Host == "":
		return errors.New("mail: no SMTP host")
	case c.TLS != "" && c.TLS != TLSStartTLS && c.TLS != TLSImplicit && c.TLS != TLSNone:
		return fmt.Errorf("mail: tls must be %s, %s or %s, got %q", TLSStartTLS, TLSImplicit, TLSNone, c.TLS)
	case c.From == "":
		return errors.New("mail: no sender address (from)")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: sender %q: %w", c.From, err)
	}
	return nil
}

// Message is one e-mail to one person.
type Message struct {
	To      string
	From    string // Config.From when empty
	Subject string
	Text    string
	HTML    string // optional alternative
	// UnsubscribeURL is the HTTPS address a one-click unsubscribe POSTs
	// to (RFC 8058); UnsubscribeMailto the mailto: fallback. With the URL
	// set, List-Unsubscribe and List-Unsubscribe-Post are added.
	UnsubscribeURL    string
	UnsubscribeMailto string
	// Headers are further header fields.
	Headers map[string]string
	// MessageID is set by Send when empty, without angle brackets.
	MessageID string

	// Err is what happened to this message in the last Send; Temporary
	// says a later attempt may succeed (a 4xx reply, a lost connection).
	Err       error
	Temporary bool
}

// Sender sends messages. Send sets MessageID, Err and Temporary on each
// message and returns an error when any message failed.
type Sender interface {
	Send(ctx context.Context, msgs ...*Message) error
}

// NewMessageID returns a Message-ID (without angle brackets) in the
// sender's domain.
func NewMessageID(from string) string {
	domain := "gdprkit.invalid"
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			domain = a.Address[i+1:]
		}
	}
	var b [15]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("mailer: crypto/rand failed: " + err.Error()) // the kernel's generator does not fail
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:])) + "@" + domain
}

// LoadDKIMKey reads a DKIM private key (RSA or Ed25519, PEM: PKCS #1 or
// PKCS #8).
func LoadDKIMKey(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("dkim key: %w", err)
	}
	k, err := gomail.PrivKeyFromPEM(b)
	if err != nil {
		return nil, fmt.Errorf("dkim key %s: %w", path, err)
	}
	return k, nil
}
