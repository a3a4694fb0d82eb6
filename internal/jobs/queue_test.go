package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// importer records the uploads it is asked to import.
type importer struct {
	mu   sync.Mutex
	ids  []int64
	seen chan int64
}

func (im *importer) RunImport(_ context.Context, id int64) error {
	im.mu.Lock()
	im.ids = append(im.ids, id)
	im.mu.Unlock()
	im.seen <- id
	return nil
}

type cleaner struct{}

func (cleaner) Cleanup(context.Context) error { return nil }

func open(t *testing.T, dialect string) (*store.Stores, *jobs.Queue) {
	t.Helper()
	dsn := storetest.DSN(t, dialect)
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var q *jobs.Queue
	if st.PG != nil {
		q, err = jobs.OpenPostgres(ctx, st.PG.Pool, st.DB.Write, "test", log)
	} else {
		q, err = jobs.OpenSQLite(ctx, dsn, "test", log)
	}
	if err != nil {
		t.Fatal(err)
	}
	return st, q
}

// TestEnqueueInTransaction checks that a job exists if and only if the
// transaction that enqueued it committed, on both databases.
func TestEnqueueInTransaction(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			if d == "postgres" {
				storetest.PostgresURL(t)
			}
			st, q := open(t, d)
			im := &importer{seen: make(chan int64, 4)}
			ctx, cancel := context.WithCancel(context.Background())
			if err := q.Start(ctx, jobs.Workers{Importer: im, Cleaner: cleaner{}}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				cancel()
				stop, done := context.WithTimeout(context.Background(), 10*time.Second)
				defer done()
				q.Stop(stop) //nolint:errcheck // the test is over
			})
			enqueue := func(id int64, commit bool) {
				err := st.DB.InTx(ctx, func(tx *sqlstore.Tx) error {
					if err := q.EnqueueTx(ctx, tx.Tx, jobs.ImportArgs{UploadID: id}); err != nil {
						return err
					}
					if !commit {
						return errors.New("roll back")
					}
					return nil
				})
				if commit && err != nil {
					t.Fatal(err)
				}
			}
			enqueue(1, false)
			enqueue(2, true)
			select {
			case id := <-im.seen:
				if id != 2 {
					t.Errorf("worked upload %d, want 2", id)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("the job did not run within 30 s")
			}
			time.Sleep(500 * time.Millisecond)
			im.mu.Lock()
			defer im.mu.Unlock()
			if len(im.ids) != 1 {
				t.Errorf("worked %v, want only the committed job", im.ids)
			}
		})
	}
}
