package sqlstore

import (
	"context"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// verdictRowsPerInsert keeps a multi-row upsert under SQLite's variable
// limit (3,500 of 32,766) and PostgreSQL's (65,535) while cutting the statements
// of a million-row import to two thousand: it then adds about a tenth to it.
const verdictRowsPerInsert = 500

// writeBatchVerdicts stores the verdicts of an import batch in
// consent_state, after the loader gave the new events their ids.
func writeBatchVerdicts(ctx context.Context, tx *Tx, b *contacts.Batch) error {
	w := verdictWriter{tx: tx}
	for _, n := range b.New {
		if err := w.add(ctx, n.Contact.ID, n.Verdicts); err != nil {
			return err
		}
	}
	for _, u := range b.Updates {
		if err := w.add(ctx, u.Contact.ID, u.Verdicts); err != nil {
			return err
		}
	}
	return w.flush(ctx)
}

// verdictWriter upserts consent_state rows five hundred at a time.
type verdictWriter struct {
	tx   *Tx
	args []any
	rows int
}

func (w *verdictWriter) add(ctx context.Context, contactID int64, vs []contacts.Verdict) error {
	for i := range vs {
		v := &vs[i]
		w.args = append(w.args, contactID, v.Purpose, string(v.Status), JoinReasons(v.Reasons),
			nullInt(v.DecidingEvent()), Millis(v.ConsentAt), w.tx.Now.UnixMilli())
		if w.rows++; w.rows == verdictRowsPerInsert {
			if err := w.flush(ctx); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *verdictWriter) flush(ctx context.Context) error {
	if w.rows == 0 {
		return nil
	}
	_, err := w.tx.Exec(ctx, `INSERT INTO consent_state (contact_id, purpose, status, reasons, event_id, consent_at, updated_at)
		VALUES `+Placeholders(w.rows, 7)+`
		ON CONFLICT (contact_id, purpose) DO UPDATE SET status = excluded.status, reasons = excluded.reasons,
			event_id = excluded.event_id, consent_at = excluded.consent_at, updated_at = excluded.updated_at`, w.args...)
	w.args, w.rows = w.args[:0], 0
	if err != nil {
		return fmt.Errorf("consent state: %w", err)
	}
	return nil
}
