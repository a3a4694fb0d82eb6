package register

import "context"

// Activities returns every activity with its transfers, DPIA verdict and
// completeness: controller records first.
func (s *Service) Activities(ctx context.Context) ([]ActivityView, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return snap.Activities, nil
}

// Activity returns one activity with what is derived from it.
func (s *Service) Activity(ctx context.Context, id int64) (ActivityView, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return ActivityView{}, err
	}
	a, ok := snap.Activity(id)
	if !ok {
		return ActivityView{}, notFound(EntityActivity, id)
	}
	return a, nil
}

// CreateActivity validates and stores a new activity, setting its ID.
func (s *Service) CreateActivity(ctx context.Context, a *Activity) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	if err := s.checkRecipients(ctx, a); err != nil {
		return err
	}
	ch, err := change(EntityActivity, ActionCreated, 0, nil, a)
	if err != nil {
		return err
	}
	return s.Store.CreateActivity(ctx, a, ch)
}

// CreateActivityFromTemplate creates an activity from a built-in template
// in lang, ready to be completed.
func (s *Service) CreateActivityFromTemplate(ctx context.Context, key, lang string) (*Activity, error) {
	a, err := NewActivity(key, lang)
	if err != nil {
		return nil, err
	}
	return a, s.CreateActivity(ctx, a)
}

// UpdateActivity validates and stores a; a.Version is the version read.
func (s *Service) UpdateActivity(ctx context.Context, a *Activity) error {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return err
	}
	old, err := s.Store.Activity(ctx, a.ID)
	if err != nil {
		return err
	}
	if err := checkVersion(EntityActivity, a.ID, a.Version, old.Version); err != nil {
		return err
	}
	if err := s.checkRecipients(ctx, a); err != nil {
		return err
	}
	ch, err := change(EntityActivity, ActionUpdated, a.ID, old, a)
	if err != nil {
		return err
	}
	return s.Store.UpdateActivity(ctx, a, ch)
}

// DeleteActivity deletes an activity; collection methods stop pointing
// to it.
func (s *Service) DeleteActivity(ctx context.Context, id int64, version int) error {
	old, err := s.Store.Activity(ctx, id)
	if err != nil {
		return err
	}
	if err := checkVersion(EntityActivity, id, version, old.Version); err != nil {
		return err
	}
	ch, err := change(EntityActivity, ActionDeleted, id, old, nil)
	if err != nil {
		return err
	}
	return s.Store.DeleteActivity(ctx, id, version, ch)
}

func (s *Service) checkRecipients(ctx context.Context, a *Activity) error {
	ids := a.VendorIDs()
	if len(ids) == 0 {
		return nil
	}
	known, err := s.vendorIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !known[id] {
			return invalid("register.error.unknown_vendor", "recipients", map[string]any{"Value": id})
		}
	}
	return nil
}
