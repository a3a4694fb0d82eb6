package contacts

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
)

// Store is the storage the contacts feature needs. One implementation per
// database dialect lives under internal/store.
type Store interface {
	// BeginImport opens the single transaction an import is written in:
	// either all of it lands, or none of it.
	BeginImport(ctx context.Context, imp *Import) (ImportWriter, error)
	// ContactByKey returns the contact with the normalised address key.
	ContactByKey(ctx context.Context, key string) (*Contact, error)
	// ContactHistory returns where a contact came from and its consent events.
	ContactHistory(ctx context.Context, id int64) ([]Source, []Event, error)
	// Imports lists imports, newest first.
	Imports(ctx context.Context, limit int) ([]Import, error)
	// FilesBySHA256 returns earlier imported files with this content.
	FilesBySHA256(ctx context.Context, sha256 string) ([]ImportFile, error)
	// LogAccess records in the audit trail that personal data was viewed,
	// changed or exported.
	LogAccess(ctx context.Context, e Access) error
	MappingStore
}

// ImportWriter writes one import inside one transaction.
type ImportWriter interface {
	// Fresh reports whether the base held no contacts when the import
	// began: every address is then new and no lookup is needed.
	Fresh() bool
	// AddFile records a file of the import and sets f.ID.
	AddFile(ctx context.Context, f *ImportFile) error
	// FinishFile stores what is known once the file is read: its hash,
	// its final encoding and its row counts.
	FinishFile(ctx context.Context, f *ImportFile) error
	// Known returns the contacts already in the base among keys.
	Known(ctx context.Context, keys []string) (map[string]Known, error)
	// History returns the stored observations of contacts, by id, so they
	// can be classified again with new rows.
	History(ctx context.Context, ids []int64) (map[int64]*History, error)
	// Write stores a batch: new contacts get their ID set.
	Write(ctx context.Context, b *Batch) error
	// Reject records rows that could not be used.
	Reject(ctx context.Context, rs []Reject) error
	// Commit finishes the import: it seals the ledger block with seal and
	// commits. Nothing is visible to others before.
	Commit(ctx context.Context, imp *Import, seal func(prev consent.Hash, seq int64) consent.Hash) error
	// Rollback abandons the import.
	Rollback() error
}

// Import is one run of an import over one or several files.
type Import struct {
	ID         int64
	CreatedAt  time.Time
	FinishedAt time.Time
	Actor      string
	Status     string // running, done
	Options    string // JSON
	RowsRead   int
	Rejected   int
	New        int
	Updated    int
	Unchanged  int
	Events     int
	Summary    string // JSON audit summary
	// Ledger block of the import, filled by the writer.
	BlockID   int64
	BlockLast consent.Hash
}

// ImportFile is one file of an import.
type ImportFile struct {
	ID         int64
	ImportID   int64
	Name       string
	SHA256     string
	Size       int64
	Format     string
	Encoding   string
	Delimiter  string
	List       string
	FileStatus string
	Mapping    string // JSON
	Rows       int
	Rejected   int
	ImportedAt time.Time // set when read back
}

// Reject is a row that could not be used.
type Reject struct {
	FileID int64
	File   string
	Line   int
	Column string
	Code   string
	Detail string
}

// Known is a contact already in the base, with its current verdict.
type Known struct {
	ID             int64
	RowHashes      []RowHash
	Status         Status
	Reasons        []Reason
	ConsentAt      time.Time
	ConsentChannel string
	Purposes       string
}

// RowHash identifies the content of a source row.
type RowHash [16]byte

// History is what the base holds about a contact, enough to classify it
// again when new rows arrive.
type History struct {
	Contact Contact
	Sources []Source
	Events  []Event
}

// Batch is a set of contacts written together.
type Batch struct {
	New     []*NewContact
	Updates []*Update
}

// Contact is a person in the base.
type Contact struct {
	ID         int64
	Key        string
	Email      string
	Variant    string
	FirstName  string
	LastName   string
	Name       string
	Language   string
	Phone      string
	Attributes string // JSON object
	Status     Status
	Reasons    []Reason
	ConsentAt  time.Time
	// ConsentChannel is the channel of the evidence that decided Status.
	ConsentChannel string
	Purposes       string // JSON array of per-purpose assessments
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// NewContact is a contact to create with its first source and events.
type NewContact struct {
	Contact Contact
	Source  Source
	Events  []Event
	// Verdicts is the state of each purpose, for consent_state.
	Verdicts []Verdict
}

// Update adds a source and events to an existing contact and refreshes its
// fields and verdict.
type Update struct {
	Contact Contact // ID set; fields to store
	Source  *Source // nil when the row was already known
	Events  []Event
	// Verdicts, when set, replace the state of each purpose in
	// consent_state (only on a contact's last update of a batch).
	Verdicts []Verdict
}

// Source is where a contact came from: one file row.
type Source struct {
	ID        int64
	ImportID  int64
	FileID    int64
	File      string // read back: file name
	Format    string // read back
	Line      int
	RowHash   RowHash
	AddedAt   time.Time
	ChangedAt time.Time
	Raw       string
}

// Event is a consent event as stored in the ledger.
type Event struct {
	ID         int64
	BlockID    int64
	Purpose    string
	Action     string
	OccurredAt time.Time
	RecordedAt time.Time // read back: the block's time
	Channel    string
	Source     string
	LegalBasis string
	Commitment consent.Hash
	Hash       consent.Hash
	Personal   consent.Personal
	Salt       []byte
	SourceID   int64 // the contact_sources row it was read from; 0 for events recorded by gdprkit itself
	ImportID   int64
}

// Access is an audit-trail entry.
type Access struct {
	Action     string // viewed, changed, exported, imported
	ObjectType string // contact, import, contacts
	ObjectID   string
	Detail     string // JSON, never personal data beyond ids
	Remote     string
}
