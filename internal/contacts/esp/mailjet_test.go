package esp_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// TestMailjetImportSample: Mailjet's own import CSV with an opt-in date
// property.
func TestMailjetImportSample(t *testing.T) {
	f, recs := records(t, "mailjet_import.csv", fixture(t, "mailjet_import.csv"), esp.Options{})
	if f.Info.Format != esp.Mailjet {
		t.Fatalf("format = %s", f.Info.Format)
	}
	want := []esp.Evidence{{Purpose: esp.PurposeEmail, Kind: esp.Signup, At: time.Date(2023, 3, 14, 9, 14, 2, 0, time.UTC), Columns: "optin_date"}}
	if !slices.Equal(recs[0].Evidence, want) || recs[0].Name != "Grace Leroux" {
		t.Errorf("grace = %+v", recs[0])
	}
}

// TestMailjetAPIColumns: a file shaped like the contact resource (the
// values of formats.md sample A) and list recipients.
func TestMailjetAPIColumns(t *testing.T) {
	data := "ID,Email,Name,CreatedAt,DeliveredCount,IsExcludedFromCampaigns,ExclusionFromCampaignsUpdatedAt,IsOptInPending,IsSpamComplaining,LastActivityAt,LastUpdateAt,UnsubscribedAt,UnsubscribedBy,IsUnsubscribed\n" +
		"1284501,grace.leroux@example.com,Grace Leroux,2023-03-14T09:14:02Z,42,false,,false,false,2024-10-01T07:00:00Z,2023-03-14T09:14:02Z,,,false\n" +
		"1284502,henri.blanc@example.org,,2021-06-01T12:00:00Z,0,true,2024-02-02T10:00:00Z,true,false,,2024-02-02T10:00:00Z,,,\n" +
		"1284503,ivan.petrov@example.com,,2020-01-01T00:00:00Z,3,false,,false,true,,,2024-03-03T03:03:03Z,user,true\n"
	f, recs := records(t, "contacts.csv", []byte(data), esp.Options{})
	if f.Info.Format != esp.Mailjet {
		t.Fatalf("format = %s", f.Info.Format)
	}
	want := [][]string{
		nil,
		{"email_marketing:pending", "email_marketing:bounce"},
		{"email_marketing:complaint", "email_marketing:withdrawal"},
	}
	for i, r := range recs {
		if got := kinds(r.Evidence); !slices.Equal(got, want[i]) {
			t.Errorf("%s: evidence %q, want %q", r.Email, got, want[i])
		}
	}
	if b := recs[1].Evidence[1]; !b.At.Equal(time.Date(2024, 2, 2, 10, 0, 0, 0, time.UTC)) || b.Detail != "excluded from campaigns" {
		t.Errorf("bounce = %+v", b)
	}
	if w := recs[2].Evidence[1]; !w.At.Equal(time.Date(2024, 3, 3, 3, 3, 3, 0, time.UTC)) || w.Detail != "user" {
		t.Errorf("withdrawal = %+v", w)
	}
	if !recs[0].CreatedAt.Equal(time.Date(2023, 3, 14, 9, 14, 2, 0, time.UTC)) || attr(recs[0], "DeliveredCount") != "42" {
		t.Errorf("grace = %+v", recs[0])
	}
}
