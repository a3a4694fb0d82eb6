package esp_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func TestListmonkImportSample(t *testing.T) {
	f, recs := records(t, "listmonk_import.csv", fixture(t, "listmonk_import.csv"), esp.Options{})
	if f.Info.Format != esp.Listmonk {
		t.Fatalf("format = %s", f.Info.Format)
	}
	kim, lea := recs[0], recs[1]
	want := []esp.Evidence{{Purpose: esp.PurposeEmail, Kind: esp.Signup, IP: "203.0.113.40", Source: "webform-2023", Channel: esp.ChannelWebForm, Columns: "attributes"}}
	if !slices.Equal(kim.Evidence, want) {
		t.Errorf("kim evidence = %+v, want %+v", kim.Evidence, want)
	}
	if kim.Name != "Kim Olsen" || kim.FirstName != "" || kim.LastName != "" {
		t.Errorf("kim names = %q, %q, %q: only the full name is known", kim.Name, kim.FirstName, kim.LastName)
	}
	if len(lea.Evidence) != 0 || len(lea.Attrs) != 0 {
		t.Errorf("lea = %+v", lea)
	}
}

func TestListmonkExportSample(t *testing.T) {
	_, recs := records(t, "subscribers.csv", fixture(t, "listmonk_subscribers.csv"), esp.Options{})
	kim, lea := recs[0], recs[1]
	if got := kinds(kim.Evidence); !slices.Equal(got, []string{"email_marketing:declared", "email_marketing:declared"}) {
		t.Errorf("kim evidence = %q", got)
	}
	if kim.Evidence[1].Source != "webform-2023" {
		t.Errorf("kim consent source = %+v", kim.Evidence[1])
	}
	if want := time.Date(2023, 3, 14, 9, 14, 2, 123456000, time.UTC); !kim.CreatedAt.Equal(want) {
		t.Errorf("kim created = %v, want %v", kim.CreatedAt, want)
	}
	if got := kinds(lea.Evidence); !slices.Equal(got, []string{"email_marketing:withdrawal"}) {
		t.Errorf("lea evidence = %q", got)
	}
	if want := time.Date(2024, 2, 2, 10, 0, 0, 0, time.UTC); !lea.UpdatedAt.Equal(want) {
		t.Errorf("lea updated = %v, want %v", lea.UpdatedAt, want)
	}
	if attr(lea, "uuid") != "6a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d" {
		t.Errorf("lea attrs = %v", lea.Attrs)
	}
}

// TestListmonkAttributes: zone tokens, well-known attribute keys, the rest
// kept as attributes.<key>, and invalid JSON kept as text with a warning.
func TestListmonkAttributes(t *testing.T) {
	data := `uuid,email,name,attributes,status,created_at,updated_at
u1,a@example.com,A,"{""consent_at"": ""2023-03-14T09:14:02Z"", ""optin_ua"": ""Mozilla/5.0"", ""language"": ""fr"", ""city"": ""Lyon"", ""score"": 4, ""prefs"": {""weekly"": true}}",enabled,2023-03-14 09:14:02 +0000 +0000,2023-03-14 10:14:02.5 +0100 CET
u2,b@example.com,B,"{""optin_at"": ""2022-01-01 10:00:00"", ""optin_ip"": ""198.51.100.9""}",disabled,2022-01-01 10:00:00 +0000 UTC m=+0.000000001,2022-01-01 10:00:00 +0000 UTC
u3,c@example.com,C,"{not json",paused,,
`
	_, recs := records(t, "subscribers.csv", []byte(data), esp.Options{})
	a, b, c := recs[0], recs[1], recs[2]
	if got := kinds(a.Evidence); !slices.Equal(got, []string{"email_marketing:declared", "email_marketing:consent"}) {
		t.Errorf("a evidence = %q", got)
	}
	at := time.Date(2023, 3, 14, 9, 14, 2, 0, time.UTC)
	if e := a.Evidence[1]; !e.At.Equal(at) || e.UserAgent != "Mozilla/5.0" {
		t.Errorf("a consent = %+v", e)
	}
	if !a.CreatedAt.Equal(at) || !a.UpdatedAt.Equal(at.Add(500*time.Millisecond)) || a.Language != "fr" {
		t.Errorf("a created, updated, language = %v, %v, %q", a.CreatedAt, a.UpdatedAt, a.Language)
	}
	wantAttrs := []esp.Attr{{Name: "uuid", Value: "u1"}, {Name: "attributes.city", Value: "Lyon"}, {Name: "attributes.prefs", Value: `{"weekly": true}`}, {Name: "attributes.score", Value: "4"}}
	if !slices.Equal(a.Attrs, wantAttrs) {
		t.Errorf("a attrs = %v, want %v", a.Attrs, wantAttrs)
	}
	want := []esp.Evidence{{Purpose: esp.PurposeEmail, Kind: esp.Signup, At: time.Date(2022, 1, 1, 10, 0, 0, 0, time.UTC), IP: "198.51.100.9", Channel: esp.ChannelWebForm, Columns: "attributes"}}
	if !slices.Equal(b.Evidence, want) {
		t.Errorf("b evidence = %+v, want %+v", b.Evidence, want)
	}
	if !b.CreatedAt.Equal(want[0].At) {
		t.Errorf("b created = %v", b.CreatedAt)
	}
	if attr(c, "attributes") != "{not json" || len(c.Warnings) != 2 || c.Warnings[0].Code != esp.CodeBadValue || c.Warnings[1].Code != esp.CodeBadJSON || c.Warnings[1].Line != 4 {
		t.Errorf("c attrs, warnings = %v, %+v", c.Attrs, c.Warnings)
	}
}

