package esp_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func TestHubSpotSample(t *testing.T) {
	name := "hubspot-crm-exports-all-contacts-2024-11-02.csv"
	f, recs := records(t, name, fixture(t, name), esp.Options{})
	if f.Info.Format != esp.HubSpot {
		t.Fatalf("format = %s", f.Info.Format)
	}
	const basis = "Legal basis for processing contact's data"
	tests := []struct {
		email    string
		evidence []esp.Evidence
		created  time.Time
		status   string
	}{
		{"emma.bernard@example.com", []esp.Evidence{
			{Purpose: esp.PurposeEmail, Kind: esp.Declared, LegalBasis: "consent", Columns: basis},
		}, time.Date(2023, 5, 12, 14, 32, 0, 0, time.UTC), "Marketing contact"},
		{"felix.moreau@example.org", []esp.Evidence{
			{Purpose: "marketing_information", Kind: esp.Withdrawal, Columns: "Opted out of email: Marketing Information"},
			{Purpose: esp.PurposeEmail, Kind: esp.Basis, LegalBasis: "legitimate_interests", Detail: "existing_customer", Columns: basis},
			{Purpose: esp.PurposeEmail, Kind: esp.Basis, LegalBasis: "contract", Columns: basis},
			{Purpose: esp.PurposeEmail, Kind: esp.Withdrawal, Columns: "Unsubscribed from all email"},
		}, time.Date(2021, 2, 3, 8, 5, 0, 0, time.UTC), "Non-marketing contact"},
	}
	for i, tt := range tests {
		r := recs[i]
		if r.Email != tt.email || !slices.Equal(r.Evidence, tt.evidence) {
			t.Errorf("%s: evidence = %+v, want %+v", r.Email, r.Evidence, tt.evidence)
		}
		if !r.CreatedAt.Equal(tt.created) {
			t.Errorf("%s: created = %v, want %v", r.Email, r.CreatedAt, tt.created)
		}
		// Marketing contact status is billing, not consent: kept as data.
		if attr(r, "Marketing contact status") != tt.status {
			t.Errorf("%s: attrs = %v", r.Email, r.Attrs)
		}
	}
}

// TestHubSpotLegalBasis: en dash (U+2013) and hyphen read the same.
func TestHubSpotLegalBasis(t *testing.T) {
	tests := []struct {
		value string
		want  []string // "kind basis/detail"
	}{
		{"Legitimate interest – prospect/lead", []string{"basis legitimate_interests/prospect"}},
		{"Legitimate interest - prospect/lead", []string{"basis legitimate_interests/prospect"}},
		{"Legitimate interest – existing customer", []string{"basis legitimate_interests/existing_customer"}},
		{"Legitimate interest - existing customer", []string{"basis legitimate_interests/existing_customer"}},
		{"Legitimate interest - other", []string{"basis legitimate_interests/other"}},
		{"Legitimate interest – other", []string{"basis legitimate_interests/other"}},
		{"Performance of a contract", []string{"basis contract/"}},
		{"Freely given consent from contact", []string{"declared consent/"}},
		{"Not applicable", nil},
		{"Freely given consent from contact;Legitimate interest – other", []string{"declared consent/", "basis legitimate_interests/other"}},
	}
	for _, tt := range tests {
		data := "\"Email\",\"Legal basis for processing contact's data\"\n\"a@example.com\",\"" + tt.value + "\"\n"
		_, recs := records(t, "hubspot-crm-exports-all-contacts-2024-11-02.csv", []byte(data), esp.Options{})
		var got []string
		for _, e := range recs[0].Evidence {
			got = append(got, string(e.Kind)+" "+e.LegalBasis+"/"+e.Detail)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: evidence %q, want %q", tt.value, got, tt.want)
		}
	}
}

// TestHubSpotOptOutsAndDates: one column per subscription type; epoch
// milliseconds and ISO dates; account zone for zone-less dates; an
// unknown basis is a warning.
func TestHubSpotOptOutsAndDates(t *testing.T) {
	data := `"Record ID","Email","Opted out of email: Marketing Information","Opted out of email: One to One","Opted out of email: Customer Service Communication","Create Date","Last Modified Date","Legal basis for processing contact's data"
"1","a@example.com","true","false","","1678785242000","2023-03-14T09:14:02Z","Divine right"
"2","b@example.com","false","true","true","2023-05-12 14:32","2023-05-12T14:32:00.000+02:00",""
`
	_, recs := records(t, "contacts.csv", []byte(data), esp.Options{Location: paris(t)})
	if got := kinds(recs[0].Evidence); !slices.Equal(got, []string{"marketing_information:withdrawal"}) {
		t.Errorf("a evidence = %q", got)
	}
	if got := kinds(recs[1].Evidence); !slices.Equal(got, []string{"one_to_one:withdrawal", "customer_service_communication:withdrawal"}) {
		t.Errorf("b evidence = %q", got)
	}
	at := time.Date(2023, 3, 14, 9, 14, 2, 0, time.UTC)
	if !recs[0].CreatedAt.Equal(at) || !recs[0].UpdatedAt.Equal(at) {
		t.Errorf("a created, updated = %v, %v; want %v", recs[0].CreatedAt, recs[0].UpdatedAt, at)
	}
	if want := time.Date(2023, 5, 12, 12, 32, 0, 0, time.UTC); !recs[1].CreatedAt.Equal(want) || !recs[1].UpdatedAt.Equal(want) {
		t.Errorf("b created, updated = %v, %v; want %v", recs[1].CreatedAt, recs[1].UpdatedAt, want)
	}
	if w := recs[0].Warnings; len(w) != 1 || w[0].Code != esp.CodeBadValue || w[0].Column != "Legal basis for processing contact's data" {
		t.Errorf("warnings = %+v", w)
	}
}
