// Package mailtest is an SMTP server for tests: it listens on
// 127.0.0.1:0 inside the test process (go-smtp), keeps every message it
// receives and lets a test wait for them. Tests send to it over real TCP,
// so they exercise the same code as production.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Sink is a running SMTP server that keeps what it receives.
type Sink struct {
	// Host and Port are where it listens.
	Host string
	Port int

	srv *smtp.Server

	mu       sync.Mutex
	msgs     []Message
	arrived  chan struct{} // closed and replaced at each message
	reject   func(rcpt string) error
	sessions int
}

// Message is one message received.
type Message struct {
	From string
	To   []string
	Data []byte
}

// Start runs a sink until the test ends.
func Start(tb testing.TB) *Sink {
	tb.Helper()
	s, err := Listen()
	if err != nil {
		tb.Fatalf("mailtest: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// Listen runs a sink on 127.0.0.1 and a free port; Close stops it.
func Listen() (*Sink, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Sink{arrived: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "mailtest.invalid"
	s.srv.ReadTimeout, s.srv.WriteTimeout = time.Minute, time.Minute
	s.srv.MaxMessageBytes = 32 << 20
	s.srv.MaxRecipients = 1000
	s.srv.AllowInsecureAuth = true
	addr := l.Addr().(*net.TCPAddr)
	s.Host, s.Port = addr.IP.String(), addr.Port
	go s.srv.Serve(l) //nolint:errcheck // ends with Close
	return s, nil
}

// Close stops the server.
func (s *Sink) Close() error { return s.srv.Close() }

// Reject makes the server refuse recipients for which fn returns an error
// (an *smtp.SMTPError chooses the reply: 4xx temporary, 5xx permanent).
// nil accepts everyone again.
func (s *Sink) Reject(fn func(rcpt string) error) {
	s.mu.Lock()
	s.reject = fn
	s.mu.Unlock()
}

// Messages returns a copy of the messages received so far.
func (s *Sink) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Count returns how many messages were received.
func (s *Sink) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.msgs)
}

// Sessions returns how many SMTP sessions were opened: connection reuse
// keeps it low.
func (s *Sink) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

// Wait returns once n messages have arrived, or fails the test after
// timeout.
func (s *Sink) Wait(tb testing.TB, n int, timeout time.Duration) []Message {
	tb.Helper()
	deadline := time.After(timeout)
	for {
		s.mu.Lock()
		got, ch := len(s.msgs), s.arrived
		s.mu.Unlock()
		if got >= n {
			return s.Messages()
		}
		select {
		case <-ch:
		case <-deadline:
			tb.Fatalf("mailtest: %d messages after %v, want %d", got, timeout, n)
		}
	}
}

// Reset forgets the messages received.
func (s *Sink) Reset() {
	s.mu.Lock()
	s.msgs = nil
	s.mu.Unlock()
}

func (s *Sink) add(m Message) {
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
	s.mu.Unlock()
}

func (s *Sink) newSession(*smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.sessions++
	s.mu.Unlock()
	return &session{sink: s}, nil
}

type session struct {
	sink *Sink
	msg  Message
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.msg = Message{From: from}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.sink.mu.Lock()
	reject := ss.sink.reject
	ss.sink.mu.Unlock()
	if reject != nil {
		if err := reject(to); err != nil {
			return err
		}
	}
	ss.msg.To = append(ss.msg.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.msg.Data = b
	ss.sink.add(ss.msg)
	ss.msg = Message{}
	return nil
}

func (ss *session) Reset()        { ss.msg = Message{} }
func (ss *session) Logout() error { return nil }

// Header returns the message's header fields.
func (m Message) Header() mail.Header {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return mail.Header{}
	}
	return msg.Header
}

// Subject returns the decoded subject.
func (m Message) Subject() string {
	s := m.Header().Get("Subject")
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// Text and HTML return the decoded text and HTML parts.
func (m Message) Text() string { return m.part("text/plain") }
func (m Message) HTML() string { return m.part("text/html") }

func (m Message) part(want string) string {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
	if err != nil {
		return ""
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	if !strings.HasPrefix(mt, "multipart/") {
		if mt != want {
			return ""
		}
		return decode(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	}
	return findPart(multipart.NewReader(msg.Body, params["boundary"]), want)
}

func findPart(r *multipart.Reader, want string) string {
	for {
		p, err := r.NextRawPart()
		if errors.Is(err, io.EOF) || err != nil {
			return ""
		}
		mt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if strings.HasPrefix(mt, "multipart/") {
			if s := findPart(multipart.NewReader(p, params["boundary"]), want); s != "" {
				return s
			}
			continue
		}
		if mt == want {
			return decode(p, p.Header.Get("Content-Transfer-Encoding"))
		}
	}
}

func decode(r io.Reader, encoding string) string {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &newlineStripper{r})
	}
	b, _ := io.ReadAll(r)
	return string(b)
}

// newlineStripper drops CR and LF, which base64 bodies are wrapped with.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	k, err := n.r.Read(p)
	j := 0
	for _, c := range p[:k] {
		if c != '\r' && c != '\n' {
			p[j] = c
			j++
		}
	}
	return j, err
}
