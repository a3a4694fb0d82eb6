package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/imports"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// UploadStore implements imports.Store.
type UploadStore struct {
	db *DB
	// Jobs enqueues the import job inside QueueUpload's transaction.
	Jobs jobs.Enqueuer
}

// NewUploadStore returns the upload store of db.
func NewUploadStore(db *DB) *UploadStore { return &UploadStore{db: db} }

var _ imports.Store = (*UploadStore)(nil)

const uploadColumns = `id, created_at, created_by, status, dir, files, options, import_id, stage, done, total,
	error_key, error_args, started_at, finished_at, updated_at`

func scanUpload(r scanner) (*imports.Upload, error) {
	var u imports.Upload
	var created, updated int64
	var importID, started, finished sql.NullInt64
	var files, options, errArgs string
	err := r.Scan(&u.ID, &created, &u.CreatedBy, &u.Status, &u.Dir, &files, &options, &importID, &u.Progress.Stage,
		&u.Progress.Done, &u.Progress.Total, &u.ErrorKey, &errArgs, &started, &finished, &updated)
	if err != nil {
		return nil, err
	}
	u.CreatedAt, u.UpdatedAt, u.StartedAt, u.FinishedAt = msTime(created), msTime(updated), Time(started), Time(finished)
	u.ImportID = importID.Int64
	if err := json.Unmarshal([]byte(files), &u.Files); err != nil {
		return nil, fmt.Errorf("upload %d files: %w", u.ID, err)
	}
	if err := json.Unmarshal([]byte(options), &u.Options); err != nil {
		return nil, fmt.Errorf("upload %d options: %w", u.ID, err)
	}
	if err := json.Unmarshal([]byte(errArgs), &u.ErrorArgs); err != nil {
		return nil, fmt.Errorf("upload %d error: %w", u.ID, err)
	}
	return &u, nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "{}"
	}
	return string(b)
}

// CreateUpload records an upload and sets its ID and times.
func (s *UploadStore) CreateUpload(ctx context.Context, u *imports.Upload) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		u.CreatedAt, u.UpdatedAt = tx.Now, tx.Now
		files, err := json.Marshal(u.Files)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO uploads (created_at, created_by, status, dir, files, options, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			tx.Now.UnixMilli(), u.CreatedBy, u.Status, u.Dir, string(files), jsonText(u.Options), tx.Now.UnixMilli()).Scan(&u.ID)
	})
}

// Upload returns an upload.
func (s *UploadStore) Upload(ctx context.Context, id int64) (*imports.Upload, error) {
	u, err := scanUpload(s.db.QueryRow(ctx, `SELECT `+uploadColumns+` FROM uploads WHERE id = ?`, id))
	return u, NotFound(err, "imports.not_found")
}

// Uploads lists the latest uploads.
func (s *UploadStore) Uploads(ctx context.Context, limit int) ([]imports.Upload, error) {
	return s.list(ctx, `SELECT `+uploadColumns+` FROM uploads ORDER BY id DESC LIMIT ?`, limit)
}

func (s *UploadStore) list(ctx context.Context, query string, args ...any) ([]imports.Upload, error) {
	rows, err := s.db.Query(ctx, query, args...)
	out, err := collect(rows, err, deref(scanUpload))
	if err != nil {
		return nil, fmt.Errorf("list uploads: %w", err)
	}
	return out, nil
}

// notStartable is returned when an upload is not in a state that allows
// the change.
func notStartable(id int64) error {
	return gdprkit.Errorf(gdprkit.ECONFLICT, "imports.already_started", nil, "upload %d already started", id)
}

