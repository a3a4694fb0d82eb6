package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
)

func (a *app) registerCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "register", Short: "Export the registers (record of processing, vendors) and bulk-edit vendors"}
	cmd.AddCommand(a.registerExportCommand(), a.registerImportCommand())
	return cmd
}

func (a *app) registerExportCommand() *cobra.Command {
	var what, format, out string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export the record of processing activities, the vendor register or everything",
		Long: `Writes one register in the language of --lang:
  --what activities  the record of processing activities in the CNIL model's layout
                     (xlsx: a sheet per fiche; html: printable; csv: one line per activity)
  --what vendors     the vendor register by risk (xlsx to edit and import back, csv)
  --what methods     the collection methods and their findings (xlsx, csv)
  --what all         everything, with questionnaires and history (json)
Every --what also exports as json.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkExport(what, format, out); err != nil {
				return usageError{err}
			}
			return a.runRegisterExport(cmd.Context(), what, format, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&what, "what", register.WhatActivities, "activities, vendors, methods or all")
	f.StringVar(&format, "format", register.FormatXLSX, "xlsx, html, json or csv")
	f.StringVar(&out, "out", "", "file to write (default: standard output, except for xlsx)")
	return cmd
}

func (a *app) registerImportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import-vendors FILE.xlsx",
		Short: "Import a vendor sheet exported and edited: all rows or none",
		Long: `Reads the sheet written by "gdprkit register export --what vendors --format xlsx" after
editing. A row with an ID updates that vendor; a row without one creates a vendor; vendors
missing from the sheet are left alone. The first bad cell stops the import, naming its sheet,
row and column, and nothing is saved.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runVendorImport(cmd.Context(), args[0])
		},
	}
}

// checkExport refuses impossible combinations before opening anything.
func checkExport(what, format, out string) error {
	if !slices.Contains([]string{register.WhatActivities, register.WhatVendors, register.WhatMethods, register.WhatAll}, what) {
		return fmt.Errorf("--what must be activities, vendors, methods or all, not %q", what)
	}
	if !slices.Contains(register.ExportFormats(what), format) {
		return fmt.Errorf("--what %s exports as %v, not %q", what, register.ExportFormats(what), format)
	}
	if format == register.FormatXLSX && (out == "" || out == "-") {
		return fmt.Errorf("--format xlsx needs --out FILE: a workbook is not for a terminal")
	}
	return nil
}

func (a *app) openRegister(ctx context.Context) (*store.Stores, *register.Service, error) {
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	return st, register.NewService(st.Register), nil
}

func (a *app) runRegisterExport(ctx context.Context, what, format, out string) error {
	ctx = gdprkit.NewContext(ctx, cliActor())
	st, svc, err := a.openRegister(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	write := func(w io.Writer) error { return svc.Export(ctx, w, what, format, a.cfg.Language) }
	if out == "" || out == "-" {
		err = write(a.stdout)
	} else {
		err = writeFileAtomic(out, write)
	}
	if err != nil {
		return err
	}
	// The registers name people (contacts, DPOs): exporting them is
	// recorded in the audit trail, from the command line too.
	if err := st.Contacts.LogAccess(ctx, contacts.Access{Action: "exported", ObjectType: "register", ObjectID: what + "." + format}); err != nil {
		return err
	}
	if out != "" && out != "-" {
		fmt.Fprintln(a.stderr, a.t("register.cli.exported", map[string]any{"File": out}))
	}
	return nil
}

// writeFileAtomic writes through a temporary file renamed at the end, so a
// failed export never leaves a truncated register where the last good one
// was.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func (a *app) runVendorImport(ctx context.Context, path string) error {
	ctx = gdprkit.NewContext(ctx, cliActor())
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, svc, err := a.openRegister(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := svc.ImportVendorsXLSX(ctx, f, a.cfg.Language)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t("register.cli.imported", map[string]any{"Created": res.Created, "Updated": res.Updated, "Unchanged": res.Unchanged}))
	return nil
}