// TestListmonkAttributeDateValue: a bad date inside the attributes cell
// names that value, not the whole JSON cell.
func TestListmonkAttributeDateValue(t *testing.T) {
	data := `uuid,email,name,attributes,status,created_at,updated_at
u1,a@example.com,A,"{""optin_at"": ""yesterday"", ""city"": ""Lyon""}",enabled,,
`
	_, recs := records(t, "subscribers.csv", []byte(data), esp.Options{})
	w := recs[0].Warnings
	if len(w) != 1 || w[0].Code != esp.CodeBadDate || w[0].Column != "attributes" || w[0].Value != "yesterday" {
		t.Errorf("warnings = %+v, want bad_date on attributes with value yesterday", w)
	}
}

// TestListmonkSubscriptionStatus: an export that carries the per-list
// subscription_status (formats.md §1.6) is read for it (§3.2):
// unsubscribed is a withdrawal, confirmed and unconfirmed are a double
// opt-in confirmed or pending only on a double opt-in list, and a plain
// subscription otherwise. Ignored, an unsubscribed contact of an enabled
// subscriber was a re-permission candidate.
func TestListmonkSubscriptionStatus(t *testing.T) {
	tests := []struct {
		status, optin string
		want          []string
	}{
		{"unsubscribed", "", []string{"email_marketing:declared", "email_marketing:withdrawal"}},
		{"unsubscribed", "double", []string{"email_marketing:declared", "email_marketing:withdrawal"}},
		{"confirmed", "double", []string{"email_marketing:declared", "email_marketing:confirmation"}},
		{"confirmed", "single", []string{"email_marketing:declared", "email_marketing:declared"}},
		{"confirmed", "", []string{"email_marketing:declared", "email_marketing:declared"}},
		{"unconfirmed", "double", []string{"email_marketing:declared", "email_marketing:pending"}},
		{"unconfirmed", "single", []string{"email_marketing:declared", "email_marketing:declared"}},
		{"", "", []string{"email_marketing:declared"}},
	}
	for _, tt := range tests {
		t.Run(tt.status+"/"+tt.optin, func(t *testing.T) {
			data := "uuid,email,name,attributes,status,subscription_status,optin,created_at,updated_at\n" +
				"u1,a@example.com,A,{},enabled," + tt.status + "," + tt.optin + ",2023-03-14 09:14:02 +0000 UTC,2024-11-02 18:40:11 +0000 UTC\n"
			f, recs := records(t, "subscribers.csv", []byte(data), esp.Options{})
			if f.Info.Format != esp.Listmonk {
				t.Fatalf("format = %s, want listmonk", f.Info.Format)
			}
			r := recs[0]
			if got := kinds(r.Evidence); !slices.Equal(got, tt.want) {
				t.Errorf("evidence = %q, want %q", got, tt.want)
			}
			if len(r.Warnings) != 0 || attr(r, "subscription_status") != "" {
				t.Errorf("warnings, attrs = %+v, %v: subscription_status is read, not kept", r.Warnings, r.Attrs)
			}
		})
	}
}
