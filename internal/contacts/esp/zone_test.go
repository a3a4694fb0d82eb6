package esp_test

import (
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// TestZoneOfZonelessTimes checks where times written without an offset
// are read: in the zone the person chose, for every file; otherwise in UTC
// for Mailchimp, which writes UTC, and in the organisation's zone for the
// others, which write the account's local time.
func TestZoneOfZonelessTimes(t *testing.T) {
	local := paris(t)
	mailchimp := []byte("Email Address,OPTIN_TIME,OPTIN_IP\na@example.com,2023-03-14 10:00:00,203.0.113.7\n")
	brevo := []byte("EMAIL;DOUBLE_OPT-IN;DOI_CONFIRMED_AT\na@example.com;1;14-03-2023 10:00\n")
	for _, tc := range []struct {
		name, file string
		data       []byte
		opts       esp.Options
		wantHour   int // UTC hour of the evidence
	}{
		{"Mailchimp, no zone given", "subscribed_members_export_x.csv", mailchimp, esp.Options{}, 10},
		{"Mailchimp keeps UTC over the organisation's zone", "subscribed_members_export_x.csv", mailchimp, esp.Options{DefaultLocation: local}, 10},
		{"Mailchimp, zone chosen", "subscribed_members_export_x.csv", mailchimp, esp.Options{Location: local, DefaultLocation: local}, 9},
		{"Brevo, no zone given", "contacts.csv", brevo, esp.Options{}, 10},
		{"Brevo in the organisation's zone", "contacts.csv", brevo, esp.Options{DefaultLocation: local}, 9},
		{"Brevo, zone chosen", "contacts.csv", brevo, esp.Options{Location: time.UTC, DefaultLocation: local}, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, recs := records(t, tc.file, tc.data, tc.opts)
			if len(recs) != 1 || len(recs[0].Evidence) == 0 {
				t.Fatalf("records %+v", recs)
			}
			if got := recs[0].Evidence[0].At; got.UTC().Hour() != tc.wantHour {
				t.Errorf("read %v, want %d:00 UTC", got.UTC(), tc.wantHour)
			}
		})
	}
}
