package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/contacts/report"
	"github.com/gdprkit/gdprkit/internal/progress"
)

// readFlags are the flags shared by audit and import: how to read files.
type readFlags struct {
	format   string
	mapping  string
	timezone string
	saveMap  string
	useMap   string
}

func (f *readFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.format, "format", "", "force the export format: mailchimp, brevo, hubspot, mailjet, klaviyo, listmonk or generic (default: detect)")
	cmd.Flags().StringVar(&f.mapping, "map", "", `column mapping, e.g. email="Courriel",consent_at="Date opt-in" (fields: email, first_name, last_name, consent_at, consent_ip, consent_source, optin_at, confirm_at, unsubscribed, legal_basis…; an unknown field lists them all)`)
	cmd.Flags().StringVar(&f.timezone, "timezone", "", "time zone of every date written without an offset, e.g. Europe/Paris (default: the timezone setting, UTC for Mailchimp)")
	cmd.Flags().StringVar(&f.saveMap, "save-map", "", "save the column mapping of the first file under this name; files with the same columns then use it by themselves")
	cmd.Flags().StringVar(&f.useMap, "use-map", "", "read the files with the mapping saved under this name")
}

// validate rejects flags that contradict each other.
func (f *readFlags) validate() error {
	if f.useMap != "" && f.mapping != "" {
		return usageError{fmt.Errorf("--use-map and --map both give a mapping: use one")}
	}
	if f.saveMap != "" {
		if err := contacts.ValidateMappingName(f.saveMap); err != nil {
			return usageError{err}
		}
	}
	return nil
}

func (f *readFlags) options() (esp.Options, error) {
	var o esp.Options
	if err := f.validate(); err != nil {
		return o, err
	}
	if f.format != "" {
		o.Format = esp.Format(f.format)
		if !validFormat(o.Format) {
			return o, usageError{gdprkit.Errorf(gdprkit.EINVALID, "cli.usage.format",
				map[string]any{"Value": f.format, "Formats": formatNames()},
				"--format %q: want one of %s", f.format, formatNames())}
		}
	}
	if f.mapping != "" {
		m, err := esp.ParseMapping(f.mapping)
		if err != nil {
			return o, usageError{err}
		}
		o.Mapping = m
	}
	if f.timezone != "" {
		loc, err := time.LoadLocation(f.timezone)
		if err != nil {
			return o, usageError{gdprkit.Errorf(gdprkit.EINVALID, "cli.usage.timezone",
				map[string]any{"Value": f.timezone}, "--timezone %q is not an IANA zone such as Europe/Paris", f.timezone)}
		}
		o.Location = loc
	}
	return o, nil
}

// formatNames lists the formats --format accepts.
func formatNames() string {
	names := make([]string, len(esp.Formats))
	for i, f := range esp.Formats {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// checkFiles says which argument is not a file that can be read, before
// anything is opened or written.
func checkFiles(paths []string) error {
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return gdprkit.Errorf(gdprkit.EINVALID, "cli.file.not_found", map[string]any{"File": p}, "%s: no such file", p)
		case err != nil:
			return gdprkit.Errorf(gdprkit.EINVALID, "cli.file.cannot_open", map[string]any{"File": p}, "%s: %v", p, err)
		case st.IsDir():
			return gdprkit.Errorf(gdprkit.EINVALID, "cli.file.is_dir", map[string]any{"File": p}, "%s is a directory, not a CSV or ZIP file", p)
		}
	}
	return nil
}

func validFormat(f esp.Format) bool {
	for _, k := range esp.Formats {
		if k == f {
			return true
		}
	}
	return false
}

