package register

import (
	"context"
	"sort"
)

// Methods returns every collection method with the rules' verdict, the
// unlawful first, then those needing action, then the rest, by name.
func (s *Service) Methods(ctx context.Context) ([]MethodView, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	SortByVerdict(snap.Methods)
	return snap.Methods, nil
}

// SortByVerdict orders methods from the most serious verdict.
func SortByVerdict(ms []MethodView) {
	rank := map[string]int{LevelUnlawful: 0, ActNow: 1, Document: 2}
	sort.SliceStable(ms, func(i, j int) bool {
		a, b := rank[ms[i].Check.Verdict], rank[ms[j].Check.Verdict]
		if a != b {
			return a < b
		}
		return ms[i].Method.Name < ms[j].Method.Name
	})
}

// Method returns one collection method with its findings.
func (s *Service) Method(ctx context.Context, id int64) (MethodView, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return MethodView{}, err
	}
	m, ok := snap.Method(id)
	if !ok {
		return MethodView{}, notFound(EntityMethod, id)
	}
	return m, nil
}

// CheckDraft runs the rules on a method being edited, before it is saved,
// so a form can show the findings as the user ticks safeguards.
func (s *Service) CheckDraft(ctx context.Context, m *CollectionMethod) (MethodCheck, error) {
	var p *Vendor
	if m.ProviderID != 0 {
		v, err := s.Store.Vendor(ctx, m.ProviderID)
		if err != nil {
			return MethodCheck{}, err
		}
		p = v
	}
	return CheckMethod(m, p), nil
}

// CreateMethod validates and stores a new collection method.
func (s *Service) CreateMethod(ctx context.Context, m *CollectionMethod) error {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	if err := s.checkMethodLinks(ctx, m); err != nil {
		return err
	}
	ch, err := change(EntityMethod, ActionCreated, 0, nil, m)
	if err != nil {
		return err
	}
	return s.Store.CreateMethod(ctx, m, ch)
}

// UpdateMethod validates and stores m; m.Version is the version read.
func (s *Service) UpdateMethod(ctx context.Context, m *CollectionMethod) error {
	m.Normalize()
	if err := m.Validate(); err != nil {
		return err
	}
	old, err := s.Store.Method(ctx, m.ID)
	if err != nil {
		return err
	}
	if err := checkVersion(EntityMethod, m.ID, m.Version, old.Version); err != nil {
		return err
	}
	if err := s.checkMethodLinks(ctx, m); err != nil {
		return err
	}
	ch, err := change(EntityMethod, ActionUpdated, m.ID, old, m)
	if err != nil {
		return err
	}
	return s.Store.UpdateMethod(ctx, m, ch)
}

// DeleteMethod deletes a collection method.
func (s *Service) DeleteMethod(ctx context.Context, id int64, version int) error {
	old, err := s.Store.Method(ctx, id)
	if err != nil {
		return err
	}
	if err := checkVersion(EntityMethod, id, version, old.Version); err != nil {
		return err
	}
	ch, err := change(EntityMethod, ActionDeleted, id, old, nil)
	if err != nil {
		return err
	}
	return s.Store.DeleteMethod(ctx, id, version, ch)
}

func (s *Service) checkMethodLinks(ctx context.Context, m *CollectionMethod) error {
	if m.ProviderID != 0 {
		known, err := s.vendorIDs(ctx)
		if err != nil {
			return err
		}
		if !known[m.ProviderID] {
			return invalid("register.error.unknown_vendor", "provider_id", map[string]any{"Value": m.ProviderID})
		}
	}
	if len(m.ActivityIDs) == 0 {
		return nil
	}
	as, err := s.Store.Activities(ctx)
	if err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, a := range as {
		known[a.ID] = true
	}
	for _, id := range m.ActivityIDs {
		if !known[id] {
			return invalid("register.error.unknown_activity", "activity_ids", map[string]any{"Value": id})
		}
	}
	return nil
}
