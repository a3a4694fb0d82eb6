package mailer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"
)

// Conn is one SMTP connection for bulk sending that needs to know the
// exact moment a message is handed over: Deliver calls back right after
// the final "." of DATA is written to the socket and before the reply is
// read. Before that moment the server has nothing (a connection closed in
// the middle of DATA delivers nothing); after it, the server may have the
// message whatever happens to the sender. Package campaign builds its
// exactly-once protocol on this. A Conn is not safe for concurrent use.
type Conn struct {
	smtp    *SMTP
	client  *gosmtp.Client
	timeout time.Duration
	// hand carries the TCP connection (under STARTTLS too), so the write
	// of the final dot can be followed at once by the write of a Mark.
	// nil with implicit TLS, which go-mail dials itself.
	hand *handoverConn
}

// Dial opens a connection with cfg's TLS mode and authentication.
func Dial(ctx context.Context, cfg Config) (*Conn, error) {
	s, err := New(cfg)
	if err != nil {
		return nil, err
	}
	c := &Conn{smtp: s, timeout: cfg.Timeout}
	if c.timeout == 0 {
		c.timeout = 15 * time.Second
	}
	client := s.client
	if cfg.TLS != TLSImplicit {
		opts := append(clientOptions(cfg), gomail.WithDialContextFunc(c.dial))
		if client, err = gomail.NewClient(cfg.Host, opts...); err != nil {
			return nil, fmt.Errorf("mail: %w", err)
		}
	}
	if c.client, err = client.DialToSMTPClientWithContext(ctx); err != nil {
		return nil, fmt.Errorf("mail: connect to %s: %w", client.ServerAddr(), err)
	}
	return c, nil
}

func (c *Conn) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if c.hand, err = newHandover(conn); err != nil {
		conn.Close()
		return nil, err
	}
	return c.hand, nil
}

// Built is a message ready to send: its envelope and its bytes, DKIM
// signature included.
type Built struct {
	From string // envelope sender, <address>
	To   string // envelope recipient, <address>
	Data []byte
}

// Build renders m (setting its Message-ID when empty).
func (c *Conn) Build(m *Message) (*Built, error) {
	gm, err := c.smtp.build(m)
	if err != nil {
		return nil, err
	}
	from, err := gm.GetSender(false)
	if err != nil {
		return nil, fmt.Errorf("mail: sender: %w", err)
	}
	rcpts, err := gm.GetRecipients()
	if err != nil || len(rcpts) != 1 {
		return nil, fmt.Errorf("mail: recipient: %w", errors.Join(err, errors.New("one recipient per message")))
	}
	var b bytes.Buffer
	if _, err := gm.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("mail: render: %w", err)
	}
	return &Built{From: from, To: rcpts[0], Data: b.Bytes()}, nil
}

// Delivery is how one message went.
type Delivery struct {
	// Code is the server's reply code; 0 when the connection failed.
	Code int
	Text string
	// Phase is the command that ended it: "mail", "rcpt", "data" (the
	// DATA command or the transmission of the message), "dot" (the reply
	// to the final dot: the server's verdict on the message) or "conn".
	Phase string
	// HandedOver: the final dot was written; the server may have it.
	HandedOver bool
	// Broken: the connection cannot be used again.
	Broken bool
	// MarkErr is why the mark could not be written: the message went, but
	// a crash before its reply is recorded would send it again.
	MarkErr error
}

// Mark is the sender's record that it hands a message over (package
// campaign's journal). On Linux, for plain SMTP and STARTTLS, Deliver
// records it immediately before the final dot: the content is sent first,
// then the mark is stored in its slot (a memory store) and the end of DATA
// goes out by a raw system call, with no Go scheduling point between
// them. A process killed at any moment has then recorded neither, or
// both, or (within the few instructions between the store and the call)
// the mark alone: a message the server never got reads as handed over.
// Elsewhere (implicit TLS, other systems) the mark is recorded right after
// the dot: a kill between the two leaves the message unmarked although the
// server has it, and it is sent again, with the same Message-ID.
// docs/campaigns.md, "Exactly once".
type Mark struct {
	File *os.File
	Data []byte
	// Slot, when set, is where the mark is stored instead of written: a
	// slice of a shared mapping of the journal file. Storing it is a
	// memory write, no system call, so a kill lands between the mark and
	// the end of DATA only within a few instructions; the kernel keeps
	// what was stored in a shared mapping when the process dies.
	Slot []byte
}

// put records the mark: stored in its slot, or written to its file.
func (m *Mark) put() error {
	if m.Slot != nil {
		copy(m.Slot, m.Data)
		return nil
	}
	_, err := m.File.Write(m.Data)
	return err
}

// clear takes back a stored mark whose data did not go out.
func (m *Mark) clear() {
	clear(m.Slot)
}

// Deliver sends one built message, writing mark (when not nil) as the
// record of its handover.
func (c *Conn) Deliver(b *Built, mark *Mark) Delivery {
	if err := c.client.UpdateDeadline(c.timeout); err != nil {
		return failed("conn", err)
	}
	if err := c.client.Mail(b.From); err != nil {
		return c.refused("mail", err)
	}
	if err := c.client.Rcpt(b.To); err != nil {
		return c.refused("rcpt", err)
	}
	w, err := c.client.Data()
	if err != nil {
		return c.refused("data", err)
	}
	dc, ok := w.(*gosmtp.DataCloser)
	if !ok {
		return failed("data", errors.New("unexpected data writer"))
	}
	// The content goes first, on its own: without its end marker a server
	// delivers nothing, whatever happens to this process.
	if _, err := dc.Write(b.Data); err != nil {
		return failed("data", err)
	}
	if err := c.client.Text.W.Flush(); err != nil {
		return failed("data", err)
	}
	// Closing the dot writer writes the end marker and flushes: from here
	// on the server may accept the message even if this process dies.
	marked := c.hand.arm(mark)
	if err := dc.WriteCloser.Close(); err != nil {
		marked()
		return failed("data", err) // the end marker did not go: nothing was handed over
	}
	var markErr error
	if !marked() && mark != nil {
		markErr = mark.put()
	}
	code, msg, err := c.client.Text.ReadResponse(250)
	d := Delivery{Code: code, Text: msg, Phase: "dot", HandedOver: true, MarkErr: markErr}
	if err != nil {
		var te *textproto.Error
		if !errors.As(err, &te) {
			d.Code, d.Text, d.Broken = 0, err.Error(), true
		}
	}
	return d
}

// refused turns a command's error into a Delivery; after a refusal the
// transaction is reset so the connection serves the next message.
func (c *Conn) refused(phase string, err error) Delivery {
	var te *textproto.Error
	if !errors.As(err, &te) {
		return failed(phase, err)
	}
	d := Delivery{Code: te.Code, Text: te.Msg, Phase: phase}
	if rerr := c.client.Reset(); rerr != nil {
		d.Broken = true
	}
	return d
}

func failed(phase string, err error) Delivery {
	return Delivery{Phase: phase, Text: err.Error(), Broken: true}
}

// Close ends the session politely, or drops the connection.
func (c *Conn) Close() error {
	if err := c.client.Quit(); err != nil {
		return c.client.Close()
	}
	return nil
}
