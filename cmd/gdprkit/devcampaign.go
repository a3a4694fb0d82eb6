package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/mailer"
)

// seedContactsCommand writes contacts without documented consent straight
// through the store's import path (one import, one source row each), for
// the campaign benchmark (bench/campaign-send.sh): the re-permission
// segment is then exactly --rows contacts.
func (a *app) seedContactsCommand() *cobra.Command {
	var rows int
	cmd := &cobra.Command{
		Use:   "seed-contacts",
		Short: "Write --rows contacts to ask again (weak and missing consent, French and English, five domains)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			if err := a.seedContacts(cmd.Context(), rows); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "contacts %d seconds %.3f\n", rows, time.Since(start).Seconds())
			return nil
		},
	}
	cmd.Flags().IntVar(&rows, "rows", 100000, "number of contacts")
	return cmd
}

func (a *app) seedContacts(ctx context.Context, rows int) error {
	ctx = gdprkit.NewContext(ctx, cliActor())
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	imp := &contacts.Import{Actor: cliActor().String(), Options: "{}"}
	w, err := st.Contacts.BeginImport(ctx, imp)
	if err != nil {
		return err
	}
	defer w.Rollback() //nolint:errcheck // after Commit this does nothing
	f := &contacts.ImportFile{Name: "seed-contacts.csv", SHA256: fmt.Sprintf("%064x", rows), Format: "generic", Encoding: "utf-8", Delimiter: ","}
	if err := w.AddFile(ctx, f); err != nil {
		return err
	}
	now := time.Now().UTC()
	for done := 0; done < rows; done += 5000 {
		b := &contacts.Batch{}
		for i := done; i < min(done+5000, rows); i++ {
			b.New = append(b.New, seedContact(i, f.ID, now))
		}
		if err := w.Write(ctx, b); err != nil {
			return err
		}
	}
	imp.New, imp.RowsRead = rows, rows
	return w.Commit(ctx, imp, func(consent.Hash, int64) consent.Hash { return consent.Hash{} })
}

// seedContact is the i-th contact: the same people as campaigntest.Many.
func seedContact(i int, file int64, now time.Time) *contacts.NewContact {
	domains := [...]string{"example.com", "example.org", "example.net", "mail.example", "acme.example"}
	status, lang := contacts.Missing, "fr"
	if i%2 == 1 {
		status = contacts.Weak
	}
	if i%3 == 0 {
		lang = "en"
	}
	email := fmt.Sprintf("person%06d@%s", i, domains[i%len(domains)])
	first, last := fmt.Sprintf("First%d", i), fmt.Sprintf("Last%d", i)
	c := contacts.Contact{Key: email, Email: email, FirstName: first, LastName: last, Language: lang, Attributes: "{}",
		Status: status, CreatedAt: now, UpdatedAt: now}
	c.Purposes = contacts.PurposesJSON([]contacts.Assessment{{Purpose: "email_marketing", Status: status}})
	raw := email + "," + first + "," + last
	sum := sha256.Sum256([]byte(raw))
	var h contacts.RowHash
	copy(h[:], sum[:])
	return &contacts.NewContact{Contact: c, Source: contacts.Source{FileID: file, Line: i + 2, RowHash: h, Raw: raw},
		Verdicts: []contacts.Verdict{{Purpose: "email_marketing", Status: status}}}
}

// smtpSinkCommand runs an SMTP server that accepts every message and
// keeps nothing but counts: the local server of the campaign benchmark.
func (a *app) smtpSinkCommand() *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "smtp-sink",
		Short: "Accept every message on --listen, discard it, print the counts every second and at exit (SIGINT, SIGTERM)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.smtpSink(cmd.Context(), listen)
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:2525", "address to listen on")
	return cmd
}

func (a *app) smtpSink(ctx context.Context, listen string) error {
	l, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	var c sinkCounts
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		c.sessions.Add(1)
		return sinkSession{&c}, nil
	}))
	srv.Domain, srv.ReadTimeout, srv.WriteTimeout, srv.MaxMessageBytes = "sink.invalid", time.Minute, time.Minute, 32<<20
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	fmt.Fprintf(a.stdout, "listening %s\n", l.Addr())
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	last := int64(-1)
	for {
		select {
		case <-ctx.Done():
			srv.Close() //nolint:errcheck // exiting
			c.print(a.stdout)
			return nil
		case err := <-errc:
			return err
		case <-tick.C:
			if n := c.messages.Load(); n != last {
				last = n
				c.print(a.stdout)
			}
		}
	}
}

