package register

import (
	"testing"

	"github.com/gdprkit/gdprkit"
)

func TestValidate(t *testing.T) {
	v := func(f func(v *Vendor)) error {
		x := &Vendor{Name: "V", Category: "crm", Role: "processor"}
		f(x)
		return x.Validate()
	}
	a := func(f func(a *Activity)) error {
		x := &Activity{Name: "A", Role: RoleController}
		f(x)
		return x.Validate()
	}
	m := func(f func(m *CollectionMethod)) error {
		x := &CollectionMethod{Name: "M", Kind: "web_form", Audience: "b2c"}
		f(x)
		return x.Validate()
	}
	tests := []struct {
		name  string
		err   error
		key   string
		field string
	}{
		{"VendorOK", v(func(*Vendor) {}), "", ""},
		{"VendorNoName", v(func(x *Vendor) { x.Name = " " }), "register.error.required", "name"},
		{"VendorBadCategory", v(func(x *Vendor) { x.Category = "crypto" }), "register.error.unknown_value", "category"},
		{"VendorLowerCountry", v(func(x *Vendor) { x.Countries = []string{"fr"} }), "register.error.country", "countries"},
		{"VendorRegionNotCountry", v(func(x *Vendor) { x.Countries = []string{"EU"} }), "register.error.country", "countries"},
		{"VendorDPFNotUS", v(func(x *Vendor) { x.Transfers = []Transfer{{Country: "IN", Mechanism: "us_dpf"}} }), "register.error.dpf_not_us", "transfers"},
		{"VendorAdequacyIndia", v(func(x *Vendor) { x.Transfers = []Transfer{{Country: "IN", Mechanism: "adequacy"}} }), "register.error.no_adequacy", "transfers"},
		{"VendorAdequacyUS", v(func(x *Vendor) { x.Transfers = []Transfer{{Country: "US", Mechanism: "adequacy"}} }), "register.error.no_adequacy", "transfers"},
		{"VendorTransferTwice", v(func(x *Vendor) {
			x.Transfers = []Transfer{{Country: "IN", Mechanism: "bcr"}, {Country: "IN", Mechanism: "scc_module_2"}}
		}), "register.error.duplicate_transfer", "transfers"},
		{"VendorBadClause", v(func(x *Vendor) { x.Agreement.Clauses = []string{"z"} }), "register.error.unknown_value", "clauses"},
		{"VendorOwnSub", v(func(x *Vendor) { x.ID, x.SubProcessors = 4, []int64{4} }), "register.error.sub_processor_self", "sub_processors"},
		{"VendorBreachRange", v(func(x *Vendor) { x.BreachNoticeHours = -1 }), "register.error.range", "breach_notice_hours"},
		{"ActivityOK", a(func(*Activity) {}), "", ""},
		{"ActivityRole", a(func(x *Activity) { x.Role = "owner" }), "register.error.unknown_value", "role"},
		{"ActivityBasis", a(func(x *Activity) { x.LegalBasis = "vibes" }), "register.error.unknown_value", "legal_basis"},
		{"ActivityTrigger", a(func(x *Activity) { x.Data = []DataUse{{Category: "contact", Retention: Retention{Trigger: "never"}}} }),
			"register.error.unknown_value", "data"},
		{"ActivityRecipientVendorless", a(func(x *Activity) { x.Recipients = []Recipient{{Kind: "vendor"}} }), "register.error.recipient_vendor", "recipients"},
		{"ActivityRecipientNameless", a(func(x *Activity) { x.Recipients = []Recipient{{Kind: "internal"}} }), "register.error.required", "recipients"},
		{"ActivityDPIACriterion", a(func(x *Activity) { x.DPIA.Criteria = []string{"hunch"} }), "register.error.unknown_value", "dpia"},
		{"MethodOK", m(func(*CollectionMethod) {}), "", ""},
		{"MethodKind", m(func(x *CollectionMethod) { x.Kind = "" }), "register.error.required", "kind"},
		{"MethodAudience", m(func(x *CollectionMethod) { x.Audience = "b2g" }), "register.error.unknown_value", "audience"},
		{"MethodChannel", m(func(x *CollectionMethod) { x.Channels = []string{"fax"} }), "register.error.unknown_value", "channels"},
		{"OrganisationCountry", (&Organisation{Controller: Party{Country: "France"}}).Validate(), "register.error.country", "controller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.key == "" {
				if tt.err != nil {
					t.Fatalf("unexpected error %v", tt.err)
				}
				return
			}
			e := gdprkit.AsError(tt.err)
			if e == nil || e.Code != gdprkit.EINVALID || e.Key != tt.key || e.Args["Field"] != tt.field {
				t.Errorf("error = %#v, want %s on %s", tt.err, tt.key, tt.field)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	v := &Vendor{Name: "  Mailer ", Countries: []string{"fr", "FR", " us"}, Agreement: Agreement{Clauses: []string{"c", "a", "a"}, SignedOn: now},
		Transfers: []Transfer{{Country: " us", Mechanism: "us_dpf"}}}
	v.Normalize()
	if v.Name != "Mailer" || len(v.Countries) != 2 || v.Countries[1] != "US" || v.Transfers[0].Country != "US" || !v.Agreement.Signed ||
		len(v.Agreement.Clauses) != 2 || v.Agreement.Clauses[0] != "a" {
		t.Errorf("normalised vendor = %+v", v)
	}
}
