package main

import (
	"context"
	"errors"
	"net/mail"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/config"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/secrets"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/web"
)

// serverConsent is the consent feature of `gdprkit serve`: the kit the
// `gdprkit consent` commands build, plus capture with its SMTP sender, the
// rate limits of the public pages and the periodic jobs' work.
type serverConsent struct {
	kit     *consentKit
	capture *capture.Service
	smtp    *mailer.SMTP // nil without an SMTP server
	web     *web.Consent
}

// Per-address limits of the public consent pages, per minute, counted in
// the database so that every instance shares them. Sign-ups use the kit's
// limiter (20 a minute).
const (
	linkLimit     = 120 // pages of e-mailed links and of the hosted form
	oneClickLimit = 600 // RFC 8058 one-click unsubscribes: providers send them in bursts from few addresses
)

func (a *app) newServerConsent(ctx context.Context, st *store.Stores) (*serverConsent, error) {
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		return nil, err
	}
	c := &serverConsent{kit: k}
	tpl, err := mailer.LoadTemplates(a.cfg.Consent.ThemeDir)
	if err != nil {
		return nil, err
	}
	var send mailer.Sender = noMailer{}
	if a.cfg.Mail.Host != "" {
		if c.smtp, err = newSMTP(a.cfg.Mail); err != nil {
			return nil, err
		}
		send = c.smtp
	}
	c.capture = &capture.Service{Store: st.Consent.Store, Keys: k.keys, Mailer: send, Templates: tpl, Suppression: k.suppression,
		BaseURL: a.baseURL(), Sender: senderName(a.cfg), PrivacyURL: a.cfg.Controller.PrivacyURL}
	limiter := func(n int) *ratelimit.Limiter {
		return &ratelimit.Limiter{Store: st.Consent.Store, Limit: n, Window: time.Minute, Key: k.secret.Derive(secrets.RateLimit)}
	}
	c.web = &web.Consent{Capture: c.capture, Permissions: k.permissions, Catalogue: &consent.Catalogue{Store: st.Consent.Store},
		Records: st.Consent.Store, Ledger: k.ledger, Proofs: k.proofs,
		SignupLimit: k.limiter, LinkLimit: limiter(linkLimit), OneClickLimit: limiter(oneClickLimit),
		MailReady: c.smtp != nil, PrivacyURL: a.cfg.Controller.PrivacyURL}
	return c, nil
}

func newSMTP(m config.Mail) (*mailer.SMTP, error) {
	cfg := mailer.Config{Host: m.Host, Port: m.Port, TLS: m.TLS, Username: m.Username, Password: m.Password, From: m.From}
	if m.DKIMKeyFile != "" {
		key, err := mailer.LoadDKIMKey(m.DKIMKeyFile)
		if err != nil {
			return nil, err
		}
		cfg.DKIM = &mailer.DKIM{Domain: m.DKIMDomain, Selector: m.DKIMSelector, Key: key}
	}
	return mailer.New(cfg)
}

// senderName names the organisation in e-mails: the controller, or the
// sender's display name.
func senderName(cfg config.Config) string {
	if cfg.Controller.Name != "" {
		return cfg.Controller.Name
	}
	if a, err := mail.ParseAddress(cfg.Mail.From); err == nil && a.Name != "" {
		return a.Name
	}
	return "gdprkit"
}

// noMailer stands in for SMTP when none is configured: a double opt-in
// cannot send its confirmation, and says why in the log; the consent pages
// warn the staff.
type noMailer struct{}

func (noMailer) Send(context.Context, ...*mailer.Message) error {
	return errors.New("no SMTP server is configured ([mail] host, " + config.EnvSMTPHost + "): the confirmation e-mail cannot be sent")
}

// setBase sets the public address e-mailed links use, once the listening
// address is known.
func (c *serverConsent) setBase(base string) { c.capture.BaseURL = base }

// Checkpoint signs a ledger checkpoint: the hourly job's work, and what
// follows each import.
func (c *serverConsent) Checkpoint(ctx context.Context) error {
	_, _, err := c.kit.ledger.Checkpoint(systemContext(ctx))
	return err
}

// maintainer is the daily job's work: what `gdprkit consent maintain` does.
type maintainer struct {
	c   *serverConsent
	cfg config.Config
	st  *store.Stores
}

func (m maintainer) Maintain(ctx context.Context) error {
	return m.c.kit.maintain(systemContext(ctx), m.cfg, m.st)
}

func systemContext(ctx context.Context) context.Context {
	return gdprkit.NewContext(ctx, gdprkit.Actor{Kind: gdprkit.ActorSystem, ID: "jobs"})
}

func (c *serverConsent) close() {
	if c != nil && c.smtp != nil {
		c.smtp.Close() //nolint:errcheck // closing at shutdown
	}
}