func (a *app) auditCommand() *cobra.Command {
	var rf readFlags
	var out string
	cmd := &cobra.Command{
		Use:   "audit [--out DIR] FILE…",
		Short: "Audit the consent proof of every contact in ESP exports, without a database",
		Long: `Reads exports from Mailchimp, Brevo, HubSpot, Mailjet, Klaviyo, listmonk or any CSV,
and writes to DIR: report.json, report.html, contacts.csv, contacts.xlsx,
repermission.csv (contacts to re-permission), rejects.csv (rows that could not be read)
and warnings.csv (cells of usable rows that could not be read).`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := rf.options()
			if err != nil {
				return err
			}
			if err := checkFiles(args); err != nil {
				return err
			}
			opts.DefaultLocation = a.cfg.Location()
			return a.audit(cmd, args, &rf, opts, out)
		},
	}
	rf.register(cmd)
	cmd.Flags().StringVar(&out, "out", "gdprkit-audit", "directory for the reports")
	return cmd
}

func (a *app) audit(cmd *cobra.Command, paths []string, rf *readFlags, opts esp.Options, dir string) error {
	st, err := a.auditStore(cmd.Context(), rf)
	if err != nil {
		return err
	}
	var ms contacts.MappingStore
	if st != nil {
		defer st.Close()
		ms = st.Contacts
	}
	if opts, err = a.withMappings(cmd.Context(), rf, ms, opts); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return gdprkit.Errorf(gdprkit.EINVALID, "cli.audit.out_failed", map[string]any{"Dir": dir}, "--out %s: cannot create the directory: %v", dir, err)
	}
	outs, err := newAuditOutputs(dir, a.cfg.Language)
	if err != nil {
		return err
	}
	defer outs.abort()
	bar := progress.New(a.progressOut(), map[string]string{"read": a.t("cli.progress.read", nil), "classify": a.t("cli.progress.classify", nil)})
	auditor := &contacts.Auditor{Options: opts, Now: time.Now(), Lang: a.cfg.Language, Progress: bar}
	sum, err := auditor.Run(cmd.Context(), paths, outs.sinks())
	bar.Done()
	if err != nil {
		return err
	}
	if err := outs.finish(sum); err != nil {
		return err
	}
	a.printSummary(a.stdout, sum)
	if sum.Warnings > 0 {
		fmt.Fprintln(a.stdout, a.t("cli.audit.warnings", map[string]any{
			"Count": chart.Number(a.cfg.Language, float64(sum.Warnings)), "File": filepath.Join(dir, sum.WarningsFile)}))
	}
	fmt.Fprintln(a.stdout, a.t("cli.audit.written", map[string]any{"Dir": dir, "Report": filepath.Join(dir, "report.html")}))
	return a.afterRead(cmd.Context(), rf, ms, sum.Files)
}

