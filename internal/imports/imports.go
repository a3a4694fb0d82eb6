// Package imports runs imports started from the web application: files are
// uploaded to the data directory, previewed (format, encoding, delimiter,
// column mapping on the first rows), corrected, then imported by a
// background job that calls the same contacts.Importer as the command
// line, so both give the same results at the same speed. Progress is
// written to the database so that every instance can show it.
package imports

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/jobs"
)

// Upload statuses.
const (
	Uploaded = "uploaded" // files saved, waiting for the person to start
	Queued   = "queued"   // the job is waiting for a worker
	Running  = "running"
	Done     = "done"
	Failed   = "failed"
)

// Upload is a set of files uploaded together, and the job importing them.
type Upload struct {
	ID        int64
	CreatedAt time.Time
	CreatedBy string // actor
	Status    string
	Dir       string // relative to the uploads folder
	Files     []File
	Options   Options
	ImportID  int64
	Progress  Progress
	ErrorKey  string
	ErrorArgs map[string]any
	StartedAt time.Time
	// FinishedAt is when the job ended, in success or failure.
	FinishedAt time.Time
	UpdatedAt  time.Time
}

// File is one uploaded file.
type File struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// Options steer reading, as the command line's flags do.
type Options struct {
	Format   string `json:"format,omitempty"`   // forced format; empty detects
	Mapping  string `json:"mapping,omitempty"`  // esp.Mapping in ParseMapping syntax
	Timezone string `json:"timezone,omitempty"` // zone of times without an offset
}

// Progress is how far a running import is.
type Progress struct {
	Stage string // "read" while rows are read
	Done  int64  // bytes read
	Total int64  // bytes to read
}

// Share returns the fraction done, 0..1.
func (p Progress) Share() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(float64(p.Done)/float64(p.Total), 1)
}

// Store keeps uploads.
type Store interface {
	CreateUpload(ctx context.Context, u *Upload) error
	Upload(ctx context.Context, id int64) (*Upload, error)
	// Uploads lists the latest uploads, newest first.
	Uploads(ctx context.Context, limit int) ([]Upload, error)
	// SetUploadOptions changes the options of an upload not started yet.
	SetUploadOptions(ctx context.Context, id int64, o Options) error
	// QueueUpload marks an uploaded or failed upload queued and enqueues
	// job in the same transaction.
	QueueUpload(ctx context.Context, id int64, job jobs.Job) error
	// StartUpload marks a queued upload running; false if it was not
	// queued (another worker took it, or it was withdrawn).
	StartUpload(ctx context.Context, id int64) (bool, error)
	SetProgress(ctx context.Context, id int64, p Progress) error
	// FinishUpload records the outcome: the import on success, an error
	// key and arguments on failure.
	FinishUpload(ctx context.Context, id int64, importID int64, errKey string, errArgs map[string]any) error
	// AbandonedUploads lists uploads whose files may be removed: finished
	// or never started, and last changed before the time given.
	AbandonedUploads(ctx context.Context, before time.Time) ([]Upload, error)
	// FailStale marks uploads running without progress since before as
	// failed (their instance stopped).
	FailStale(ctx context.Context, before time.Time) (int64, error)
	// DropFiles records that an upload's files were removed; an upload
	// never started is forgotten.
	DropFiles(ctx context.Context, id int64) error
}