// SetUploadOptions changes the options while the upload waits to start.
func (s *UploadStore) SetUploadOptions(ctx context.Context, id int64, o imports.Options) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE uploads SET options = ?, updated_at = ? WHERE id = ? AND status IN (?, ?)`,
			jsonText(o), tx.Now.UnixMilli(), id, imports.Uploaded, imports.Failed)
		return affected(res, err, notStartable(id))
	})
}

// affected returns none when a statement changed no row.
func affected(res sql.Result, err, none error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return none
	}
	return nil
}

// QueueUpload marks the upload queued and enqueues job, atomically: the
// job exists if and only if the upload says it is queued.
func (s *UploadStore) QueueUpload(ctx context.Context, id int64, job jobs.Job) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE uploads SET status = ?, error_key = '', error_args = '{}', stage = '', done = 0, total = 0,
			updated_at = ? WHERE id = ? AND status IN (?, ?)`, imports.Queued, tx.Now.UnixMilli(), id, imports.Uploaded, imports.Failed)
		if err := affected(res, err, notStartable(id)); err != nil {
			return err
		}
		if err := recordTx(ctx, tx, auditEntry("imported", "upload", fmt.Sprint(id), `{"queued":true}`)); err != nil {
			return err
		}
		return s.Jobs.EnqueueTx(ctx, tx.Tx, job)
	})
}

// StartUpload marks a queued upload running.
func (s *UploadStore) StartUpload(ctx context.Context, id int64) (bool, error) {
	var ok bool
	err := s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE uploads SET status = ?, started_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
			imports.Running, tx.Now.UnixMilli(), tx.Now.UnixMilli(), id, imports.Queued)
		ok = affected(res, err, errNoRow) == nil
		if err != nil {
			return err
		}
		return nil
	})
	return ok, err
}

var errNoRow = errors.New("no row")

// SetProgress records a running import's progress.
func (s *UploadStore) SetProgress(ctx context.Context, id int64, p imports.Progress) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE uploads SET stage = ?, done = ?, total = ?, updated_at = ? WHERE id = ? AND status = ?`,
			p.Stage, p.Done, p.Total, tx.Now.UnixMilli(), id, imports.Running)
		return err
	})
}

// FinishUpload records how the import ended.
func (s *UploadStore) FinishUpload(ctx context.Context, id, importID int64, errKey string, errArgs map[string]any) error {
	status := imports.Done
	if errKey != "" {
		status = imports.Failed
	}
	return s.db.InTx(ctx, func(tx *Tx) error {
		// A finished import's files are removed right after: its folder
		// is forgotten here.
		_, err := tx.Exec(ctx, `UPDATE uploads SET status = ?, import_id = ?, error_key = ?, error_args = ?, finished_at = ?, updated_at = ?,
			dir = CASE WHEN ? = 'done' THEN '' ELSE dir END WHERE id = ?`,
			status, nullInt(importID), errKey, jsonText(errArgs), tx.Now.UnixMilli(), tx.Now.UnixMilli(), status, id)
		return err
	})
}

// AbandonedUploads lists uploads that failed or were never started, last
// changed before before, whose files are still there.
func (s *UploadStore) AbandonedUploads(ctx context.Context, before time.Time) ([]imports.Upload, error) {
	return s.list(ctx, `SELECT `+uploadColumns+` FROM uploads WHERE status IN (?, ?) AND dir <> '' AND updated_at < ? ORDER BY id`,
		imports.Uploaded, imports.Failed, before.UnixMilli())
}

// FailStale fails running uploads not updated since before.
func (s *UploadStore) FailStale(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE uploads SET status = ?, error_key = 'imports.interrupted', finished_at = ?, updated_at = ?
			WHERE status = ? AND updated_at < ?`, imports.Failed, tx.Now.UnixMilli(), tx.Now.UnixMilli(), imports.Running, before.UnixMilli())
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	return n, err
}

// DropFiles records that an upload's files were removed: an upload never
// started is forgotten; a failed one keeps its record without files.
func (s *UploadStore) DropFiles(ctx context.Context, id int64) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM uploads WHERE id = ? AND status = ?`, id, imports.Uploaded); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE uploads SET dir = '' WHERE id = ?`, id)
		return err
	})
}
