package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

const contactColumns = `id, email_key, email, variant_key, first_name, last_name, name, language, phone,
	attributes, status, reasons, consent_at, consent_channel, purposes, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanContact(r scanner) (*contacts.Contact, error) {
	var c contacts.Contact
	var variant sql.NullString
	var reasons string
	var consentAt sql.NullInt64
	var created, updated int64
	err := r.Scan(&c.ID, &c.Key, &c.Email, &variant, &c.FirstName, &c.LastName, &c.Name, &c.Language, &c.Phone,
		&c.Attributes, &c.Status, &reasons, &consentAt, &c.ConsentChannel, &c.Purposes, &created, &updated)
	if err != nil {
		return nil, err
	}
	c.Variant = variant.String
	c.Reasons = SplitReasons(reasons)
	c.ConsentAt = Time(consentAt)
	c.CreatedAt = Time(sql.NullInt64{Int64: created, Valid: true})
	c.UpdatedAt = Time(sql.NullInt64{Int64: updated, Valid: true})
	return &c, nil
}

// SplitReasons reads back a reasons column.
func SplitReasons(s string) []contacts.Reason {
	var out []contacts.Reason
	for _, r := range strings.Fields(s) {
		out = append(out, contacts.Reason(r))
	}
	return out
}

// ContactByKey returns the contact with the normalised address key.
func (s *ContactStore) ContactByKey(ctx context.Context, key string) (*contacts.Contact, error) {
	c, err := scanContact(s.db.QueryRow(ctx, `SELECT `+contactColumns+` FROM contacts WHERE email_key = ?`, key))
	if err != nil {
		return nil, NotFound(err, "contacts.not_found")
	}
	return c, nil
}

// ContactHistory returns a contact's sources and consent events, oldest first.
func (s *ContactStore) ContactHistory(ctx context.Context, id int64) ([]contacts.Source, []contacts.Event, error) {
	h, err := loadHistory(ctx, readQuerier{s.db}, []int64{id})
	if err != nil {
		return nil, nil, err
	}
	if h[id] == nil {
		return nil, nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "contacts.not_found", nil, "contact %d not found", id)
	}
	return h[id].Sources, h[id].Events, nil
}

// querier is a transaction or the reader pool.
type querier interface {
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

type readQuerier struct{ db *DB }

func (q readQuerier) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return q.db.Query(ctx, query, args...)
}

func loadHistory(ctx context.Context, q querier, ids []int64) (map[int64]*contacts.History, error) {
	out := make(map[int64]*contacts.History, len(ids))
	for _, chunk := range chunks(len(ids), 500) {
		part := anys(ids[chunk[0]:chunk[1]])
		if err := loadContacts(ctx, q, part, out); err != nil {
			return nil, err
		}
		if err := loadSources(ctx, q, part, out); err != nil {
			return nil, err
		}
		if err := loadEvents(ctx, q, part, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func loadContacts(ctx context.Context, q querier, ids []any, out map[int64]*contacts.History) error {
	rows, err := q.Query(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id IN (`+marks(len(ids))+`)`, ids...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		c, err := scanContact(rows)
		if err != nil {
			return err
		}
		out[c.ID] = &contacts.History{Contact: *c}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load contacts: %w", err)
	}
	return nil
}

