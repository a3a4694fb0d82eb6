package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/store"
)

// withMappings completes opts with saved mappings: the one named by
// --use-map, or else a lookup that applies a mapping saved for a file's
// header. ms may be nil when no database is at hand.
func (a *app) withMappings(ctx context.Context, rf *readFlags, ms contacts.MappingStore, opts esp.Options) (esp.Options, error) {
	if ms == nil {
		return opts, nil
	}
	saved, err := ms.Mappings(ctx)
	if err != nil {
		return opts, err
	}
	if rf.useMap == "" {
		opts.Saved = contacts.SavedLookup(saved)
		return opts, nil
	}
	var names []string
	for _, m := range saved {
		if m.Name == rf.useMap {
			opts.Mapping = m.Mapping
			return opts, nil
		}
		names = append(names, m.Name)
	}
	return opts, usageError{fmt.Errorf("--use-map: no saved mapping is named %q (saved: %s)", rf.useMap, orNone(names))}
}

// afterRead records which saved mappings were used and saves the mapping
// of the first file read under --save-map.
func (a *app) afterRead(ctx context.Context, rf *readFlags, ms contacts.MappingStore, files []contacts.FileSummary) error {
	if ms == nil {
		return nil
	}
	for _, f := range files {
		if f.SavedMapping != "" {
			fmt.Fprintln(a.stdout, a.t("cli.mapping.used", map[string]any{"Name": f.SavedMapping, "File": f.Path}))
			if err := ms.MappingUsed(ctx, f.SavedMapping); err != nil {
				return err
			}
		}
	}
	if rf.saveMap == "" || len(files) == 0 {
		return nil
	}
	f := files[0]
	m := &contacts.SavedMapping{Name: strings.TrimSpace(rf.saveMap), Signature: f.Signature, Mapping: f.Mapping}
	if err := ms.SaveMapping(gdprkit.NewContext(ctx, cliActor()), m); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, a.t("cli.mapping.saved", map[string]any{"Name": m.Name, "Mapping": m.Mapping.String()}))
	return nil
}

// auditStore opens the database for saved mappings when the audit may use
// them: always when --use-map or --save-map asks, otherwise only if a
// database already exists, so a plain audit needs none.
func (a *app) auditStore(ctx context.Context, rf *readFlags) (*store.Stores, error) {
	dsn := a.cfg.DSN()
	if rf.useMap == "" && rf.saveMap == "" && !store.IsPostgres(dsn) {
		if _, err := os.Stat(strings.TrimPrefix(dsn, "sqlite://")); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	return store.Open(ctx, dsn)
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}
