package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
)

// devCommand holds tools for developers and benchmarks. It is hidden from
// the help.
func (a *app) devCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "dev", Short: "Developer tools", Hidden: true}
	var rows int
	var seed int64
	var zip bool
	var status string
	gen := &cobra.Command{
		Use:   "gen-mailchimp OUT",
		Short: "Write a realistic Mailchimp audience export of --rows rows (a CSV, or with --zip the 4-file archive)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			f, err := os.Create(args[0])
			if err != nil {
				return err
			}
			w := bufio.NewWriterSize(f, 1<<20)
			if zip {
				err = esptest.WriteMailchimpZIP(w, rows, seed)
			} else {
				err = esptest.WriteMailchimpCSV(w, status, rows, seed)
			}
			if err == nil {
				err = w.Flush()
			}
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return fmt.Errorf("generate %s: %w", args[0], err)
			}
			return nil
		},
	}
	gen.Flags().IntVar(&rows, "rows", 100000, "number of rows")
	gen.Flags().Int64Var(&seed, "seed", 1, "random seed (same seed, same file)")
	gen.Flags().BoolVar(&zip, "zip", false, "write the ZIP with the subscribed, unsubscribed, cleaned and nonsubscribed files")
	gen.Flags().StringVar(&status, "status", "subscribed", "status of the single CSV: subscribed, unsubscribed, cleaned or nonsubscribed")
	cmd.AddCommand(gen, a.csvFloorCommand(), a.readClassifyCommand(), a.seedContactsCommand(), a.smtpSinkCommand(), a.smtpBlastCommand())
	return cmd
}

// csvFloorCommand parses a CSV with encoding/csv and nothing else: the floor
// the audit's reading speed is measured against.
func (a *app) csvFloorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "csv-floor FILE",
		Short: "Parse a CSV with encoding/csv only and print rows and time (benchmark baseline)",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			start := time.Now()
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
			r.FieldsPerRecord, r.LazyQuotes, r.ReuseRecord = -1, true, true
			rows := 0
			for {
				if _, err := r.Read(); err == io.EOF {
					break
				} else if err != nil {
					return err
				}
				rows++
			}
			fmt.Fprintf(a.stdout, "rows %d seconds %.3f\n", rows, time.Since(start).Seconds())
			return nil
		},
	}
}

// readClassifyCommand runs the audit's reading and classifying pass alone.
func (a *app) readClassifyCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "read-classify FILE…",
		Short: "Read, validate and classify every row without merging or writing (benchmark)",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			start := time.Now()
			rows, err := contacts.ReadAndClassify(cmd.Context(), args, esp.Options{}, start)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "rows %d seconds %.3f\n", rows, time.Since(start).Seconds())
			return nil
		},
	}
}
