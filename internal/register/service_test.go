package register_test

import (
	"context"

	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

var testNow = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func newService(t *testing.T, s *store.Stores) (*register.Service, context.Context) {
	t.Helper()
	svc := register.NewService(s.Register)
	svc.Now = func() time.Time { return testNow }
	s.DB.Now = svc.Now
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorUser, ID: "7", Name: "Dana"})
	return svc, ctx
}

func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := gdprkit.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

func TestVendorLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		aws := &register.Vendor{Name: "AWS", Category: "hosting", Role: "sub_processor", Countries: []string{"ie", "US"},
			Transfers: []register.Transfer{{Country: "US", Mechanism: "us_dpf"}}}
		if err := svc.CreateVendor(ctx, aws); err != nil {
			t.Fatal(err)
		}
		esp := &register.Vendor{Name: "Mailer", Category: "emailing", Role: "processor", Countries: []string{"FR"},
			SubProcessors: []int64{aws.ID}, Agreement: register.Agreement{Signed: true, Clauses: []string{"a", "b"}}}
		if err := svc.CreateVendor(ctx, esp); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Vendor(ctx, esp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.SubProcessors) != 1 || got.SubProcessors[0].Name != "AWS" {
			t.Errorf("sub-processors = %v, want AWS", got.SubProcessors)
		}
		if got.Vendor.Version != 1 || !got.Vendor.CreatedAt.Equal(testNow) {
			t.Errorf("version %d created %v", got.Vendor.Version, got.Vendor.CreatedAt)
		}

		// An update based on an old version is refused.
		v := *got.Vendor
		v.Services = "newsletter"
		if err := svc.UpdateVendor(ctx, &v); err != nil {
			t.Fatal(err)
		}
		old := *got.Vendor
		old.Services = "other"
		mustCode(t, svc.UpdateVendor(ctx, &old), gdprkit.ECONFLICT)

		// AWS is used by Mailer: it cannot be deleted.
		mustCode(t, svc.DeleteVendor(ctx, aws.ID, aws.Version), gdprkit.ECONFLICT)
		if err := svc.DeleteVendor(ctx, esp.ID, v.Version); err != nil {
			t.Fatal(err)
		}
		mustCode(t, svc.DeleteVendor(ctx, esp.ID, v.Version), gdprkit.ENOTFOUND)

		hist, err := svc.History(ctx, register.ChangeFilter{Entity: register.EntityVendor, EntityID: esp.ID})
		if err != nil {
			t.Fatal(err)
		}
		actions := []string{}
		for _, h := range hist {
			actions = append(actions, h.Action)
			if h.Actor != "user:7" || !h.At.Equal(testNow) {
				t.Errorf("change by %q at %v", h.Actor, h.At)
			}
		}
		if want := []string{"deleted", "updated", "created"}; !equal(actions, want) {
			t.Errorf("history = %v, want %v", actions, want)
		}
		if f, ok := hist[1].Fields["services"]; !ok || string(f.New) != `"newsletter"` {
			t.Errorf("update diff = %v, want services → newsletter", hist[1].Fields)
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCompanyRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		c := seedCompany(t, ctx, svc)

		vs, err := svc.Vendors(ctx)
		must(t, err)
		if len(vs) != 12 {
			t.Fatalf("%d vendors, want 12", len(vs))
		}
		for i := 1; i < len(vs); i++ {
			if vs[i].Risk.Score > vs[i-1].Risk.Score {
				t.Errorf("vendors not sorted by risk: %s (%d) after %s (%d)", vs[i].Vendor.Name, vs[i].Risk.Score, vs[i-1].Vendor.Name, vs[i-1].Risk.Score)
			}
		}
		hub, err := svc.Vendor(ctx, c.vendors["HubSpot"].ID)
		must(t, err)
		if !riskHas(hub.Risk, "transfer_dpf") || !riskHas(hub.Risk, "review_overdue") || !riskHas(hub.Risk, "breach_tight") {
			t.Errorf("HubSpot risk = %+v", hub.Risk.Points)
		}
		if len(hub.UsedBy) != 1 || hub.UsedBy[0].ID != c.activities["prospects"].ID {
			t.Errorf("HubSpot used by %v", hub.UsedBy)
		}

		pr, err := svc.Activity(ctx, c.activities["prospects"].ID)
		must(t, err)
		countries := map[string]string{}
		for _, x := range pr.Transfers {
			countries[x.Country] = x.Status
		}
		if countries["US"] != register.TransferDPF || countries["IN"] != register.TransferMissing {
			t.Errorf("prospects transfers = %+v, want US on DPF and IN (Crisp's sub-processor) missing", pr.Transfers)
		}
		if pr.Completeness.Complete() {
			t.Error("prospects with an Indian transfer without basis should be incomplete")
		}
		if len(pr.Methods) != 3 {
			t.Errorf("prospects fed by %v, want 3 methods", pr.Methods)
		}

		ms, err := svc.Methods(ctx)
		must(t, err)
		verdicts := map[string]string{}
		for _, m := range ms {
			verdicts[m.Method.Name] = m.Check.Verdict
		}
		want := map[string]string{
			"Newsletter form": register.Document, "ListShop B2C file": register.ActNow, "LinkedIn Sales Navigator export": register.LevelUnlawful,
			"Customers' offers": register.Document, "Spring contest": register.LevelUnlawful, "Salon Vivatech badges": register.ActNow,
		}
		for name, v := range want {
			if verdicts[name] != v {
				t.Errorf("%s: verdict %s, want %s", name, verdicts[name], v)
			}
		}
		if ms[0].Check.Verdict != register.LevelUnlawful {
			t.Errorf("methods not sorted by verdict: first is %s", ms[0].Check.Verdict)
		}

		st, err := svc.Status(ctx)
		must(t, err)
		if st.Vendors != 12 || st.Activities != 5 || st.Methods != 6 || st.MethodsUnlawful != 2 || st.ReviewsOverdue != 1 || st.TransfersMissing == 0 {
			t.Errorf("status = %+v", st)
		}
	})
}

