package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/capture"
)

var _ capture.Store = (*ConsentStore)(nil)

const formCols = `id, slug, name, list, double_optin, language, success_url, confirmed_url, archived_at`

func scanForm(r scanner) (capture.Form, error) {
	var f capture.Form
	var doi int64
	var archived sql.NullInt64
	err := r.Scan(&f.ID, &f.Slug, &f.Name, &f.List, &doi, &f.Language, &f.SuccessURL, &f.ConfirmedURL, &archived)
	f.DoubleOptIn, f.Archived = doi != 0, archived.Valid
	return f, err
}

// Form returns the form with the slug, with its purposes and texts.
func (s *ConsentStore) Form(ctx context.Context, slug string) (*capture.Form, error) {
	f, err := scanForm(s.db.QueryRow(ctx, `SELECT `+formCols+` FROM forms WHERE slug = ?`, slug))
	if err != nil {
		return nil, NotFound(err, "capture.form_not_found")
	}
	if err := s.formParts(ctx, &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Forms returns every form, by name.
func (s *ConsentStore) Forms(ctx context.Context) ([]capture.Form, error) {
	rows, err := s.db.Query(ctx, `SELECT `+formCols+` FROM forms ORDER BY name, id`)
	out, err := collect(rows, err, scanForm)
	if err != nil {
		return nil, fmt.Errorf("forms: %w", err)
	}
	for i := range out {
		if err := s.formParts(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *ConsentStore) formParts(ctx context.Context, f *capture.Form) error {
	rows, err := s.db.Query(ctx, `SELECT purpose_id FROM form_purposes WHERE form_id = ? ORDER BY position, purpose_id`, f.ID)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		f.Purposes = append(f.Purposes, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("form %s: %w", f.Slug, err)
	}
	rows, err = s.db.Query(ctx, `SELECT language, purpose_id, text_id FROM form_texts WHERE form_id = ? ORDER BY language, purpose_id`, f.ID)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var t capture.FormText
		err := rows.Scan(&t.Language, &t.PurposeID, &t.TextID)
		f.Texts = append(f.Texts, t)
		return err
	})
	if err != nil {
		return fmt.Errorf("form %s: %w", f.Slug, err)
	}
	return nil
}

// SaveForm creates f (ID 0) or replaces it, purposes and texts included.
func (s *ConsentStore) SaveForm(ctx context.Context, f *capture.Form) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		doi := int64(0)
		if f.DoubleOptIn {
			doi = 1
		}
		var archived any
		if f.Archived {
			archived = tx.Now.UnixMilli()
		}
		now := tx.Now.UnixMilli()
		if f.ID == 0 {
			err := tx.QueryRow(ctx, `INSERT INTO forms (slug, name, list, double_optin, language, success_url, confirmed_url, archived_at, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.Slug, f.Name, f.List, doi, f.Language, f.SuccessURL, f.ConfirmedURL,
				archived, now, now).Scan(&f.ID)
			if err != nil {
				return err
			}
		} else {
			r, err := tx.Exec(ctx, `UPDATE forms SET slug = ?, name = ?, list = ?, double_optin = ?, language = ?, success_url = ?,
				confirmed_url = ?, archived_at = ?, updated_at = ? WHERE id = ?`, f.Slug, f.Name, f.List, doi, f.Language, f.SuccessURL,
				f.ConfirmedURL, archived, now, f.ID)
			if err := oneRow(r, err, "capture.form_not_found"); err != nil {
				return err
			}
		}
		return saveFormParts(ctx, tx, f)
	})
}

func saveFormParts(ctx context.Context, tx *Tx, f *capture.Form) error {
	if _, err := tx.Exec(ctx, `DELETE FROM form_purposes WHERE form_id = ?`, f.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `DELETE FROM form_texts WHERE form_id = ?`, f.ID); err != nil {
		return err
	}
	for i, p := range f.Purposes {
		if _, err := tx.Exec(ctx, `INSERT INTO form_purposes (form_id, purpose_id, position) VALUES (?, ?, ?)`, f.ID, p, i); err != nil {
			return err
		}
	}
	for _, t := range f.Texts {
		if _, err := tx.Exec(ctx, `INSERT INTO form_texts (form_id, language, purpose_id, text_id) VALUES (?, ?, ?, ?)`,
			f.ID, t.Language, t.PurposeID, t.TextID); err != nil {
			return err
		}
	}
	return nil
}
