package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
)

// ledgerBaselineCommand measures the baselines of the ledger benchmark
// (bench/ledger-verify.sh) on the same database as `ledger verify`:
// reading every event row plainly, and hashing every event on one core.
func (a *app) ledgerBaselineCommand() *cobra.Command {
	var mode string
	cmd := &cobra.Command{
		Use:    "baseline",
		Short:  "Benchmark baselines: read the event rows without verifying (--mode read), or hash them on one core (--mode hash)",
		Hidden: true,
		Args:   usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := gdprkit.NewContext(cmd.Context(), cliActor())
			st, err := a.openStore(ctx)
			if err != nil {
				return err
			}
			defer st.Close()
			var events []consent.StoredEvent
			n := int64(0)
			start := time.Now()
			err = st.Consent.Ledger.ReadEvents(ctx, func(e *consent.StoredEvent) {
				n++
				if mode == "hash" {
					events = append(events, *e)
				}
			})
			if err != nil {
				return err
			}
			if mode == "hash" {
				start = time.Now()
				var chain consent.Hash
				for i := range events {
					c := consent.CheckEvent(&events[i])
					chain = consent.Chain(chain, c.Digest)
				}
				_ = chain
			}
			d := time.Since(start)
			fmt.Fprintf(a.stdout, "%s: %d events in %.3f s (%.0f events/s)\n", mode, n, d.Seconds(), float64(n)/d.Seconds())
			return nil
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "read", "read or hash")
	return cmd
}
