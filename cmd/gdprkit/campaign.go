package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/store"
)

func (a *app) campaignCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "campaign", Short: "Re-permission campaigns: create, send, follow, purge, export the clean base"}
	cmd.AddCommand(a.campaignCreateCommand(), a.campaignListCommand(), a.campaignSendCommand(), a.campaignStatusCommand(),
		a.campaignEndCommand(), a.campaignPurgeCommand(), a.campaignExportCommand())
	return cmd
}

// campaignEnv is a campaign service over an open database, with a job
// queue when the command sends or purges.
type campaignEnv struct {
	st    *store.Stores
	svc   *campaign.Service
	queue *jobs.Queue
	log   *slog.Logger
}

func (a *app) openCampaigns(ctx context.Context, withQueue bool) (*campaignEnv, error) {
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, err
	}
	e := &campaignEnv{st: st, log: slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))}
	if err := a.buildCampaigns(ctx, e, withQueue); err != nil {
		st.Close()
		return nil, err
	}
	return e, nil
}

func (a *app) buildCampaigns(ctx context.Context, e *campaignEnv, withQueue bool) error {
	k, err := a.newConsentKit(ctx, e.st)
	if err != nil {
		return err
	}
	links := &capture.Service{Store: e.st.Consent.Store, Keys: k.keys, Suppression: k.suppression, BaseURL: a.baseURL()}
	var queue jobs.Enqueuer
	// The queue sizes its campaign workers when it opens.
	jobs.CampaignConnections = a.cfg.CampaignConnections()
	if withQueue {
		if e.queue, err = a.openQueue(ctx, e.st, e.log); err != nil {
			return err
		}
		queue = e.queue
	}
	e.svc, err = a.newCampaigns(e.st, links, k.suppression, queue, e.log)
	return err
}

// openQueue opens the job queue for a command. It names an instance of
// its own, so the command never takes the imports waiting on the queue of
// a `gdprkit serve` of the same data directory.
func (a *app) openQueue(ctx context.Context, st *store.Stores, log *slog.Logger) (*jobs.Queue, error) {
	host, _ := os.Hostname()
	instance := host + ":" + absDir(a.cfg.DataDir) + ":campaign-command"
	if st.PG != nil {
		return jobs.OpenPostgres(ctx, st.PG.Pool, st.DB.Write, instance, log)
	}
	return jobs.OpenSQLite(ctx, strings.TrimPrefix(a.cfg.DSN(), "sqlite://"), instance, log)
}

func (e *campaignEnv) close() { e.st.Close() }

// withCampaigns runs fn with the campaign service open, and closes it.
func (a *app) withCampaigns(ctx context.Context, withQueue bool, fn func(e *campaignEnv) error) error {
	e, err := a.openCampaigns(ctx, withQueue)
	if err != nil {
		return err
	}
	defer e.close()
	return fn(e)
}

// idArg reads a command's campaign id argument; the context names the
// command line as the actor.
func idArg(cmd *cobra.Command, args []string) (context.Context, int64, error) {
	id, err := campaignID(args[0])
	return gdprkit.NewContext(cmd.Context(), cliActor()), id, err
}

// toFile runs fn on the file at path, or on standard output when path is
// empty or "-", and reports whether it wrote a file.
func (a *app) toFile(path string, fn func(w io.Writer) error) (bool, error) {
	if path == "" || path == "-" {
		return false, fn(a.stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return false, err
	}
	if err := fn(f); err != nil {
		f.Close()
		return false, err
	}
	return true, f.Close()
}

func campaignID(arg string) (int64, error) {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return 0, usageError{fmt.Errorf("campaign id must be a number, got %q", arg)}
	}
	return id, nil
}

func (a *app) campaignCreateCommand() *cobra.Command {
	var f createFlags
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a draft campaign from an import's re-permission segment or a filter, and show whom it would reach",
		Long: `Creates a draft with the e-mail of the content checklist in English and French, ready to edit in the
web application (or from files with --template-dir: en.subject.txt, en.txt, en.html, fr.…).`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec, err := f.spec(a.cfg.Language, a.cfg.Mail.From)
			if err != nil {
				return err
			}
			return a.createCampaign(cmd.Context(), spec)
		},
	}
	f.register(cmd)
	return cmd
}

func (a *app) createCampaign(ctx context.Context, spec campaign.Spec) error {
	ctx = gdprkit.NewContext(ctx, cliActor())
	return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
		c, err := e.svc.Create(ctx, spec)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.t("campaign.cli.created", map[string]any{"ID": c.ID, "Name": c.Name}))
		p, _, err := e.svc.Prospect(ctx, c.ID)
		if err != nil {
			return err
		}
		a.printProspect(a.stdout, p)
		return nil
	})
}

func (a *app) printProspect(w io.Writer, p *campaign.Prospect) {
	fmt.Fprintln(w, a.t("campaign.cli.targeted", map[string]any{"Count": p.Targeted, "EN": p.ByLanguage["en"], "FR": p.ByLanguage["fr"]}))
	for _, e := range campaign.Exclusions {
		if n := p.Excluded[e]; n > 0 {
			fmt.Fprintf(w, "  - %s: %d\n", a.t(e.LabelKey(), nil), n)
		}
	}
	for _, lang := range campaign.Languages {
		for _, c := range p.Checklists[lang] {
			if !c.OK {
				fmt.Fprintln(w, a.t("campaign.cli.missing", map[string]any{"Lang": lang, "Item": a.t(c.Key, nil)}))
			}
		}
	}
	for _, wn := range p.Warnings {
		fmt.Fprintln(w, "! "+a.t(wn.Key, wn.Args))
	}
}

