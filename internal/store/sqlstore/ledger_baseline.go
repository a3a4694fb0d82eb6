package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/consent"
)

// ReadEvents streams every event row, all the columns verification reads,
// in key order through database/sql on one connection, calling fn with a
// copy of each. It is the baseline of the ledger benchmark: reading the
// same rows plainly, without verifying them.
func (s *LedgerStore) ReadEvents(ctx context.Context, fn func(*consent.StoredEvent)) error {
	rows, err := s.db.Query(ctx, `SELECT `+ledgerEventCols+` FROM consent_events e ORDER BY e.block_id, e.id`)
	return eachRow(rows, err, func(rows *sql.Rows) error {
		var e consent.StoredEvent
		var at, contact sql.NullInt64
		var subject, ip, ua, detail sql.NullString
		if err := rows.Scan(&e.BlockID, &e.ID, &e.Purpose, &e.Action, &at, &e.Channel, &e.Source, &e.LegalBasis,
			&e.Commitment, &e.Hash, &e.Salt, &subject, &ip, &ua, &detail, &contact); err != nil {
			return fmt.Errorf("ledger: read events: %w", err)
		}
		e.OccurredAt, e.HasTime, e.ContactID = at.Int64, at.Valid, contact.Int64
		e.HasSalt, e.Personal = e.Salt != nil, subject.Valid || ip.Valid || ua.Valid || detail.Valid
		e.Subject, e.IP, e.UserAgent, e.Detail = subject.String, ip.String, ua.String, detail.String
		fn(&e)
		return nil
	})
}
