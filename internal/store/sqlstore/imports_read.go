package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// ImportByID returns an import and its files.
func (s *ContactStore) ImportByID(ctx context.Context, id int64) (*contacts.Import, []contacts.ImportFile, error) {
	var imp contacts.Import
	var created int64
	var finished sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT id, created_at, finished_at, actor, status, options, rows_read, rows_rejected,
		contacts_new, contacts_updated, contacts_unchanged, events_added, summary FROM imports WHERE id = ?`, id).Scan(
		&imp.ID, &created, &finished, &imp.Actor, &imp.Status, &imp.Options, &imp.RowsRead, &imp.Rejected,
		&imp.New, &imp.Updated, &imp.Unchanged, &imp.Events, &imp.Summary)
	if err != nil {
		return nil, nil, NotFound(err, "imports.not_found")
	}
	imp.CreatedAt, imp.FinishedAt = msTime(created), Time(finished)
	files, err := s.importFiles(ctx, id)
	return &imp, files, err
}

func (s *ContactStore) importFiles(ctx context.Context, id int64) ([]contacts.ImportFile, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, sha256, size, format, encoding, delimiter, list, file_status, mapping, rows_read, rows_rejected
		FROM import_files WHERE import_id = ? ORDER BY id`, id)
	var out []contacts.ImportFile
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		f := contacts.ImportFile{ImportID: id}
		err := rows.Scan(&f.ID, &f.Name, &f.SHA256, &f.Size, &f.Format, &f.Encoding, &f.Delimiter, &f.List, &f.FileStatus,
			&f.Mapping, &f.Rows, &f.Rejected)
		if err == nil {
			out = append(out, f)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("import files: %w", err)
	}
	return out, nil
}

// EachReject calls fn for every rejected row of an import, in file order.
func (s *ContactStore) EachReject(ctx context.Context, importID int64, fn func(contacts.Reject) error) error {
	rows, err := s.db.Query(ctx, `SELECT r.file_id, f.name, r.line, r.col, r.code, r.detail
		FROM import_rejects r JOIN import_files f ON f.id = r.file_id WHERE r.import_id = ? ORDER BY r.id`, importID)
	return eachRow(rows, err, func(rows *sql.Rows) error {
		var r contacts.Reject
		if err := rows.Scan(&r.FileID, &r.File, &r.Line, &r.Column, &r.Code, &r.Detail); err != nil {
			return err
		}
		return fn(r)
	})
}

// importPage is how many contacts one query of EachImportContact reads.
const importPage = 2000

// EachImportContact calls fn for every contact with a row in the import,
// once, in contact order, reading in pages along the index
// contact_sources_import_contact so memory stays flat.
func (s *ContactStore) EachImportContact(ctx context.Context, importID int64, fn func(contacts.Imported) error) error {
	after := int64(1<<63 - 1)
	for {
		n, last, err := s.importContacts(ctx, importID, after, fn)
		if err != nil || n < importPage {
			return err
		}
		after = last
	}
}

func (s *ContactStore) importContacts(ctx context.Context, importID, before int64, fn func(contacts.Imported) error) (int, int64, error) {
	rows, err := s.db.Query(ctx, `SELECT `+prefixed("c.", contactColumns)+`, f.name, f.format, s.line
		FROM contact_sources s `+s.db.orderedJoin()+` contacts c ON c.id = s.contact_id JOIN import_files f ON f.id = s.file_id
		WHERE s.import_id = ? AND s.contact_id < ? ORDER BY s.contact_id DESC LIMIT ?`, importID, before, importPage)
	n, last := 0, int64(0)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		n++
		ic, err := scanImported(rows)
		if err != nil || ic.Contact.ID == last {
			return err
		}
		last = ic.Contact.ID
		return fn(ic)
	})
	return n, last, err
}

func scanImported(rows *sql.Rows) (contacts.Imported, error) {
	var ic contacts.Imported
	var file, format string
	var line int
	c, err := scanContact(rowScanner{rows, []any{&file, &format, &line}})
	if err != nil {
		return ic, err
	}
	return contacts.Imported{Contact: c, Source: file + ":" + strconv.Itoa(line), Format: esp.Format(format)}, nil
}

// rowScanner scans a contact followed by extra columns.
type rowScanner struct {
	rows  *sql.Rows
	extra []any
}

func (r rowScanner) Scan(dest ...any) error { return r.rows.Scan(append(dest, r.extra...)...) }
