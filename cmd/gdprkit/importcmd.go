package main

import (
	"context"
	"fmt"
	"os/user"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/progress"
	"github.com/gdprkit/gdprkit/internal/store"
)

func (a *app) importCommand() *cobra.Command {
	var rf readFlags
	cmd := &cobra.Command{
		Use:   "import FILE…",
		Short: "Import ESP exports into the contact base (one transaction: all or nothing)",
		Long: `Reads the same files as "gdprkit audit" into the database. Re-importing a file changes
nothing; a newer export of the same list updates its contacts and keeps their history.`,
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
			return a.runImport(cmd.Context(), args, &rf, opts)
		},
	}
	rf.register(cmd)
	return cmd
}

// cliActor is who runs the command line: the operating-system user.
func cliActor() gdprkit.Actor {
	a := gdprkit.Actor{Kind: gdprkit.ActorCLI}
	if u, err := user.Current(); err == nil {
		a.ID = u.Username
	}
	return a
}

func (a *app) openStore(ctx context.Context) (*store.Stores, error) {
	return store.Open(ctx, a.cfg.DSN())
}

func (a *app) runImport(ctx context.Context, paths []string, rf *readFlags, opts esp.Options) error {
	ctx = gdprkit.NewContext(ctx, cliActor())
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if opts, err = a.withMappings(ctx, rf, st.Contacts, opts); err != nil {
		return err
	}
	bar := progress.New(a.progressOut(), map[string]string{"read": a.t("cli.progress.import", nil)})
	im := &contacts.Importer{Store: st.Contacts, Now: time.Now, Lang: a.cfg.Language, Progress: bar}
	checkpoint, err := a.importHooks(ctx, st, im)
	if err != nil {
		return err
	}
	res, err := im.Import(ctx, paths, opts)
	bar.Done()
	if err != nil {
		return err
	}
	a.printImport(res)
	if err := a.afterRead(ctx, rf, st.Contacts, res.Summary.Files); err != nil {
		return err
	}
	return checkpoint(ctx)
}

func (a *app) printImport(res *contacts.Result) {
	for _, f := range res.Previously {
		fmt.Fprintln(a.stdout, a.t("cli.import.seen_before", map[string]any{"File": f.Name, "Import": f.ImportID, "Date": f.ImportedAt.Local().Format("2006-01-02 15:04")}))
	}
	imp := res.Import
	fmt.Fprintln(a.stdout, a.t("cli.import.done", map[string]any{"ID": imp.ID,
		"Rows": a.n("cli.n.rows_read", imp.RowsRead), "New": a.n("cli.n.new_contacts", imp.New),
		"Updated": chart.Number(a.cfg.Language, float64(imp.Updated)), "Unchanged": a.n("cli.n.unchanged", imp.Unchanged),
		"Rejected": a.n("cli.n.rejected", imp.Rejected), "Events": a.n("cli.n.events", imp.Events)}))
	fmt.Fprintln(a.stdout)
	a.printSummary(a.stdout, res.Summary)
}
