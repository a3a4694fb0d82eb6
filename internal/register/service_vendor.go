package register

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit"
)

// Vendors returns every vendor with its risk, by decreasing risk.
func (s *Service) Vendors(ctx context.Context) ([]VendorView, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return snap.Vendors, nil
}

// Vendor returns one vendor with its risk and links.
func (s *Service) Vendor(ctx context.Context, id int64) (VendorView, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return VendorView{}, err
	}
	v, ok := snap.Vendor(id)
	if !ok {
		return VendorView{}, notFound(EntityVendor, id)
	}
	return v, nil
}

func notFound(entity string, id int64) error {
	return gdprkit.Errorf(gdprkit.ENOTFOUND, "register.error.not_found", map[string]any{"Entity": entity}, "register: %s %d not found", entity, id)
}

// CreateVendor validates and stores a new vendor, setting its ID.
func (s *Service) CreateVendor(ctx context.Context, v *Vendor) error {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	if err := s.checkVendorLinks(ctx, v); err != nil {
		return err
	}
	ch, err := change(EntityVendor, ActionCreated, 0, nil, v)
	if err != nil {
		return err
	}
	return s.Store.CreateVendor(ctx, v, ch)
}

// UpdateVendor validates and stores v; v.Version is the version read.
func (s *Service) UpdateVendor(ctx context.Context, v *Vendor) error {
	v.Normalize()
	if err := v.Validate(); err != nil {
		return err
	}
	old, err := s.Store.Vendor(ctx, v.ID)
	if err != nil {
		return err
	}
	if err := checkVersion(EntityVendor, v.ID, v.Version, old.Version); err != nil {
		return err
	}
	if err := s.checkVendorLinks(ctx, v); err != nil {
		return err
	}
	ch, err := change(EntityVendor, ActionUpdated, v.ID, old, v)
	if err != nil {
		return err
	}
	return s.Store.UpdateVendor(ctx, v, ch)
}

// DeleteVendor deletes a vendor no other entry refers to.
func (s *Service) DeleteVendor(ctx context.Context, id int64, version int) error {
	old, err := s.Store.Vendor(ctx, id)
	if err != nil {
		return err
	}
	if err := checkVersion(EntityVendor, id, version, old.Version); err != nil {
		return err
	}
	ch, err := change(EntityVendor, ActionDeleted, id, old, nil)
	if err != nil {
		return err
	}
	return s.Store.DeleteVendor(ctx, id, version, ch)
}

// MarkVendorReviewed records a review today and sets the next one after
// the organisation's review interval (12 months by default): the
// reminder the vendor list shows.
func (s *Service) MarkVendorReviewed(ctx context.Context, id int64, version int) (*Vendor, error) {
	v, err := s.Store.Vendor(ctx, id)
	if err != nil {
		return nil, err
	}
	org, err := s.Store.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	months := org.ReviewMonths
	if months == 0 {
		months = 12
	}
	today := s.now().Truncate(24 * time.Hour)
	v.Version = version
	v.ReviewedOn, v.ReviewDue = today, today.AddDate(0, months, 0)
	return v, s.UpdateVendor(ctx, v)
}

// checkVendorLinks makes sure sub-processors name vendors of the register.
func (s *Service) checkVendorLinks(ctx context.Context, v *Vendor) error {
	if len(v.SubProcessors) == 0 {
		return nil
	}
	known, err := s.vendorIDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range v.SubProcessors {
		if !known[id] {
			return invalid("register.error.unknown_vendor", "sub_processors", map[string]any{"Value": id})
		}
	}
	return nil
}

func (s *Service) vendorIDs(ctx context.Context) (map[int64]bool, error) {
	vs, err := s.Store.Vendors(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(vs))
	for _, v := range vs {
		out[v.ID] = true
	}
	return out, nil
}
