package register

import "context"

// Store is the storage the register needs; internal/store/sqlstore
// implements it for SQLite and PostgreSQL.
//
// Every write takes the Change describing it and records it, with the
// transaction's time and the actor from ctx, in the same transaction.
// Updates and deletions carry the version the caller read: when another
// write came first, they fail with ECONFLICT ("register.error.stale")
// instead of silently overwriting it, which also keeps the recorded diff
// exact.
type Store interface {
	// Organisation returns page 1 of the register; a zero Organisation
	// when none was saved yet.
	Organisation(ctx context.Context) (*Organisation, error)
	SaveOrganisation(ctx context.Context, o *Organisation, ch *Change) error

	Vendors(ctx context.Context) ([]*Vendor, error)
	Vendor(ctx context.Context, id int64) (*Vendor, error)
	// CreateVendor sets v.ID, the times and Version 1.
	CreateVendor(ctx context.Context, v *Vendor, ch *Change) error
	UpdateVendor(ctx context.Context, v *Vendor, ch *Change) error
	// DeleteVendor fails with ECONFLICT ("register.error.vendor_in_use")
	// while an activity, a collection method or another vendor refers to it.
	DeleteVendor(ctx context.Context, id int64, version int, ch *Change) error
	// SaveVendors creates (ID 0) and updates vendors in one transaction:
	// all of them or none. Creations are applied first, so later vendors
	// may link to earlier new ones through their IDs, which it sets.
	SaveVendors(ctx context.Context, vs []*Vendor, chs []*Change) error

	Activities(ctx context.Context) ([]*Activity, error)
	Activity(ctx context.Context, id int64) (*Activity, error)
	CreateActivity(ctx context.Context, a *Activity, ch *Change) error
	UpdateActivity(ctx context.Context, a *Activity, ch *Change) error
	DeleteActivity(ctx context.Context, id int64, version int, ch *Change) error

	Methods(ctx context.Context) ([]*CollectionMethod, error)
	Method(ctx context.Context, id int64) (*CollectionMethod, error)
	CreateMethod(ctx context.Context, m *CollectionMethod, ch *Change) error
	UpdateMethod(ctx context.Context, m *CollectionMethod, ch *Change) error
	DeleteMethod(ctx context.Context, id int64, version int, ch *Change) error

	// Questionnaires lists the questionnaires of a vendor, newest first,
	// with their answers; vendorID 0 lists all.
	Questionnaires(ctx context.Context, vendorID int64) ([]*Questionnaire, error)
	Questionnaire(ctx context.Context, id int64) (*Questionnaire, error)
	// QuestionnaireByToken returns the questionnaire whose link token
	// hashes to hash, with its answers.
	QuestionnaireByToken(ctx context.Context, hash []byte) (*Questionnaire, error)
	// CreateQuestionnaire sets q.ID and q.CreatedAt; q.TokenHash is stored.
	CreateQuestionnaire(ctx context.Context, q *Questionnaire, ch *Change) error
	RevokeQuestionnaire(ctx context.Context, id int64, ch *Change) error
	// RecordChange records a change that touches no entry, such as a
	// questionnaire link e-mailed.
	RecordChange(ctx context.Context, ch *Change) error
	// AnswerQuestionnaire stores the answers, marks the questionnaire
	// answered (only if it is still "sent") and saves the vendor they
	// updated, in one transaction.
	AnswerQuestionnaire(ctx context.Context, q *Questionnaire, v *Vendor, chs []*Change) error

	Changes(ctx context.Context, f ChangeFilter) ([]Change, error)

	// Secret returns the secret stored under name, storing candidate
	// first when there is none. Every instance sharing the database then
	// signs and checks links with the same key.
	Secret(ctx context.Context, name string, candidate []byte) ([]byte, error)
}
