package jobs

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/riverqueue/river"

	"github.com/gdprkit/gdprkit"
)

// queueImports prefixes each instance's import queue. Imports run one at
// a time per instance: an import already uses both cores of a small
// server, and on SQLite the database has one writer anyway.
const queueImports = "imports"

// InsertOpts: an import is one transaction, so a failed attempt leaves
// nothing behind; it is not retried automatically because the person who
// started it sees the failure and can start it again from the page.
// EnqueueTx puts it on the queue of the instance holding the files.
func (ImportArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1}
}

// InsertOpts makes the cleanup unique per period, so instances never
// stack cleanups.
func (CleanupArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByPeriod: CleanupEvery}}
}

// InsertOpts makes the checkpoint unique per period.
func (CheckpointArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: CheckpointEvery}}
}

// InsertOpts makes the consent maintenance unique per period.
func (ConsentMaintenanceArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 3, UniqueOpts: river.UniqueOpts{ByPeriod: ConsentMaintenanceEvery}}
}

func periodic() []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(CleanupEvery),
		func() (river.JobArgs, *river.InsertOpts) { return CleanupArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true, ID: "cleanup"}),
		river.NewPeriodicJob(river.PeriodicInterval(CheckpointEvery),
			func() (river.JobArgs, *river.InsertOpts) { return CheckpointArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "ledger_checkpoint"}),
		river.NewPeriodicJob(river.PeriodicInterval(ConsentMaintenanceEvery),
			func() (river.JobArgs, *river.InsertOpts) { return ConsentMaintenanceArgs{}, nil },
			&river.PeriodicJobOpts{RunOnStart: true, ID: "consent_maintenance"}),
		campaignPeriodic(),
	}
}

// workers holds the feature services, set when the queue starts.
type workers struct {
	mu sync.RWMutex
	ws Workers
}

func (w *workers) set(ws Workers) {
	w.mu.Lock()
	w.ws = ws
	w.mu.Unlock()
}

func (w *workers) get() Workers {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.ws
}

func (w *workers) river() *river.Workers {
	ws := river.NewWorkers()
	river.AddWorker(ws, &importWorker{w: w})
	river.AddWorker(ws, &cleanupWorker{w: w})
	river.AddWorker(ws, &checkpointWorker{w: w})
	river.AddWorker(ws, &consentMaintenanceWorker{w: w})
	river.AddWorker(ws, &campaignSendWorker{w: w})
	river.AddWorker(ws, &campaignTickWorker{w: w})
	return ws
}

var errNotConfigured = errors.New("jobs: worker not configured")

type importWorker struct {
	river.WorkerDefaults[ImportArgs]
	w *workers
}

// Timeout lets an import of millions of rows run to its end.
func (*importWorker) Timeout(*river.Job[ImportArgs]) time.Duration { return 6 * time.Hour }

func (iw *importWorker) Work(ctx context.Context, job *river.Job[ImportArgs]) error {
	im := iw.w.get().Importer
	if im == nil {
		return errNotConfigured
	}
	return final(im.RunImport(ctx, job.Args.UploadID))
}

type cleanupWorker struct {
	river.WorkerDefaults[CleanupArgs]
	w *workers
}

func (cw *cleanupWorker) Work(ctx context.Context, _ *river.Job[CleanupArgs]) error {
	c := cw.w.get().Cleaner
	if c == nil {
		return errNotConfigured
	}
	return c.Cleanup(ctx)
}

type checkpointWorker struct {
	river.WorkerDefaults[CheckpointArgs]
	w *workers
}

func (cw *checkpointWorker) Work(ctx context.Context, _ *river.Job[CheckpointArgs]) error {
	if c := cw.w.get().Checkpointer; c != nil {
		return c.Checkpoint(ctx)
	}
	return nil
}

type consentMaintenanceWorker struct {
	river.WorkerDefaults[ConsentMaintenanceArgs]
	w *workers
}

func (mw *consentMaintenanceWorker) Work(ctx context.Context, _ *river.Job[ConsentMaintenanceArgs]) error {
	if m := mw.w.get().ConsentMaintainer; m != nil {
		return m.Maintain(ctx)
	}
	return nil
}

// final cancels jobs whose error says the input itself is wrong: running
// them again would fail again.
func final(err error) error {
	switch gdprkit.ErrorCode(err) {
	case gdprkit.EINVALID, gdprkit.ENOTFOUND, gdprkit.EFORBIDDEN:
		return river.JobCancel(err)
	}
	return err
}
