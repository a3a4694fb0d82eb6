package register

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit"
)

// Service is what the web application and the command line call. Each
// write validates, computes the field-level diff against what was read,
// and hands both to the Store, which records them in one transaction.
type Service struct {
	Store Store
	// Now is the clock; tests replace it.
	Now func() time.Time
	// LinkTTL is how long a questionnaire link stays valid.
	LinkTTL time.Duration
	// Secret signs questionnaire links. When nil, the service uses the
	// key stored in the database, creating it from crypto/rand on first
	// use.
	Secret []byte
	// Mail e-mails questionnaire links; nil when no SMTP server is
	// configured.
	Mail *Mail

	secretMu sync.Mutex
}

// DefaultLinkTTL gives a vendor a month to answer.
const DefaultLinkTTL = 30 * 24 * time.Hour

// NewService returns a service over st with the real clock.
func NewService(st Store) *Service {
	return &Service{Store: st, Now: time.Now, LinkTTL: DefaultLinkTTL}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Snapshot loads the whole register and derives everything at the
// current time. Registers hold dozens to hundreds of entries, so pages
// read from one snapshot rather than from many narrow queries: every
// derived value (risk, transfers, completeness) is then computed one way.
func (s *Service) Snapshot(ctx context.Context) (*Snapshot, error) {
	org, err := s.Store.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	vs, err := s.Store.Vendors(ctx)
	if err != nil {
		return nil, err
	}
	as, err := s.Store.Activities(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := s.Store.Methods(ctx)
	if err != nil {
		return nil, err
	}
	return BuildSnapshot(org, vs, as, ms, s.now()), nil
}

// Status counts what the dashboard shows.
func (s *Service) Status(ctx context.Context) (Status, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return Status{}, err
	}
	qs, err := s.Store.Questionnaires(ctx, 0)
	if err != nil {
		return Status{}, err
	}
	open := 0
	for _, q := range qs {
		if q.State(snap.At) == StatusSent {
			open++
		}
	}
	return StatusOf(snap, open), nil
}

// History returns the changes of one entry (entity and id), or of the
// whole register when entity is empty, newest first.
func (s *Service) History(ctx context.Context, f ChangeFilter) ([]Change, error) {
	return s.Store.Changes(ctx, f)
}

// Organisation returns page 1 of the register.
func (s *Service) Organisation(ctx context.Context) (*Organisation, error) {
	return s.Store.Organisation(ctx)
}

// SaveOrganisation validates and saves page 1; o.Version is the version
// read.
func (s *Service) SaveOrganisation(ctx context.Context, o *Organisation) error {
	trimParty(&o.Controller)
	trimParty(&o.Representative)
	trimParty(&o.DPO)
	if err := o.Validate(); err != nil {
		return err
	}
	old, err := s.Store.Organisation(ctx)
	if err != nil {
		return err
	}
	ch, err := change(EntityOrganisation, ActionUpdated, 1, old, o)
	if err != nil {
		return err
	}
	return s.Store.SaveOrganisation(ctx, o, ch)
}

// change builds the history entry of a write.
func change(entity, action string, id int64, old, new any) (*Change, error) {
	fields, err := Diff(old, new)
	if err != nil {
		return nil, err
	}
	return &Change{Entity: entity, EntityID: id, Action: action, Fields: fields}, nil
}

// clone deep-copies a register entry through JSON, the same form the
// history compares.
func clone[T any](v *T) (*T, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("register: copy: %w", err)
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		return nil, fmt.Errorf("register: copy: %w", err)
	}
	return out, nil
}

func stale(entity string, id int64) error {
	return gdprkit.Errorf(gdprkit.ECONFLICT, "register.error.stale", nil, "register: %s %d changed since it was read", entity, id)
}

// checkVersion refuses a write based on an outdated read before any work
// is done; the store checks again inside its transaction.
func checkVersion(entity string, id int64, read, stored int) error {
	if read != stored {
		return stale(entity, id)
	}
	return nil
}
