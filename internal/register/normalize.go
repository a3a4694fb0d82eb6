package register

import (
	"slices"
	"strings"
	"time"
)

// Normalisation runs before validation, so that what a form or a sheet
// sends with stray spaces or lower-case country codes is stored one way
// and compared one way by the history.

func trimParty(p *Party) {
	for _, f := range []*string{&p.LastName, &p.FirstName, &p.Company, &p.Address, &p.PostCode, &p.City, &p.Phone, &p.Email} {
		*f = strings.TrimSpace(*f)
	}
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
}

func trimAll(fs ...*string) {
	for _, f := range fs {
		*f = strings.TrimSpace(*f)
	}
}

// uniq trims, drops empty items and duplicates, keeping the first order.
func uniq(xs []string) []string {
	var out []string
	for _, x := range xs {
		x = strings.TrimSpace(x)
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func upperAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToUpper(x)
	}
	return uniq(out)
}

func uniqIDs(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// Normalize tidies the vendor in place.
func (v *Vendor) Normalize() {
	trimAll(&v.Name, &v.LegalName, &v.Address, &v.Website, &v.PrivacyContact, &v.Services, &v.SubProcessorList, &v.RightsContact, &v.Notes,
		&v.Agreement.Document)
	v.Country = strings.ToUpper(strings.TrimSpace(v.Country))
	v.Purposes, v.DataCategories, v.Subjects = uniq(v.Purposes), uniq(v.DataCategories), uniq(v.Subjects)
	v.Countries = upperAll(v.Countries)
	v.Certifications, v.RightsChannels = uniq(v.Certifications), uniq(v.RightsChannels)
	v.Agreement.Clauses = uniq(v.Agreement.Clauses)
	slices.Sort(v.Agreement.Clauses)
	v.SubProcessors = uniqIDs(v.SubProcessors)
	for i := range v.Transfers {
		t := &v.Transfers[i]
		t.Country = strings.ToUpper(strings.TrimSpace(t.Country))
		trimAll(&t.Mechanism, &t.Documentation)
	}
	v.Agreement.SignedOn, v.ReviewDue, v.ReviewedOn = dateOnly(v.Agreement.SignedOn), dateOnly(v.ReviewDue), dateOnly(v.ReviewedOn)
	// A signing date means it was signed.
	if !v.Agreement.SignedOn.IsZero() {
		v.Agreement.Signed = true
	}
}

// dateOnly keeps the calendar day: review and signature dates are days,
// and a day written in a sheet must compare equal to the one stored.
func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Normalize tidies the activity in place.
func (a *Activity) Normalize() {
	a.ReviewedOn = dateOnly(a.ReviewedOn)
	trimAll(&a.Ref, &a.Name, &a.Department, &a.Purpose, &a.LegitimateInterest, &a.PrivacyNotice, &a.Notes, &a.Reviewer,
		&a.DPIA.Reference, &a.DPIA.Notes)
	if a.Role == "" {
		a.Role = RoleController
	}
	a.SubPurposes = uniq(a.SubPurposes)
	a.DPIA.Criteria = uniq(a.DPIA.Criteria)
	for i := range a.JointControllers {
		trimParty(&a.JointControllers[i])
	}
	for i := range a.Controllers {
		trimParty(&a.Controllers[i])
	}
	for i := range a.Recipients {
		r := &a.Recipients[i]
		trimAll(&r.Name, &r.Detail, &r.Mechanism)
		r.Country = strings.ToUpper(strings.TrimSpace(r.Country))
		if r.Kind != "vendor" {
			r.VendorID = 0
		}
	}
}

// Normalize tidies the method in place.
func (m *CollectionMethod) Normalize() {
	trimAll(&m.Name, &m.Description)
	m.Channels = uniq(m.Channels)
	m.ActivityIDs = uniqIDs(m.ActivityIDs)
}
