package sqlstore

import (
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Column lists of the import tables, in the order the row functions below
// produce values. Both dialects' loaders use them, so a column is added in
// one place.
var (
	ContactCols = []string{"id", "email_key", "email", "variant_key", "first_name", "last_name", "name", "language", "phone",
		"attributes", "status", "reasons", "consent_at", "consent_channel", "purposes", "created_at", "updated_at"}
	SourceCols = []string{"id", "contact_id", "import_id", "file_id", "line", "row_hash", "added_at", "changed_at", "raw"}
	EventCols  = []string{"id", "block_id", "contact_id", "purpose", "action", "occurred_at", "channel", "source", "legal_basis",
		"source_id", "commitment", "hash", "subject", "ip", "user_agent", "detail", "salt"}
	StateCols = []string{"contact_id", "purpose", "status", "reasons", "event_id", "consent_at", "updated_at"}
)

// ContactRow appends the values of c in ContactCols order.
func ContactRow(dst []any, c *contacts.Contact) []any {
	return append(dst, c.ID, c.Key, c.Email, nullString(c.Variant), c.FirstName, c.LastName, c.Name, c.Language, c.Phone,
		nonEmpty(c.Attributes, "{}"), string(c.Status), JoinReasons(c.Reasons), Millis(c.ConsentAt), c.ConsentChannel,
		nonEmpty(c.Purposes, "[]"), c.CreatedAt.UnixMilli(), c.UpdatedAt.UnixMilli())
}

// SourceRow appends the values of s, a source of contact contactID, in
// SourceCols order.
func SourceRow(dst []any, contactID int64, s *contacts.Source) []any {
	return append(dst, s.ID, contactID, s.ImportID, s.FileID, int64(s.Line), s.RowHash[:], Millis(s.AddedAt), Millis(s.ChangedAt), nullString(s.Raw))
}

// EventRow appends the values of e in EventCols order.
func EventRow(dst []any, contactID int64, e *contacts.Event) []any {
	return append(dst, e.ID, e.BlockID, contactID, e.Purpose, e.Action, Millis(e.OccurredAt), e.Channel, e.Source, e.LegalBasis,
		nullInt(e.SourceID), e.Commitment[:], e.Hash[:], nullString(e.Personal.Subject), nullString(e.Personal.IP),
		nullString(e.Personal.UserAgent), nullString(e.Personal.Detail), nullBytes(e.Salt))
}

// StateRow appends the consent_state values of verdict v of a new contact,
// in StateCols order; its deciding event must already have its id.
func StateRow(dst []any, contactID int64, v *contacts.Verdict, now int64) []any {
	return append(dst, contactID, v.Purpose, string(v.Status), JoinReasons(v.Reasons), nullInt(v.DecidingEvent()), Millis(v.ConsentAt), now)
}

// JoinReasons stores reason codes as one space-separated column.
func JoinReasons(rs []contacts.Reason) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return string(rs[0])
	}
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(string(r))
	}
	return b.String()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// UpdateContactSQL stores the fields and verdict of an existing contact;
// UpdateContactArgs gives its arguments.
const UpdateContactSQL = `UPDATE contacts SET email = ?, variant_key = ?, first_name = ?, last_name = ?, name = ?, language = ?,
	phone = ?, attributes = ?, status = ?, reasons = ?, consent_at = ?, consent_channel = ?, purposes = ?, updated_at = ? WHERE id = ?`

// UpdateContactArgs returns the arguments of UpdateContactSQL for c.
func UpdateContactArgs(c *contacts.Contact) []any {
	return []any{c.Email, nullString(c.Variant), c.FirstName, c.LastName, c.Name, c.Language, c.Phone, nonEmpty(c.Attributes, "{}"),
		string(c.Status), JoinReasons(c.Reasons), Millis(c.ConsentAt), c.ConsentChannel, nonEmpty(c.Purposes, "[]"), c.UpdatedAt.UnixMilli(), c.ID}
}
