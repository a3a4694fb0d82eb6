package jobs

import (
	"context"
	"log/slog"
)

// sqliteLogger marks River's log lines and, on SQLite, lowers its errors
// to warnings: while an import holds the database's only write lock,
// River's own upkeep (leader election, notifications) times out and tries
// again by itself once the import commits. That is expected, not an error
// an operator must act on.
func sqliteLogger(l *slog.Logger) *slog.Logger {
	return slog.New(lowered{l.Handler()}).With("component", "river")
}

type lowered struct{ slog.Handler }

func (h lowered) Handle(ctx context.Context, r slog.Record) error {
	if r.Level > slog.LevelWarn {
		r.Level = slog.LevelWarn
	}
	return h.Handler.Handle(ctx, r)
}

func (h lowered) WithAttrs(as []slog.Attr) slog.Handler { return lowered{h.Handler.WithAttrs(as)} }

func (h lowered) WithGroup(name string) slog.Handler { return lowered{h.Handler.WithGroup(name)} }