func riskHas(r register.Risk, rule string) bool {
	for _, p := range r.Points {
		if p.Rule == rule {
			return true
		}
	}
	return false
}

func TestLinksChecked(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		mustCode(t, svc.CreateVendor(ctx, &register.Vendor{Name: "X", Category: "crm", Role: "processor", SubProcessors: []int64{99}}), gdprkit.EINVALID)
		mustCode(t, svc.CreateActivity(ctx, &register.Activity{Name: "A", Recipients: []register.Recipient{{Kind: "vendor", VendorID: 99}}}), gdprkit.EINVALID)
		mustCode(t, svc.CreateMethod(ctx, &register.CollectionMethod{Name: "M", Kind: "web_form", Audience: "b2c", ActivityIDs: []int64{99}}), gdprkit.EINVALID)
		a := &register.Activity{Name: "A"}
		must(t, svc.CreateActivity(ctx, a))
		m := &register.CollectionMethod{Name: "M", Kind: "web_form", Audience: "b2c", ActivityIDs: []int64{a.ID}}
		must(t, svc.CreateMethod(ctx, m))
		// Deleting the activity unlinks the method.
		must(t, svc.DeleteActivity(ctx, a.ID, a.Version))
		mv, err := svc.Method(ctx, m.ID)
		must(t, err)
		if len(mv.Method.ActivityIDs) != 0 {
			t.Errorf("method still linked to %v", mv.Method.ActivityIDs)
		}
		// IDs are never reused, so history entries stay unambiguous.
		b := &register.Activity{Name: "B"}
		must(t, svc.CreateActivity(ctx, b))
		if b.ID == a.ID {
			t.Errorf("activity ID %d reused", a.ID)
		}
	})
}

func TestOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		svc, ctx := newService(t, s)
		o, err := svc.Organisation(ctx)
		must(t, err)
		if o.Version != 0 || o.Name != "" {
			t.Fatalf("fresh organisation = %+v", o)
		}
		o.Name, o.Controller.Country = "Acme", "fr"
		must(t, svc.SaveOrganisation(ctx, o))
		stale := *o
		stale.Version = 0
		mustCode(t, svc.SaveOrganisation(ctx, &stale), gdprkit.ECONFLICT)
		got, err := svc.Organisation(ctx)
		must(t, err)
		if got.Name != "Acme" || got.Version != 1 || got.Controller.Country != "FR" {
			t.Errorf("organisation = %+v", got)
		}
		o.ReviewMonths = 6
		must(t, svc.SaveOrganisation(ctx, o))
		v := &register.Vendor{Name: "V", Category: "crm", Role: "processor"}
		must(t, svc.CreateVendor(ctx, v))
		rv, err := svc.MarkVendorReviewed(ctx, v.ID, v.Version)
		must(t, err)
		if !rv.ReviewedOn.Equal(testNow.Truncate(24*time.Hour)) || !rv.ReviewDue.Equal(testNow.Truncate(24*time.Hour).AddDate(0, 6, 0)) {
			t.Errorf("reviewed %v, next %v", rv.ReviewedOn, rv.ReviewDue)
		}
	})
}