type sinkCounts struct{ messages, bytes, sessions atomic.Int64 }

func (c *sinkCounts) print(w io.Writer) {
	fmt.Fprintf(w, "messages %d bytes %d sessions %d\n", c.messages.Load(), c.bytes.Load(), c.sessions.Load())
}

type sinkSession struct{ c *sinkCounts }

func (sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (sinkSession) Reset()                               {}
func (sinkSession) Logout() error                        { return nil }

func (s sinkSession) Data(r io.Reader) error {
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return err
	}
	s.c.bytes.Add(n)
	s.c.messages.Add(1)
	return nil
}

// smtpBlastCommand sends --count campaign e-mails straight to an SMTP
// server over --connections connections, without a database: what SMTP
// alone costs, the baseline of the campaign benchmark. The messages are
// the default campaign e-mails, rendered for made-up people with links of
// the real length, rendered and built before the clock starts.
func (a *app) smtpBlastCommand() *cobra.Command {
	var count, conns int
	cmd := &cobra.Command{
		Use:   "smtp-blast",
		Short: "Send --count campaign e-mails to the configured SMTP server over --connections connections, no database (benchmark baseline)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.smtpBlast(cmd.Context(), count, conns)
		},
	}
	cmd.Flags().IntVar(&count, "count", 10000, "messages to send")
	cmd.Flags().IntVar(&conns, "connections", 4, "connections, each sending its share in turn")
	return cmd
}

func (a *app) smtpBlast(ctx context.Context, count, conns int) error {
	mcfg, err := mailConfig(a.cfg.Mail)
	if err != nil {
		return err
	}
	cs := make([]*mailer.Conn, conns)
	defer func() {
		for _, c := range cs {
			if c != nil {
				c.Close() //nolint:errcheck // the benchmark is over
			}
		}
	}()
	for i := range cs {
		if cs[i], err = mailer.Dial(ctx, mcfg); err != nil {
			return err
		}
	}
	// 1,000 distinct messages, sent in turn: the same bytes a campaign
	// sends, without holding 100,000 of them.
	msgs, err := blastMessages(cs[0], min(count, 1000), a.cfg.Mail.From)
	if err != nil {
		return err
	}
	start := time.Now()
	errc := make(chan error, conns)
	for k := range cs {
		go func() {
			for i := k; i < count; i += conns {
				if d := cs[k].Deliver(msgs[i%len(msgs)], nil); d.Code != 250 {
					errc <- fmt.Errorf("message %d: %s %d %s", i, d.Phase, d.Code, d.Text)
					return
				}
			}
			errc <- nil
		}()
	}
	for range cs {
		if e := <-errc; e != nil && err == nil {
			err = e
		}
	}
	secs := time.Since(start).Seconds()
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "messages %d connections %d seconds %.3f per_second %.0f\n", count, conns, secs, float64(count)/secs)
	return nil
}

func blastMessages(c *mailer.Conn, n int, from string) ([]*mailer.Built, error) {
	tpl := map[string]*campaign.Compiled{}
	for _, lang := range campaign.Languages {
		t, err := campaign.Compile(lang, campaign.DefaultTemplate(lang, from))
		if err != nil {
			return nil, err
		}
		tpl[lang] = t
	}
	// A signed token of a campaign link is about this long.
	token := strings.Repeat("x", 120)
	out := make([]*mailer.Built, n)
	for i := range out {
		lang := "fr"
		if i%3 == 0 {
			lang = "en"
		}
		email := fmt.Sprintf("person%06d@example.com", i)
		d := campaign.MailData{FirstName: fmt.Sprintf("First%d", i), LastName: fmt.Sprintf("Last%d", i), Email: email, Organisation: "Acme SA",
			Purposes: []string{"E-mail marketing"}, Data: "your e-mail address and your name", PrivacyURL: "https://acme.example/privacy",
			Deadline: "29 December 2026", ConfirmURL: "https://consent.acme.example/consent/confirm/" + token,
			UnsubscribeURL: "https://consent.acme.example/consent/unsubscribe/" + token, PreferencesURL: "https://consent.acme.example/consent/preferences/" + token}
		r, err := tpl[lang].Render(&d)
		if err != nil {
			return nil, err
		}
		b, err := c.Build(&mailer.Message{To: email, From: r.From, Subject: r.Subject, Text: r.Text, HTML: r.HTML, UnsubscribeURL: d.UnsubscribeURL,
			MessageID: campaign.MessageID("bench", 0, int64(i), r.From)})
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}
