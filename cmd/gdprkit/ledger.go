package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/progress"
)

func (a *app) ledgerCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "ledger", Short: "Verify the consent ledger, sign checkpoints, export the public key"}
	var keys []string
	var workers int
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check every hash, seal and signed checkpoint of the consent ledger; exit 1 naming the first bad item",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.verifyLedger(cmd, keys, workers)
		},
	}
	verify.Flags().StringArrayVar(&keys, "public-key", nil, "also trust checkpoints signed by this public key (a PEM file; repeatable)")
	verify.Flags().IntVar(&workers, "workers", 0, "queries reading events at once (default: one per CPU, at most 4)")
	cmd.AddCommand(verify, a.ledgerBaselineCommand(), &cobra.Command{
		Use:   "public-key",
		Short: "Print the public key that verifies this instance's checkpoints (PEM)",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.printPublicKey(cmd) },
	}, &cobra.Command{
		Use:   "checkpoint",
		Short: "Sign a checkpoint of the ledger's current head",
		Args:  usageArgs(cobra.NoArgs),
		RunE:  func(cmd *cobra.Command, _ []string) error { return a.checkpoint(cmd) },
	})
	return cmd
}

func (a *app) verifyLedger(cmd *cobra.Command, keyFiles []string, workers int) error {
	ctx := gdprkit.NewContext(cmd.Context(), cliActor())
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		return err
	}
	extra, err := trustedKeys(keyFiles)
	if err != nil {
		return usageError{err}
	}
	k.ledger.Trusted = append(k.ledger.Trusted, extra...)
	// Verification allocates little that lives: collecting less often
	// gives the CPUs to hashing.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	bar := progress.New(a.progressOut(), map[string]string{"verify": a.t("cli.ledger.verifying", nil)})
	rep, err := k.ledger.Verify(ctx, consent.VerifyOptions{Workers: workers, Progress: bar})
	bar.Done()
	if err != nil {
		return err
	}
	return a.printReport(rep)
}

func (a *app) printReport(r *consent.Report) error {
	n := func(v int64) string { return chart.Number(a.cfg.Language, float64(v)) }
	rate := float64(r.Events) / max(r.Elapsed.Seconds(), 1e-9)
	fmt.Fprintln(a.stdout, a.t("cli.ledger.summary", map[string]any{"Events": n(r.Events), "Blocks": n(r.Blocks), "Erased": n(r.Erased),
		"Seconds": fmt.Sprintf("%.2f", r.Elapsed.Seconds()), "Rate": n(int64(rate))}))
	if r.Latest != nil {
		fmt.Fprintln(a.stdout, a.t("cli.ledger.checkpoints", map[string]any{"Count": r.Checkpoints, "Block": r.Latest.Seq,
			"Date": r.Latest.At.Local().Format("2006-01-02 15:04")}))
	} else {
		fmt.Fprintln(a.stdout, a.t("cli.ledger.no_checkpoint", nil))
	}
	if r.OK() {
		fmt.Fprintln(a.stdout, a.t("cli.ledger.ok", nil))
		return nil
	}
	fmt.Fprintln(a.stdout, a.t("cli.ledger.problems", map[string]any{"Count": r.ProblemCount}))
	for i, p := range r.Problems {
		if i == 20 {
			break
		}
		fmt.Fprintf(a.stdout, "  %s\n    %s\n", a.t(p.Key(), p.Args), p.String())
	}
	first := r.First()
	return gdprkit.Errorf(gdprkit.ECONFLICT, "cli.ledger.tampered", map[string]any{"First": a.t(first.Key(), first.Args), "Count": r.ProblemCount},
		"the ledger does not verify: %s", first.String())
}

func (a *app) printPublicKey(cmd *cobra.Command) error {
	ctx := gdprkit.NewContext(cmd.Context(), cliActor())
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		return err
	}
	pub := k.ledger.PublicKey()
	fmt.Fprint(a.stdout, consent.PublicKeyPEM(pub))
	fmt.Fprintf(a.stderr, "%s\n", a.t("cli.ledger.key_id", map[string]any{"ID": consent.KeyID(pub)}))
	return nil
}

func (a *app) checkpoint(cmd *cobra.Command) error {
	ctx := gdprkit.NewContext(cmd.Context(), cliActor())
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		return err
	}
	cp, added, err := k.ledger.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if cp == nil {
		fmt.Fprintln(a.stdout, a.t("cli.ledger.empty", nil))
		return nil
	}
	key := "cli.ledger.checkpoint_same"
	if added {
		key = "cli.ledger.checkpoint_added"
	}
	fmt.Fprintln(a.stdout, a.t(key, map[string]any{"N": cp.N, "Block": cp.Seq, "Hash": fmt.Sprintf("%x", cp.Hash[:])}))
	return nil
}
