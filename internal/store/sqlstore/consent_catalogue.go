package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
)

var _ consent.CatalogueStore = (*ConsentStore)(nil)

const purposeCols = `id, slug, label_en, label_fr, description_en, description_fr, channel, dpv, kantara, third_party, archived_at`

func scanPurpose(r scanner) (consent.Purpose, error) {
	var p consent.Purpose
	var third int64
	var archived sql.NullInt64
	err := r.Scan(&p.ID, &p.Slug, &p.LabelEN, &p.LabelFR, &p.DescriptionEN, &p.DescriptionFR, &p.Channel, &p.DPV, &p.Kantara, &third, &archived)
	p.ThirdParty, p.Archived = third != 0, archived.Valid
	return p, err
}

// Purposes returns the catalogue, archived purposes included, by id.
func (s *ConsentStore) Purposes(ctx context.Context) ([]consent.Purpose, error) {
	rows, err := s.db.Query(ctx, `SELECT `+purposeCols+` FROM purposes ORDER BY id`)
	out, err := collect(rows, err, scanPurpose)
	if err != nil {
		return nil, fmt.Errorf("purposes: %w", err)
	}
	return out, nil
}

// SavePurpose creates p (ID 0) or updates it. The slug of an existing
// purpose never changes: the ledger records it.
func (s *ConsentStore) SavePurpose(ctx context.Context, p *consent.Purpose) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		third := int64(0)
		if p.ThirdParty {
			third = 1
		}
		var archived any
		if p.Archived {
			archived = tx.Now.UnixMilli()
		}
		if p.ID == 0 {
			return tx.QueryRow(ctx, `INSERT INTO purposes (slug, label_en, label_fr, description_en, description_fr, channel, dpv, kantara, third_party, archived_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.Slug, p.LabelEN, p.LabelFR, p.DescriptionEN, p.DescriptionFR,
				p.Channel, p.DPV, p.Kantara, third, archived, tx.Now.UnixMilli()).Scan(&p.ID)
		}
		r, err := tx.Exec(ctx, `UPDATE purposes SET label_en = ?, label_fr = ?, description_en = ?, description_fr = ?, channel = ?, dpv = ?,
			kantara = ?, third_party = ?, archived_at = ? WHERE id = ? AND slug = ?`, p.LabelEN, p.LabelFR, p.DescriptionEN, p.DescriptionFR,
			p.Channel, p.DPV, p.Kantara, third, archived, p.ID, p.Slug)
		return oneRow(r, err, "consent.purpose_not_found")
	})
}

const textCols = `id, name, version, language, format, body, sha256, created_at, first_used_at`

func scanText(r scanner) (consent.Text, error) {
	var t consent.Text
	var created int64
	var used sql.NullInt64
	err := r.Scan(&t.ID, &t.Name, &t.Version, &t.Language, &t.Format, &t.Body, &t.SHA256, &created, &used)
	t.CreatedAt, t.FirstUsedAt = Time(sql.NullInt64{Int64: created, Valid: true}), Time(used)
	return t, err
}

// Text returns one version.
func (s *ConsentStore) Text(ctx context.Context, id int64) (*consent.Text, error) {
	t, err := scanText(s.db.QueryRow(ctx, `SELECT `+textCols+` FROM consent_texts WHERE id = ?`, id))
	if err != nil {
		return nil, NotFound(err, "consent.text_not_found")
	}
	return &t, nil
}

// Texts returns the versions of a text family, newest first.
func (s *ConsentStore) Texts(ctx context.Context, name string) ([]consent.Text, error) {
	rows, err := s.db.Query(ctx, `SELECT `+textCols+` FROM consent_texts WHERE name = ? ORDER BY language, version DESC`, name)
	out, err := collect(rows, err, scanText)
	if err != nil {
		return nil, fmt.Errorf("consent texts: %w", err)
	}
	return out, nil
}

// AddText stores t as the next version of its name and language.
func (s *ConsentStore) AddText(ctx context.Context, t *consent.Text) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM consent_texts WHERE name = ? AND language = ?`, t.Name, t.Language).Scan(&t.Version); err != nil {
			return err
		}
		t.CreatedAt = tx.Now
		return tx.QueryRow(ctx, `INSERT INTO consent_texts (name, version, language, format, body, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			t.Name, t.Version, t.Language, t.Format, t.Body, t.SHA256, t.CreatedAt.UnixMilli()).Scan(&t.ID)
	})
}

// UpdateText changes a version nobody consented on yet.
func (s *ConsentStore) UpdateText(ctx context.Context, t *consent.Text) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE consent_texts SET format = ?, body = ?, sha256 = ? WHERE id = ? AND first_used_at IS NULL`,
			t.Format, t.Body, t.SHA256, t.ID)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var used sql.NullInt64
		err = tx.QueryRow(ctx, `SELECT first_used_at FROM consent_texts WHERE id = ?`, t.ID).Scan(&used)
		if err != nil {
			return NotFound(err, "consent.text_not_found")
		}
		return consent.ErrTextInUse
	})
}

// oneRow turns an UPDATE that matched no row into ENOTFOUND with key.
func oneRow(r sql.Result, err error, key string) error {
	if err != nil {
		return err
	}
	n, err := r.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, key, nil, "not found")
	}
	return nil
}
