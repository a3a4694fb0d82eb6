package jobs

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // River's own connection to the SQLite file
)

// Queue is the job queue: a River client that works jobs and one that
// inserts them inside gdprkit's database/sql transactions.
type Queue struct {
	work    interface{ Start(context.Context) error }
	stop    func(context.Context) error
	insert  *river.Client[*sql.Tx]
	workers *workers
	closeDB func() error
	local   string // this instance's import queue
}

// Instance names an instance of gdprkit for its own import queue: uploaded
// files are on its disk, so their import must run there. Use something
// stable across restarts, such as the host name and data directory.
func localQueue(instance string) string {
	sum := sha256.Sum256([]byte(instance))
	return queueImports + "_" + hex.EncodeToString(sum[:6])
}

// Workers are the feature services the queue's workers call. Set them
// before Start.
type Workers struct {
	Importer Importer
	Cleaner  Cleaner
	// Checkpointer and ConsentMaintainer run the consent feature's
	// periodic jobs; without them those jobs do nothing.
	Checkpointer      Checkpointer
	ConsentMaintainer ConsentMaintainer
	// CampaignSender and CampaignTicker run campaigns; nil on an instance
	// that sends none.
	CampaignSender CampaignSender
	CampaignTicker CampaignTicker
}

// config is River's configuration for gdprkit. MaxWorkers and the fetch
// cool-down follow stack.md §3.3's measurements; one import at a time per
// instance keeps SQLite's single writer and the memory in check.
func config(w *workers, logger *slog.Logger, local string) *river.Config {
	return &river.Config{
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: 20},
			local:              {MaxWorkers: 1},
			queueCampaigns:     {MaxWorkers: CampaignConnections},
		},
		Workers:       w.river(),
		PeriodicJobs:  periodic(),
		FetchCooldown: 50 * time.Millisecond,
		JobTimeout:    10 * time.Minute,
		// At shutdown a running import gets this long to commit; then
		// its context is cancelled, its transaction rolls back and the
		// upload can be started again.
		SoftStopTimeout: 20 * time.Second,
		Logger:          logger,
		MaxAttempts:     3,
	}
}

// OpenSQLite opens the queue on the SQLite file at path, with River's own
// pool of one connection (riversqlite's advice), BEGIN IMMEDIATE and a busy
// timeout, then runs River's migrations.
func OpenSQLite(ctx context.Context, path, instance string, logger *slog.Logger) (*Queue, error) {
	file := (&url.URL{Path: path}).EscapedPath()
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(30000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("jobs: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	logger = sqliteLogger(logger)
	driver := riversqlite.New(db)
	if err := migrate(ctx, driver); err != nil {
		db.Close()
		return nil, err
	}
	w, local := &workers{}, localQueue(instance)
	client, err := river.NewClient(driver, config(w, logger, local))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{work: client, stop: client.Stop, insert: client, workers: w, closeDB: db.Close, local: local}, nil
}

// OpenPostgres opens the queue on PostgreSQL: riverpgxv5 on the pgx pool
// works the jobs; riverdatabasesql on db (the same pool through
// database/sql) inserts them inside gdprkit's transactions.
func OpenPostgres(ctx context.Context, pool *pgxpool.Pool, db *sql.DB, instance string, logger *slog.Logger) (*Queue, error) {
	logger = logger.With("component", "river")
	driver := riverpgxv5.New(pool)
	if err := migratePostgres(ctx, pool, driver); err != nil {
		return nil, err
	}
	w, local := &workers{}, localQueue(instance)
	client, err := river.NewClient(driver, config(w, logger, local))
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	insert, err := river.NewClient(riverdatabasesql.New(db), &river.Config{Logger: logger})
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{work: client, stop: client.Stop, insert: insert, workers: w, closeDB: func() error { return nil }, local: local}, nil
}

// migrate runs River's own migrations on SQLite, after goose has run
// gdprkit's. One instance serves a SQLite file, so nothing else races it.
func migrate(ctx context.Context, driver *riversqlite.Driver) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// migrationLock serialises River's migrations when several instances
// start at once on one PostgreSQL database.
const migrationLock = 7244500871235

// migratePostgres runs River's migrations while holding a session advisory
// lock on a connection of its own, so instances starting together take
// turns. River runs some migrations outside a transaction, so they cannot
// share one.
func migratePostgres(ctx context.Context, pool *pgxpool.Pool, driver *riverpgxv5.Driver) error {
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrations: %w", err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck // released with the session anyway
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// Start starts working jobs with ws.
func (q *Queue) Start(ctx context.Context, ws Workers) error {
	q.workers.set(ws)
	return q.work.Start(ctx)
}

// Stop waits for running jobs to finish, or for ctx to end, then closes
// River's connection.
func (q *Queue) Stop(ctx context.Context) error {
	return errors.Join(q.stop(ctx), q.closeDB())
}

// EnqueueTx inserts job inside tx.
func (q *Queue) EnqueueTx(ctx context.Context, tx *sql.Tx, job Job) error {
	args, ok := job.(river.JobArgs)
	if !ok {
		return fmt.Errorf("jobs: %T is not a job", job)
	}
	var opts *river.InsertOpts
	if _, ok := job.(ImportArgs); ok {
		// The uploaded files are on this instance's disk.
		opts = &river.InsertOpts{Queue: q.local}
	}
	if _, err := q.insert.InsertTx(ctx, tx, args, opts); err != nil {
		return fmt.Errorf("jobs: enqueue %s: %w", job.Kind(), err)
	}
	return nil
}

var _ Enqueuer = (*Queue)(nil)
