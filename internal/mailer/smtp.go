package mailer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTP sends through one SMTP connection, kept open between calls and
// opened again when the server dropped it. It is safe for concurrent use;
// sends are serialised on the connection. For more throughput, use
// several.
type SMTP struct {
	cfg    Config
	client *gomail.Client
	dkim   *gomail.DKIMSigner

	mu        sync.Mutex
	connected bool
}

// New returns a sender for cfg. It does not connect yet.
func New(cfg Config) (*SMTP, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	client, err := gomail.NewClient(cfg.Host, clientOptions(cfg)...)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	s := &SMTP{cfg: cfg, client: client}
	if cfg.DKIM != nil {
		s.dkim = gomail.NewDKIMSigner(cfg.DKIM.Domain, cfg.DKIM.Selector, cfg.DKIM.Key)
		// The defaults leave the unsubscribe headers out; RFC 8058 wants
		// them signed, or receivers do not offer one-click unsubscribe.
		s.dkim.SignHeaders("From", "To", "Subject", "Date", "Message-ID", "Content-Type", "MIME-Version",
			"List-Unsubscribe", "List-Unsubscribe-Post")
		if err := s.dkim.ValidateConfig(); err != nil {
			return nil, fmt.Errorf("mail: dkim: %w", err)
		}
	}
	return s, nil
}

func clientOptions(cfg Config) []gomail.Option {
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(timeout)}
	switch cfg.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSLPort(false))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
	}
	if cfg.Port != 0 {
		opts = append(opts, gomail.WithPort(cfg.Port))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	if cfg.HELO != "" {
		opts = append(opts, gomail.WithHELO(cfg.HELO))
	}
	return opts
}

// Send sends msgs over the open connection, opening it first if needed. A
// connection the server closed is opened again once, and the messages
// that could not go out are sent again.
func (s *SMTP) Send(ctx context.Context, msgs ...*Message) error {
	built := make([]*gomail.Msg, 0, len(msgs))
	pending := make([]*Message, 0, len(msgs))
	for _, m := range msgs {
		gm, err := s.build(m)
		if err != nil {
			m.Err, m.Temporary = err, false
			continue
		}
		built, pending = append(built, gm), append(pending, m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for attempt := 0; attempt < 2 && len(built) > 0; attempt++ {
		if err := s.connect(ctx); err != nil {
			for _, m := range pending {
				m.Err, m.Temporary = err, true
			}
			break
		}
		err := s.client.Send(built...)
		built, pending = s.results(built, pending, err)
	}
	return firstError(msgs)
}

// results records each message's outcome and returns those worth a second
// try on a new connection.
func (s *SMTP) results(built []*gomail.Msg, pending []*Message, err error) ([]*gomail.Msg, []*Message) {
	var retry []*gomail.Msg
	var again []*Message
	for i, gm := range built {
		m := pending[i]
		m.Err, m.Temporary = nil, false
		if !gm.HasSendError() {
			continue
		}
		m.Err, m.Temporary = gm.SendError(), gm.SendErrorIsTemp()
		if connectionLost(m.Err) {
			s.connected = false
			retry, again = append(retry, gm), append(again, m)
		}
	}
	if err != nil && len(retry) == 0 && errors.Is(err, gomail.ErrNoActiveConnection) {
		s.connected = false
	}
	return retry, again
}

// connectionLost reports a failure of the connection rather than of one
// message.
func connectionLost(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrConnCheck
}

func (s *SMTP) connect(ctx context.Context) error {
	if s.connected {
		return nil
	}
	if err := s.client.DialWithContext(ctx); err != nil {
		return fmt.Errorf("mail: connect to %s: %w", s.client.ServerAddr(), err)
	}
	s.connected = true
	return nil
}

// Close ends the connection.
func (s *SMTP) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.connected {
		return nil
	}
	s.connected = false
	return s.client.Close()
}

func firstError(msgs []*Message) error {
	failed := 0
	var first error
	for _, m := range msgs {
		if m.Err != nil {
			failed++
			if first == nil {
				first = m.Err
			}
		}
	}
	if failed == 0 {
		return nil
	}
	return fmt.Errorf("mail: %d of %d messages not sent: %w", failed, len(msgs), first)
}
