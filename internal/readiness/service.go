package readiness

import (
	"context"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/settings"
)

// Store is the storage readiness reads and writes.
type Store interface {
	// Facts counts the base through indexes (stack.md §5.2).
	Facts(ctx context.Context) (Facts, error)
	// Version changes whenever an import finishes: contacts change only
	// through imports, so counts stay true until it changes. It reads the
	// small imports table only.
	Version(ctx context.Context) (string, error)
	Ticks(ctx context.Context) ([]Tick, error)
	// SetTick ticks (done) or unticks an item; the actor comes from ctx.
	SetTick(ctx context.Context, t Tick, done bool) error
	// ClosedCampaigns counts the campaigns past their deadline; read on
	// every evaluation (a small table, changed by the campaign engine).
	ClosedCampaigns(ctx context.Context) (int, error)
}

// Service evaluates the plan. Counting a million contacts by status takes
// tens to hundreds of milliseconds, so the counts are kept until an import
// finishes (on any instance: Version tells), and at most TTL as a safety
// net. Settings and ticks are always read fresh.
type Service struct {
	Store    Store
	Settings settings.Store
	// Register, when set, gives the state of the registers; it is read
	// on every evaluation (registers are small and change often).
	Register interface {
		Status(ctx context.Context) (register.Status, error)
	}
	TTL time.Duration
	Now func() time.Time

	mu      sync.Mutex
	facts   Facts
	version string
	factsAt time.Time
}

// New returns a service whose counts live at most ten minutes.
func New(st Store, s settings.Store) *Service {
	return &Service{Store: st, Settings: s, TTL: 10 * time.Minute, Now: time.Now}
}

// Evaluate returns the plan with the state of every item.
func (s *Service) Evaluate(ctx context.Context) (Evaluated, error) {
	facts, err := s.cachedFacts(ctx)
	if err != nil {
		return Evaluated{}, err
	}
	ticks, err := s.Store.Ticks(ctx)
	if err != nil {
		return Evaluated{}, err
	}
	return Evaluate(facts, ticks), nil
}

func (s *Service) cachedFacts(ctx context.Context) (Facts, error) {
	version, err := s.Store.Version(ctx)
	if err != nil {
		return Facts{}, err
	}
	f, err := s.counts(ctx, version)
	if err != nil {
		return Facts{}, err
	}
	st, err := settings.Load(ctx, s.Settings, "", "")
	if err != nil {
		return Facts{}, err
	}
	f.DPOSet = st.DPOSet()
	if f.CampaignsClosed, err = s.Store.ClosedCampaigns(ctx); err != nil {
		return Facts{}, err
	}
	if s.Register != nil {
		rs, err := s.Register.Status(ctx)
		if err != nil {
			return Facts{}, err
		}
		f.Register = &rs
	}
	return f, nil
}

func (s *Service) counts(ctx context.Context, version string) (Facts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.factsAt.IsZero() && version == s.version && s.Now().Sub(s.factsAt) < s.TTL {
		return s.facts, nil
	}
	f, err := s.Store.Facts(ctx)
	if err != nil {
		return Facts{}, err
	}
	s.facts, s.version, s.factsAt = f, version, s.Now()
	return f, nil
}

// Invalidate drops the cached counts.
func (s *Service) Invalidate() {
	s.mu.Lock()
	s.factsAt = time.Time{}
	s.mu.Unlock()
}

// SetTick ticks or unticks a checklist item; name is the user's display
// name, kept with the tick.
func (s *Service) SetTick(ctx context.Context, action, item, name string, done bool) error {
	_, it, ok := Lookup(action, item)
	if !ok || it.Kind != Check {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, "plan.item_unknown", nil, "no checklist item %s.%s", action, item)
	}
	return s.Store.SetTick(ctx, Tick{Action: action, Item: item, Name: name}, done)
}
