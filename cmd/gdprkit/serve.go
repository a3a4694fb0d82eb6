package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/config"
	"github.com/gdprkit/gdprkit/internal/imports"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/readiness"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/web"
)

func (a *app) serveCommand() *cobra.Command {
	var listen string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the web application (SQLite in the data directory unless --database names PostgreSQL)",
		Long: `Serves the web application and its API, and runs background jobs (imports).
On first start, with no user yet, it prints a one-time link to create the first administrator.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if listen != "" {
				a.cfg.Listen = listen
				if err := a.cfg.Validate(); err != nil {
					return usageError{err}
				}
			}
			return a.serve(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "", "address to listen on, host:port (default 127.0.0.1:8080); also "+config.EnvListen)
	return cmd
}

// server is everything serve starts, so it can be stopped in order.
type server struct {
	st    *store.Stores
	web   store.Web
	queue *jobs.Queue
	auth  *auth.Service
	up    *imports.Service
	// consent is capture, the ledger and their jobs (serveconsent.go).
	consent *serverConsent
	// campaigns runs re-permission campaigns (servecampaign.go).
	campaigns *campaign.Service
	http      *http.Server
	log       *slog.Logger
	// limiter counts requests to the public questionnaire page.
	limiter *ratelimit.Limiter
}

func (a *app) serve(ctx context.Context) error {
	log := slog.New(slog.NewJSONHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	srv, err := a.start(ctx, log)
	if err != nil {
		return err
	}
	defer srv.st.Close()
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		srv.queue.Stop(ctx) //nolint:errcheck // the listen error matters more
		return fmt.Errorf("listen on %s: %w", a.cfg.Listen, err)
	}
	srv.consent.setBase(a.linkBase(ln.Addr().String()))
	if err := a.printSetupLink(ctx, srv, ln.Addr().String()); err != nil {
		ln.Close()
		srv.queue.Stop(ctx) //nolint:errcheck // the setup error matters more
		return err
	}
	return srv.run(ctx, ln, a.cfg)
}

// start opens the database (goose migrations, then River's), builds the
// services and the web server.
func (a *app) start(ctx context.Context, log *slog.Logger) (*server, error) {
	st, err := store.Open(ctx, a.cfg.DSN())
	if err != nil {
		return nil, err
	}
	srv := &server{st: st, web: st.Web(), log: log}
	if err := srv.openQueue(ctx, a.cfg); err != nil {
		st.Close()
		return nil, err
	}
	if err := a.wire(ctx, srv); err != nil {
		srv.queue.Stop(ctx) //nolint:errcheck // the wiring error matters more
		st.Close()
		return nil, err
	}
	return srv, nil
}

func (s *server) openQueue(ctx context.Context, cfg config.Config) error {
	host, _ := os.Hostname()
	instance := host + ":" + absDir(cfg.DataDir)
	jobs.CampaignConnections = cfg.CampaignConnections()
	var err error
	if s.st.PG != nil {
		s.queue, err = jobs.OpenPostgres(ctx, s.st.PG.Pool, s.st.DB.Write, instance, s.log)
	} else {
		s.queue, err = jobs.OpenSQLite(ctx, strings.TrimPrefix(cfg.DSN(), "sqlite://"), instance, s.log)
	}
	s.web.Uploads.Jobs = s.queue
	return err
}

func absDir(d string) string {
	if abs, err := filepath.Abs(d); err == nil {
		return abs
	}
	return d
}

// wire builds the services and the web server.
func (a *app) wire(ctx context.Context, s *server) error {
	cfg := a.cfg
	s.auth = auth.New(s.web.Auth)
	plan := readiness.New(s.web.Readiness, s.web.Settings)
	reg, limiter, err := a.registerServices(s.st)
	if err != nil {
		return err
	}
	plan.Register, s.limiter = reg, limiter
	s.up = &imports.Service{Store: s.web.Uploads, Contacts: s.st.Contacts, Dir: filepath.Join(cfg.DataDir, "uploads"),
		Lang: cfg.Language, Location: cfg.Location(), PersistProgress: s.st.PG != nil, Imported: plan.Invalidate, Now: time.Now}
	if s.st.PG == nil {
		// One instance serves a SQLite file: an import left running was
		// interrupted by the last stop.
		if err := s.up.Recover(ctx); err != nil {
			return err
		}
	}
	if s.consent, err = a.newServerConsent(ctx, s.st); err != nil {
		return err
	}
	// An import honours the suppression list and signs a checkpoint once
	// it committed, as `gdprkit import` does.
	s.up.Suppression, s.up.Checkpoint = s.consent.kit.suppression, s.consent.Checkpoint
	if s.consent.smtp != nil {
		// Questionnaire links go through the same SMTP server and theme.
		reg.Mail = &register.Mail{Sender: s.consent.smtp, Templates: s.consent.capture.Templates}
	}
	if err := a.newServerCampaigns(s); err != nil {
		return err
	}
	proxies, err := cfg.Proxies()
	if err != nil {
		return err
	}
	h, err := web.New(web.Config{BaseURL: cfg.BaseURL, TrustedProxies: proxies, MaxUpload: cfg.MaxUpload(), Language: cfg.Language,
		Timezone: cfg.Timezone, Version: version, Logger: s.log}, web.Services{
		Accounts: s.auth, Sessions: s.web.Auth, Contacts: s.web.Contacts, Uploads: s.up, Plan: plan,
		Audit: s.web.Audit, Settings: s.web.Settings, Health: pinger{s.st}, Register: reg, Limiter: limiter,
		Consent: s.consent.web, Campaigns: s.campaigns,
	})
	if err != nil {
		return err
	}
	s.http = &http.Server{Addr: cfg.Listen, Handler: h.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		MaxHeaderBytes: 64 << 10, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	return nil
}

// pinger checks that the database answers, for /readyz.
type pinger struct{ st *store.Stores }

func (p pinger) Ping(ctx context.Context) error {
	var one int
	return p.st.DB.QueryRow(ctx, `SELECT 1`).Scan(&one)
}

// cleaner is the periodic cleanup job's work.
type cleaner struct {
	auth    *auth.Service
	up      *imports.Service
	limiter *ratelimit.Limiter
}

func (c cleaner) Cleanup(ctx context.Context) error {
	if _, err := c.auth.Store.DeleteExpired(ctx); err != nil {
		return err
	}
	if err := c.limiter.Prune(ctx, time.Now()); err != nil {
		return err
	}
	return c.up.Cleanup(ctx)
}

// run serves until ctx ends (SIGINT, SIGTERM), then stops gracefully:
// no new requests, running requests finish, running jobs get time to
// commit.
func (s *server) run(ctx context.Context, ln net.Listener, cfg config.Config) error {
	if err := recoverCampaigns(ctx, s.campaigns); err != nil {
		ln.Close()
		return err
	}
	if err := s.queue.Start(ctx, jobs.Workers{Importer: s.up, Cleaner: cleaner{s.auth, s.up, s.limiter},
		Checkpointer: s.consent, ConsentMaintainer: maintainer{s.consent, cfg, s.st},
		CampaignSender: s.campaigns, CampaignTicker: s.campaigns}); err != nil {
		ln.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- s.serveHTTP(ln, cfg) }()
	s.log.Info("gdprkit listening", "address", ln.Addr().String(), "database", dialect(s.st), "version", version)
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	return errors.Join(err, s.shutdown())
}

func (s *server) serveHTTP(ln net.Listener, cfg config.Config) error {
	var err error
	if cfg.TLSCert != "" {
		err = s.http.ServeTLS(ln, cfg.TLSCert, cfg.TLSKey)
	} else {
		err = s.http.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func (s *server) shutdown() error {
	s.log.Info("gdprkit stopping")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	err = errors.Join(err, s.queue.Stop(ctx), closeCampaigns(ctx, s.campaigns))
	s.consent.close()
	return err
}

func dialect(st *store.Stores) string {
	if st.PG != nil {
		return "postgres"
	}
	return "sqlite"
}

// printSetupLink prints, when there is no user yet, a one-time link to
// create the first administrator. Each start replaces the previous link.
func (a *app) printSetupLink(ctx context.Context, s *server, addr string) error {
	need, err := s.auth.SetupNeeded(ctx)
	if err != nil || !need {
		return err
	}
	secret, err := s.auth.FirstAdminLink(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t("serve.setup_link", nil))
	fmt.Fprintf(a.stdout, "\n    %s/setup?token=%s\n\n", a.linkBase(addr), secret)
	return nil
}

// baseURL is the public address for links: base_url, or the configured
// listening address (a wildcard host becomes localhost).
func (a *app) baseURL() string { return a.linkBase(a.cfg.Listen) }

// linkBase is base_url, or the address gdprkit listens on.
func (a *app) linkBase(addr string) string {
	if a.cfg.BaseURL != "" {
		return strings.TrimRight(a.cfg.BaseURL, "/")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	scheme := "http"
	if a.cfg.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}