// createFlags are the options of `campaign create`.
type createFlags struct {
	name, purpose, channel, language, lang, statuses, reminders, policyURL, templateDir string
	importID                                                                            int64
	deadline, rate, domainRate                                                          int
	germany                                                                             bool
}

func (f *createFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "the campaign's name (required)")
	fl.Int64Var(&f.importID, "import", 0, "target the re-permission segment of this import")
	fl.StringVar(&f.statuses, "status", "", "statuses to target: weak, missing or both (default both)")
	fl.StringVar(&f.channel, "channel", "", "only contacts whose consent came through this channel")
	fl.StringVar(&f.language, "only-language", "", "only contacts written to in this language (en, fr)")
	fl.StringVar(&f.purpose, "purpose", "email_marketing", "the purpose people are asked to confirm")
	fl.StringVar(&f.lang, "default-language", "", "language of contacts whose language is unknown (default: --lang)")
	fl.IntVar(&f.deadline, "deadline-days", campaign.DefaultDeadlineDays, "days from the launch to the deadline")
	fl.StringVar(&f.reminders, "reminders", "7,14", "days of the reminders after the launch, comma-separated (empty: none)")
	fl.IntVar(&f.rate, "rate", campaign.DefaultRatePerSecond, "messages per second, every instance together (0: no limit)")
	fl.IntVar(&f.domainRate, "domain-rate", campaign.DefaultDomainPerMinute, "messages per minute to one recipient domain (0: no limit)")
	fl.BoolVar(&f.germany, "include-germany", false, "also ask contacts in Germany (see OLG München, formats.md §5.1)")
	fl.StringVar(&f.policyURL, "policy-update", "", "announce a privacy policy update, at this address")
	fl.StringVar(&f.templateDir, "template-dir", "", "read the e-mails from this folder: en.subject.txt, en.txt, en.html, fr.…")
	_ = cmd.MarkFlagRequired("name")
}

func (f *createFlags) spec(lang, from string) (campaign.Spec, error) {
	s := campaign.Spec{Name: f.name, Purpose: f.purpose, Settings: campaign.DefaultSettings(lang)}
	s.Segment = campaign.Segment{ImportID: f.importID, Channel: f.channel, Language: f.language}
	for _, st := range strings.FieldsFunc(f.statuses, func(r rune) bool { return r == ',' || r == ' ' }) {
		s.Segment.Statuses = append(s.Segment.Statuses, contacts.Status(st))
	}
	if f.lang != "" {
		s.Settings.Language = f.lang
	}
	s.Settings.DeadlineDays, s.Settings.RatePerSecond, s.Settings.DomainPerMinute = f.deadline, f.rate, f.domainRate
	s.Settings.IncludeGermany, s.Settings.Reminders = f.germany, nil
	for _, d := range strings.FieldsFunc(f.reminders, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(d)
		if err != nil {
			return s, usageError{fmt.Errorf("--reminders: %q is not a number of days", d)}
		}
		s.Settings.Reminders = append(s.Settings.Reminders, n)
	}
	if f.policyURL != "" {
		s.Settings.Policy = &campaign.PolicyUpdate{URL: f.policyURL}
	}
	if f.templateDir != "" {
		tpl, err := readTemplates(f.templateDir, from)
		if err != nil {
			return s, err
		}
		s.Templates = tpl
	}
	return s, nil
}

// readTemplates reads a campaign's e-mails from files, the defaults
// filling what is missing.
func readTemplates(dir, from string) (map[string]campaign.Template, error) {
	out := map[string]campaign.Template{}
	for _, lang := range campaign.Languages {
		t := campaign.DefaultTemplate(lang, from)
		for _, part := range []struct {
			file string
			dst  *string
		}{{lang + ".subject.txt", &t.Subject}, {lang + ".txt", &t.Text}, {lang + ".html", &t.HTML}, {lang + ".from.txt", &t.From}} {
			b, err := os.ReadFile(filepath.Join(dir, part.file))
			switch {
			case err == nil:
				*part.dst = strings.TrimSpace(string(b))
			case !os.IsNotExist(err):
				return nil, err
			}
		}
		out[lang] = t
	}
	return out, nil
}

func (a *app) campaignListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List campaigns",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := gdprkit.NewContext(cmd.Context(), cliActor())
			return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
				cs, err := e.svc.List(ctx)
				for _, c := range cs {
					fmt.Fprintf(a.stdout, "%d\t%s\t%s\t%d\n", c.ID, a.t(c.Status.LabelKey(), nil), c.Name, c.Targeted)
				}
				return err
			})
		},
	}
}

func (a *app) campaignEndCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "end ID",
		Short: "Close a running campaign before its deadline: the purge plan is then ready",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, id, err := idArg(cmd, args)
			if err != nil {
				return err
			}
			return a.withCampaigns(ctx, false, func(e *campaignEnv) error { return e.svc.End(ctx, id) })
		},
	}
}
