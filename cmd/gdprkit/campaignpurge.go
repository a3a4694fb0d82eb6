package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/chart"
)

func (a *app) campaignStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status ID",
		Short: "Show a campaign's progress and results",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, id, err := idArg(cmd, args)
			if err != nil {
				return err
			}
			return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
				if !asJSON {
					return a.printStatus(ctx, e, id)
				}
				r, _, err := e.svc.Results(ctx, id)
				if err != nil {
					return err
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(r)
			})
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the results as JSON")
	return cmd
}

func (a *app) printStatus(ctx context.Context, e *campaignEnv, id int64) error {
	r, c, err := e.svc.Results(ctx, id)
	if err != nil {
		return err
	}
	lang := a.cfg.Language
	n := func(v int) string { return chart.Number(lang, float64(v)) }
	w := a.stdout
	fmt.Fprintf(w, "%d · %s · %s\n", c.ID, c.Name, a.t(c.Status.LabelKey(), nil))
	if !c.DeadlineAt.IsZero() {
		fmt.Fprintln(w, a.t("campaign.cli.deadline", map[string]any{"Date": chart.Date(lang, c.DeadlineAt.UTC())}))
	}
	k := r.Counts
	fmt.Fprintln(w, a.t("campaign.cli.recipients", map[string]any{"Count": n(k.Recipients), "Confirmed": n(k.Confirmed),
		"Share": chart.Percent(lang, k.Share())}))
	for i, st := range k.Steps {
		fmt.Fprintln(w, a.t("campaign.cli.step", map[string]any{"Step": i, "Sent": n(st[campaign.StateSent]), "Bounced": n(st[campaign.StateBounced]),
			"Failed": n(st[campaign.StateFailed]), "Skipped": n(st[campaign.StateSkipped]),
			"Waiting": n(st[campaign.StatePending] + st[campaign.StateSending] + st[campaign.StateRetry])}))
	}
	for _, rt := range r.ByLanguage {
		fmt.Fprintf(w, "  %s: %s / %s (%s)\n", rt.Key, n(rt.Confirmed), n(rt.Recipients), chart.Percent(lang, rt.Share))
	}
	for _, p := range r.Purges {
		fmt.Fprintln(w, a.t("campaign.cli.purge_record", map[string]any{"Mode": p.Mode, "Done": n(p.Done), "Planned": n(p.Planned)}))
	}
	return nil
}

func (a *app) campaignPurgeCommand() *cobra.Command {
	var plan, mode, confirm string
	var dry bool
	cmd := &cobra.Command{
		Use:   "purge ID",
		Short: "After the deadline: write the purge plan (--plan), count it (--dry-run), or run it (--mode, --confirm)",
		Long: `The purge plan lists the recipients who never confirmed. --mode erase erases their personal data,
leaving only the suppression hash and the purge's counts; --mode keep keeps them as "do not contact".
--confirm must repeat the campaign's name. The purge runs in chunks: stopped, it resumes when run again.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, id, err := idArg(cmd, args)
			if err != nil {
				return err
			}
			switch {
			case plan != "":
				return a.writePlan(ctx, id, plan)
			case dry:
				return a.dryRun(ctx, id)
			case mode != "":
				return a.runPurge(ctx, id, mode, confirm)
			}
			return usageError{fmt.Errorf("give --plan FILE, --dry-run, or --mode erase|keep with --confirm NAME")}
		},
	}
	cmd.Flags().StringVar(&plan, "plan", "", "write the purge plan to this CSV file (- for standard output)")
	cmd.Flags().BoolVar(&dry, "dry-run", false, "count what the purge would erase, table by table, changing nothing")
	cmd.Flags().StringVar(&mode, "mode", "", "run the purge: erase, or keep as \"do not contact\"")
	cmd.Flags().StringVar(&confirm, "confirm", "", "the campaign's name, typed again")
	return cmd
}

func (a *app) writePlan(ctx context.Context, id int64, path string) error {
	return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
		var n int
		file, err := a.toFile(path, func(w io.Writer) (err error) {
			n, err = e.svc.WritePlan(ctx, w, id, a.cfg.Language)
			return err
		})
		if file {
			fmt.Fprintln(a.stdout, a.t("campaign.cli.plan_written", map[string]any{"Count": n, "File": path}))
		}
		return err
	})
}

func (a *app) dryRun(ctx context.Context, id int64) error {
	return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
		counts, err := e.svc.DryRun(ctx, id)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\t%s\t%s\n", a.t("campaignweb.purge.col_table", nil), a.t("campaignweb.purge.col_erase", nil), a.t("campaignweb.purge.col_keep", nil))
		for _, row := range campaign.CountRows(counts) {
			keep := a.t("campaignweb.purge.untouched", nil)
			if row.Kept {
				keep = strconv.Itoa(row.Keep)
			}
			fmt.Fprintf(tw, "%s\t%d\t%s\n", a.t(row.Key, nil), row.N, keep)
		}
		return tw.Flush()
	})
}

func (a *app) runPurge(ctx context.Context, id int64, mode, confirm string) error {
	return a.withCampaigns(ctx, true, func(e *campaignEnv) error { return a.purgeWith(ctx, e, id, mode, confirm) })
}

func (a *app) purgeWith(ctx context.Context, e *campaignEnv, id int64, mode, confirm string) error {
	c, err := e.svc.Get(ctx, id)
	if err != nil {
		return err
	}
	if c.Status == campaign.Ended {
		if err := e.svc.Purge(ctx, id, mode, confirm); err != nil {
			return err
		}
	}
	if err := a.work(ctx, e, id, "purge"); err != nil {
		return err
	}
	return a.printStatus(ctx, e, id)
}

func (a *app) campaignExportCommand() *cobra.Command {
	var format, purpose, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the clean base (documented consent, confirmations included) for Mailchimp, Brevo, Mailjet or a generic CSV",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := gdprkit.NewContext(cmd.Context(), cliActor())
			return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
				var n int
				file, err := a.toFile(out, func(w io.Writer) (err error) {
					n, err = e.svc.Export(ctx, w, format, purpose)
					return err
				})
				if file {
					fmt.Fprintln(a.stdout, a.t("campaign.cli.exported", map[string]any{"Count": n, "File": out}))
				}
				return err
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "generic", "mailchimp, brevo, mailjet or generic")
	cmd.Flags().StringVar(&purpose, "purpose", "email_marketing", "the purpose whose consent is exported")
	cmd.Flags().StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	return cmd
}
