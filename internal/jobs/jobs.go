// Package jobs runs gdprkit's background work on River, and is the only
// package that sees River's types (stack.md §3.3).
//
// Features describe work as Job values (ImportArgs, CleanupArgs) and hand
// them to an Enqueuer inside their own database transaction, so a job
// exists if and only if the write that asked for it committed. Workers
// call the features back through the one-method interfaces declared here
// (Importer, Cleaner); cmd/gdprkit plugs the services in.
package jobs

import (
	"context"
	"database/sql"
	"time"
)

// Job is the arguments of one job. Its kind names the worker that runs it.
type Job interface {
	Kind() string
}

// Enqueuer inserts jobs inside a caller's database/sql transaction.
type Enqueuer interface {
	EnqueueTx(ctx context.Context, tx *sql.Tx, job Job) error
}

// ImportArgs runs the import of a file upload.
type ImportArgs struct {
	UploadID int64 `json:"upload_id"`
}

// Kind implements Job.
func (ImportArgs) Kind() string { return "gdprkit.import" }

// CleanupArgs removes expired sessions, one-time links, throttle entries
// and abandoned uploads. It runs every CleanupEvery.
type CleanupArgs struct{}

// Kind implements Job.
func (CleanupArgs) Kind() string { return "gdprkit.cleanup" }

// CleanupEvery is how often CleanupArgs runs.
const CleanupEvery = 15 * time.Minute

// CheckpointArgs signs a checkpoint of the consent ledger (when it moved
// since the last). It runs every CheckpointEvery; imports sign one when
// they commit.
type CheckpointArgs struct{}

// Kind implements Job.
func (CheckpointArgs) Kind() string { return "gdprkit.ledger_checkpoint" }

// CheckpointEvery is how often CheckpointArgs runs.
const CheckpointEvery = time.Hour

// ConsentMaintenanceArgs is the consent feature's daily work: a ledger
// checkpoint, the rotation of the link-signing key when due, forgetting
// spent tokens, expired keys and past rate-limit windows.
type ConsentMaintenanceArgs struct{}

// Kind implements Job.
func (ConsentMaintenanceArgs) Kind() string { return "gdprkit.consent_maintenance" }

// ConsentMaintenanceEvery is how often ConsentMaintenanceArgs runs.
const ConsentMaintenanceEvery = 24 * time.Hour

// Checkpointer signs a ledger checkpoint (consent.Ledger).
type Checkpointer interface {
	Checkpoint(ctx context.Context) error
}

// ConsentMaintainer does the consent feature's periodic work.
type ConsentMaintainer interface {
	Maintain(ctx context.Context) error
}

// Importer runs an upload's import (imports.Service).
type Importer interface {
	RunImport(ctx context.Context, uploadID int64) error
}

// Cleaner removes what has expired.
type Cleaner interface {
	Cleanup(ctx context.Context) error
}
