package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
)

const regQuestionnaireCols = `id, vendor_id, template, lang, status, token_hash, expires_at, created_at, created_by, answered_at, respondent`

func regScanQuestionnaire(r scanner) (*register.Questionnaire, error) {
	var q register.Questionnaire
	var expires, created int64
	var answered sql.NullInt64
	err := r.Scan(&q.ID, &q.VendorID, &q.Template, &q.Lang, &q.Status, &q.TokenHash, &expires, &created, &q.CreatedBy, &answered, &q.Respondent)
	if err != nil {
		return nil, err
	}
	q.ExpiresAt, q.CreatedAt, q.AnsweredAt = regTime(expires), regTime(created), Time(answered)
	return &q, nil
}

// Questionnaires lists the questionnaires of a vendor (all when 0), newest
// first, with their answers.
func (s *RegisterStore) Questionnaires(ctx context.Context, vendorID int64) ([]*register.Questionnaire, error) {
	q := `SELECT ` + regQuestionnaireCols + ` FROM register_questionnaires`
	var args []any
	if vendorID != 0 {
		q += ` WHERE vendor_id = ?`
		args = append(args, vendorID)
	}
	var out []*register.Questionnaire
	rows, err := s.db.Query(ctx, q+` ORDER BY id DESC`, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		qn, err := regScanQuestionnaire(rows)
		if err == nil {
			out = append(out, qn)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("register questionnaires: %w", err)
	}
	for _, qn := range out {
		if qn.Answers, err = s.answers(ctx, qn.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Questionnaire returns one questionnaire with its answers.
func (s *RegisterStore) Questionnaire(ctx context.Context, id int64) (*register.Questionnaire, error) {
	return s.questionnaireWhere(ctx, `id = ?`, id)
}

// QuestionnaireByToken returns the questionnaire whose token hashes to
// hash. The unique index on token_hash makes this one lookup.
func (s *RegisterStore) QuestionnaireByToken(ctx context.Context, hash []byte) (*register.Questionnaire, error) {
	return s.questionnaireWhere(ctx, `token_hash = ?`, hash)
}

func (s *RegisterStore) questionnaireWhere(ctx context.Context, where string, arg any) (*register.Questionnaire, error) {
	q, err := regScanQuestionnaire(s.db.QueryRow(ctx, `SELECT `+regQuestionnaireCols+` FROM register_questionnaires WHERE `+where, arg))
	if err != nil {
		return nil, regNotFound(err, register.EntityQuestionnaire)
	}
	if q.Answers, err = s.answers(ctx, q.ID); err != nil {
		return nil, err
	}
	return q, nil
}

func (s *RegisterStore) answers(ctx context.Context, id int64) ([]register.Answer, error) {
	var out []register.Answer
	rows, err := s.db.Query(ctx, `SELECT question, value FROM register_answers WHERE questionnaire_id = ? ORDER BY position`, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var a register.Answer
		if err := rows.Scan(&a.Question, &a.Value); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register answers: %w", err)
	}
	return out, nil
}

// CreateQuestionnaire inserts q with its token hash.
func (s *RegisterStore) CreateQuestionnaire(ctx context.Context, q *register.Questionnaire, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		q.CreatedAt = tx.Now
		err := tx.QueryRow(ctx, `INSERT INTO register_questionnaires (vendor_id, template, lang, status, token_hash, expires_at, created_at, created_by, respondent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, '') RETURNING id`, q.VendorID, q.Template, q.Lang, q.Status, q.TokenHash,
			q.ExpiresAt.UnixMilli(), tx.Now.UnixMilli(), q.CreatedBy).Scan(&q.ID)
		if err != nil {
			return fmt.Errorf("register: insert questionnaire: %w", err)
		}
		ch.EntityID = q.ID
		return regRecordChange(ctx, tx, ch)
	})
}

// RecordChange records a change on its own.
func (s *RegisterStore) RecordChange(ctx context.Context, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return regRecordChange(ctx, tx, ch) })
}

// RevokeQuestionnaire marks a sent questionnaire revoked.
func (s *RegisterStore) RevokeQuestionnaire(ctx context.Context, id int64, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE register_questionnaires SET status = ? WHERE id = ? AND status = ?`, register.StatusRevoked, id, register.StatusSent)
		if err := regOneRow(res, err, regNotOpen(id)); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

// AnswerQuestionnaire stores the answers, closes the questionnaire and
// saves the vendor in one transaction. The status condition makes a link
// usable once even when two answers race.
func (s *RegisterStore) AnswerQuestionnaire(ctx context.Context, q *register.Questionnaire, v *register.Vendor, chs []*register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE register_questionnaires SET status = ?, answered_at = ?, respondent = ? WHERE id = ? AND status = ?`,
			register.StatusAnswered, tx.Now.UnixMilli(), q.Respondent, q.ID, register.StatusSent)
		if err := regOneRow(res, err, regNotOpen(q.ID)); err != nil {
			return err
		}
		q.AnsweredAt = tx.Now
		for i, a := range q.Answers {
			_, err := tx.Exec(ctx, `INSERT INTO register_answers (questionnaire_id, question, value, position) VALUES (?, ?, ?, ?)`, q.ID, a.Question, a.Value, i)
			if err != nil {
				return fmt.Errorf("register answers: %w", err)
			}
		}
		if err := regUpdateVendor(ctx, tx, v); err != nil {
			return err
		}
		if err := regWriteVendorLinks(ctx, tx, v); err != nil {
			return err
		}
		for _, ch := range chs {
			if err := regRecordChange(ctx, tx, ch); err != nil {
				return err
			}
		}
		return nil
	})
}

func regNotOpen(id int64) func() error {
	return func() error {
		return gdprkit.Errorf(gdprkit.ECONFLICT, "register.questionnaire.not_open", nil, "register: questionnaire %d is not open", id)
	}
}