func loadSources(ctx context.Context, q querier, ids []any, out map[int64]*contacts.History) error {
	rows, err := q.Query(ctx, `SELECT s.id, s.contact_id, s.import_id, s.file_id, f.name, f.format, s.line, s.row_hash, s.added_at, s.changed_at, s.raw
		FROM contact_sources s JOIN import_files f ON f.id = s.file_id
		WHERE s.contact_id IN (`+marks(len(ids))+`) ORDER BY s.id`, ids...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var src contacts.Source
		var contactID int64
		var hash []byte
		var added, changed sql.NullInt64
		var raw sql.NullString
		if err := rows.Scan(&src.ID, &contactID, &src.ImportID, &src.FileID, &src.File, &src.Format, &src.Line, &hash, &added, &changed, &raw); err != nil {
			return err
		}
		copy(src.RowHash[:], hash)
		src.AddedAt, src.ChangedAt, src.Raw = Time(added), Time(changed), raw.String
		if h := out[contactID]; h != nil {
			h.Sources = append(h.Sources, src)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load sources: %w", err)
	}
	return nil
}

func loadEvents(ctx context.Context, q querier, ids []any, out map[int64]*contacts.History) error {
	rows, err := q.Query(ctx, `SELECT e.id, e.block_id, e.contact_id, e.purpose, e.action, e.occurred_at, b.created_at, e.channel, e.source,
			e.legal_basis, e.source_id, e.commitment, e.hash, e.subject, e.ip, e.user_agent, e.detail, e.salt, b.import_id
		FROM consent_events e JOIN ledger_blocks b ON b.id = e.block_id
		WHERE e.contact_id IN (`+marks(len(ids))+`) ORDER BY e.id`, ids...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var e contacts.Event
		var contactID int64
		var occurred, sourceID, importID sql.NullInt64
		var recorded int64
		var commitment, hash, salt []byte
		var subject, ip, ua, detail sql.NullString
		if err := rows.Scan(&e.ID, &e.BlockID, &contactID, &e.Purpose, &e.Action, &occurred, &recorded, &e.Channel, &e.Source,
			&e.LegalBasis, &sourceID, &commitment, &hash, &subject, &ip, &ua, &detail, &salt, &importID); err != nil {
			return err
		}
		e.OccurredAt = Time(occurred)
		e.RecordedAt = Time(sql.NullInt64{Int64: recorded, Valid: true})
		e.SourceID, e.ImportID = sourceID.Int64, importID.Int64
		copy(e.Commitment[:], commitment)
		copy(e.Hash[:], hash)
		e.Personal.Subject, e.Personal.IP, e.Personal.UserAgent, e.Personal.Detail = subject.String, ip.String, ua.String, detail.String
		e.Salt = salt
		if h := out[contactID]; h != nil {
			h.Events = append(h.Events, e)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("load events: %w", err)
	}
	return nil
}

// Imports lists imports, newest first.
func (s *ContactStore) Imports(ctx context.Context, limit int) ([]contacts.Import, error) {
	rows, err := s.db.Query(ctx, `SELECT id, created_at, finished_at, actor, status, options, rows_read, rows_rejected,
		contacts_new, contacts_updated, contacts_unchanged, events_added, summary FROM imports ORDER BY id DESC LIMIT ?`, limit)
	var out []contacts.Import
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var imp contacts.Import
		var created int64
		var finished sql.NullInt64
		if err := rows.Scan(&imp.ID, &created, &finished, &imp.Actor, &imp.Status, &imp.Options, &imp.RowsRead, &imp.Rejected,
			&imp.New, &imp.Updated, &imp.Unchanged, &imp.Events, &imp.Summary); err != nil {
			return err
		}
		imp.CreatedAt = Time(sql.NullInt64{Int64: created, Valid: true})
		imp.FinishedAt = Time(finished)
		out = append(out, imp)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list imports: %w", err)
	}
	return out, nil
}

// FilesBySHA256 returns earlier imported files with this content.
func (s *ContactStore) FilesBySHA256(ctx context.Context, sum string) ([]contacts.ImportFile, error) {
	rows, err := s.db.Query(ctx, `SELECT f.id, f.import_id, f.name, f.sha256, f.size, f.format, i.created_at
		FROM import_files f JOIN imports i ON i.id = f.import_id WHERE f.sha256 = ? ORDER BY f.id`, sum)
	var out []contacts.ImportFile
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var f contacts.ImportFile
		var at int64
		if err := rows.Scan(&f.ID, &f.ImportID, &f.Name, &f.SHA256, &f.Size, &f.Format, &at); err != nil {
			return err
		}
		f.ImportedAt = Time(sql.NullInt64{Int64: at, Valid: true})
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find files: %w", err)
	}
	return out, nil
}

// LogAccess records an audit-trail entry with the actor from ctx.
func (s *ContactStore) LogAccess(ctx context.Context, e contacts.Access) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return logAccess(ctx, tx, e) })
}

func logAccess(ctx context.Context, tx *Tx, e contacts.Access) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail, remote) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		tx.Now.UnixMilli(), gdprkit.ActorFrom(ctx).String(), e.Action, e.ObjectType, e.ObjectID, nonEmpty(e.Detail, "{}"), e.Remote)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}
