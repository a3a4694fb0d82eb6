package imports

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

var _ interface {
	RunImport(context.Context, int64) error
} = (*Service)(nil)

// RunImport imports an upload: the job's work. It runs the same Importer
// as `gdprkit import`, acting as the person who started it.
func (s *Service) RunImport(ctx context.Context, id int64) error {
	ok, err := s.Store.StartUpload(ctx, id)
	if err != nil || !ok {
		return err
	}
	u, err := s.Store.Upload(ctx, id)
	if err != nil {
		return err
	}
	ctx = gdprkit.NewContext(ctx, parseActor(u.CreatedBy))
	res, err := s.run(ctx, u)
	if err != nil {
		return s.failed(u, err)
	}
	if err := s.Store.FinishUpload(ctx, id, res.Import.ID, "", nil); err != nil {
		return err
	}
	if err := os.RemoveAll(filepath.Join(s.Dir, u.Dir)); err != nil {
		slog.Warn("imports: remove upload folder", "upload", id, "err", err)
	}
	if s.Checkpoint != nil {
		if err := s.Checkpoint(ctx); err != nil {
			slog.Error("imports: ledger checkpoint after the import", "upload", id, "err", err)
		}
	}
	if s.Imported != nil {
		s.Imported()
	}
	return nil
}

func (s *Service) run(ctx context.Context, u *Upload) (*contacts.Result, error) {
	opts, err := s.options(u.Options)
	if err != nil {
		return nil, err
	}
	p := s.progress(ctx, u.ID)
	defer s.live.Delete(u.ID)
	im := &contacts.Importer{Store: s.Contacts, Now: time.Now, Lang: s.Lang, Progress: p, Suppression: s.Suppression}
	return im.Import(ctx, s.paths(u), opts)
}

// failed records why an import failed; the files stay so that it can be
// started again, until the cleanup removes them. The record is written
// with a fresh context: the job's may be the one that ended.
func (s *Service) failed(u *Upload, cause error) error {
	key, args := "imports.failed", map[string]any{}
	if e := gdprkit.AsError(cause); e != nil && e.Code != gdprkit.EINTERNAL {
		key, args = e.Key, e.Args
	} else if errors.Is(cause, context.Canceled) || errors.Is(cause, context.DeadlineExceeded) {
		key = "imports.interrupted"
	}
	slog.Error("imports: import failed", "upload", u.ID, "err", cause)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Store.FinishUpload(ctx, u.ID, 0, key, args); err != nil {
		return errors.Join(cause, err)
	}
	return cause
}

// parseActor reads back an actor written by Actor.String.
func parseActor(s string) gdprkit.Actor {
	kind, id, _ := strings.Cut(s, ":")
	return gdprkit.Actor{Kind: kind, ID: id}
}

// Cleanup removes the files of uploads that were never started or that
// failed a day ago, and fails imports whose instance stopped while they
// ran (no progress for an hour on PostgreSQL).
func (s *Service) Cleanup(ctx context.Context) error {
	now := s.now()
	if s.PersistProgress {
		if _, err := s.Store.FailStale(ctx, now.Add(-time.Hour)); err != nil {
			return err
		}
	}
	old, err := s.Store.AbandonedUploads(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	for _, u := range old {
		if err := os.RemoveAll(filepath.Join(s.Dir, u.Dir)); err != nil {
			return err
		}
		if err := s.Store.DropFiles(ctx, u.ID); err != nil {
			return err
		}
	}
	return nil
}

// Recover fails the imports a previous run of this instance left running:
// on SQLite no other instance can be running them.
func (s *Service) Recover(ctx context.Context) error {
	_, err := s.Store.FailStale(ctx, s.now().Add(time.Minute))
	return err
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}
