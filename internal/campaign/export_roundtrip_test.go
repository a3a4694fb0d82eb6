package campaign_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// TestExportReadsBack checks that every export layout, once written, is
// read back by gdprkit's own readers with its proof intact: a contact
// exported with a double opt-in (times and IPs) is documented, confirmed
// by double opt-in, when the provider's export comes back for an audit.
func TestExportReadsBack(t *testing.T) {
	optin := time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)
	row := &campaign.ExportRow{Email: "anne.zorglub@example.com", FirstName: "Anne", LastName: "Zorglubova", Language: "fr",
		OptinAt: optin, OptinIP: "198.51.100.7", ConfirmAt: optin.Add(4 * time.Minute), ConfirmIP: "198.51.100.7", Source: "web_form"}
	for format, layout := range campaign.Layouts {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Comma = layout.Comma
			if err := w.WriteAll([][]string{layout.Header, layout.Row(row)}); err != nil {
				t.Fatal(err)
			}
			files, err := esp.OpenReader("export.csv", bytes.NewReader(b.Bytes()), int64(b.Len()), esp.Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			defer files[0].Close()
			rec, err := files[0].Next()
			if err != nil && !errors.Is(err, io.EOF) {
				t.Fatal(err)
			}
			if rec == nil || rec.Email != row.Email {
				t.Fatalf("read back %+v from:\n%s", rec, b.String())
			}
			as := contacts.Classify([]contacts.Observation{{Evidence: rec.Evidence}}, contacts.Context{Now: optin.Add(24 * time.Hour)})
			if len(as) == 0 || as[0].Status != contacts.Documented || !hasReason(as[0].Reasons, contacts.ReasonDOIConfirmed) {
				t.Errorf("%s read back as %+v from evidence %+v", format, as, rec.Evidence)
			}
		})
	}
}

func hasReason(rs []contacts.Reason, want contacts.Reason) bool {
	for _, r := range rs {
		if r == want {
			return true
		}
	}
	return false
}
