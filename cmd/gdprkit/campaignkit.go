package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/config"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/settings"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// newCampaigns wires the campaign service over the consent feature's
// capture service and suppression list: `gdprkit serve` and the
// `gdprkit campaign` commands build the same. queue is nil for commands
// that only read.
func (a *app) newCampaigns(st *store.Stores, links *capture.Service, list *suppression.List, queue jobs.Enqueuer, log *slog.Logger) (*campaign.Service, error) {
	mcfg, err := mailConfig(a.cfg.Mail)
	if err != nil {
		return nil, err
	}
	cs := st.Campaigns()
	cs.Jobs = queue
	jobs.CampaignConnections = a.cfg.CampaignConnections()
	web := st.Web()
	return &campaign.Service{Store: cs, Links: links, Catalogue: st.Consent.Store, Suppression: list,
		Dial: func(ctx context.Context) (campaign.Conn, error) {
			if mcfg.Host == "" {
				return nil, mailer.Config{}.Validate()
			}
			return mailer.Dial(ctx, mcfg)
		},
		Audit: sqlstore.NewAuditStore(st.DB), Org: a.orgOf(web.Settings), From: a.cfg.Mail.From,
		JournalDir: filepath.Join(a.cfg.DataDir, "campaign-journal"), Lease: time.Duration(a.cfg.CampaignLeaseSeconds()) * time.Second,
		Logger: log}, nil
}

// mailConfig is the SMTP server of the configuration, DKIM key loaded.
func mailConfig(m config.Mail) (mailer.Config, error) {
	cfg := mailer.Config{Host: m.Host, Port: m.Port, TLS: m.TLS, Username: m.Username, Password: m.Password, From: m.From}
	if m.DKIMKeyFile != "" {
		key, err := mailer.LoadDKIMKey(m.DKIMKeyFile)
		if err != nil {
			return cfg, err
		}
		cfg.DKIM = &mailer.DKIM{Domain: m.DKIMDomain, Selector: m.DKIMSelector, Key: key}
	}
	return cfg, nil
}

// orgOf names the controller in campaign e-mails: the organisation of the
// settings page, else the configuration's controller.
func (a *app) orgOf(st settings.Store) func(ctx context.Context) campaign.Org {
	return func(ctx context.Context) campaign.Org {
		o := campaign.Org{Name: senderName(a.cfg), PrivacyURL: a.cfg.Controller.PrivacyURL}
		if s, err := settings.Load(ctx, st, a.cfg.Language, a.cfg.Timezone); err == nil && s.OrgName != "" {
			o.Name = s.OrgName
		}
		return o
	}
}