// printSummary prints the status table: who has documented consent and
// who does not.
func (a *app) printSummary(w io.Writer, s *contacts.Summary) {
	lang := a.cfg.Language
	fmt.Fprintln(w, a.t("cli.audit.headline", map[string]any{
		"Contacts": a.n("cli.n.contacts", s.TotalContacts), "Rows": a.n("cli.n.rows", s.RowsRead),
		"Rejected": a.n("cli.n.rows_rejected", s.RejectedRows), "Files": a.n("cli.n.files", len(s.Files))}))
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\t%s\t%s\t\n", a.t("cli.audit.col_status", nil), a.t("cli.audit.col_contacts", nil), "%")
	for _, st := range contacts.Statuses {
		n := s.ByStatus[st]
		share := 0.0
		if s.TotalContacts > 0 {
			share = float64(n) / float64(s.TotalContacts)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t\n", a.t(st.LabelKey(), nil), chart.Number(lang, float64(n)), chart.Percent(lang, share))
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, f := range s.Files {
		if f.Rows == 0 {
			fmt.Fprintln(w, a.t("cli.audit.header_only", map[string]any{"File": f.Path}))
		}
	}
	fmt.Fprintln(w, a.t("cli.audit.repermission", map[string]any{"Contacts": a.n("cli.n.contacts", s.RepermissionSegment)}))
	if s.LikelyDuplicates > 0 {
		fmt.Fprintln(w, a.t("cli.audit.likely", map[string]any{"Contacts": a.n("cli.n.contacts", s.LikelyDuplicates)}))
	}
	for i, r := range s.ByReason {
		if i == 3 {
			break
		}
		if i == 0 {
			fmt.Fprintln(w, a.t("cli.audit.top_reasons", nil))
		}
		fmt.Fprintf(w, "  %s  %s\n", chart.Number(lang, float64(r.Count)), a.t("reason."+r.Key, nil))
	}
}

// auditOutputs writes the audit's files under temporary names and renames
// them into place only when the whole audit succeeded, so a crash or an
// error never leaves a half-written report beside complete ones.
type auditOutputs struct {
	dir, lang string
	files     map[string]*os.File
	bufs      map[string]*bufio.Writer
	contacts  []report.RowWriter
	reperm    report.RowWriter
	rejects   report.RejectWriter
	warnings  report.WarningWriter
}

// warningsFile lists every cell warning; report.json names it.
const warningsFile = "warnings.csv"

var auditFiles = []string{"report.json", "report.html", "contacts.csv", "contacts.xlsx", "repermission.csv", "rejects.csv", warningsFile}

func newAuditOutputs(dir, lang string) (*auditOutputs, error) {
	o := &auditOutputs{dir: dir, lang: lang, files: map[string]*os.File{}, bufs: map[string]*bufio.Writer{}}
	for _, name := range auditFiles {
		f, err := os.CreateTemp(dir, "."+name+".*.tmp")
		if err != nil {
			o.abort()
			return nil, fmt.Errorf("create %s in %s: %w", name, dir, err)
		}
		o.files[name] = f
		o.bufs[name] = bufio.NewWriterSize(f, 1<<20)
	}
	// The two big files are written on goroutines of their own.
	o.contacts = []report.RowWriter{
		report.Async(report.NewRowCSV(o.bufs["contacts.csv"], lang)),
		report.Async(report.NewRowXLSX(o.bufs["contacts.xlsx"], lang)),
	}
	o.reperm = report.NewRowCSV(o.bufs["repermission.csv"], lang)
	o.rejects = report.NewRejectsCSV(o.bufs["rejects.csv"], lang)
	o.warnings = report.NewWarningsCSV(o.bufs[warningsFile], lang)
	return o, nil
}

func (o *auditOutputs) sinks() contacts.Sinks {
	return contacts.Sinks{
		Contact: func(r *contacts.Row) error {
			for _, w := range o.contacts {
				if err := w.Write(*r); err != nil {
					return err
				}
			}
			if r.Status.NeedsRepermission() {
				return o.reperm.Write(*r)
			}
			return nil
		},
		Reject: func(r contacts.Reject) error {
			return o.rejects.Write(report.Reject{File: r.File, Line: r.Line, Column: r.Column, Code: r.Code, Detail: r.Detail})
		},
		Warning: o.warnings.Write,
	}
}

// finish writes the summary files, closes everything and renames the
// temporary files into place.
func (o *auditOutputs) finish(s *contacts.Summary) error {
	closers := append(append([]report.RowWriter{}, o.contacts...), o.reperm)
	for _, c := range closers {
		if err := c.Close(); err != nil {
			return err
		}
	}
	if err := o.rejects.Close(); err != nil {
		return err
	}
	if err := o.warnings.Close(); err != nil {
		return err
	}
	s.WarningsFile = warningsFile // report.json names it
	if err := report.WriteJSON(o.bufs["report.json"], *s); err != nil {
		return err
	}
	if err := report.WriteHTML(o.bufs["report.html"], *s, o.lang); err != nil {
		return err
	}
	for _, name := range auditFiles {
		f := o.files[name]
		if err := o.bufs[name].Flush(); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		if err := os.Rename(f.Name(), filepath.Join(o.dir, name)); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	o.files = nil
	return nil
}

// abort removes the temporary files after a failure.
func (o *auditOutputs) abort() {
	for _, f := range o.files {
		f.Close()
		os.Remove(f.Name())
	}
}
