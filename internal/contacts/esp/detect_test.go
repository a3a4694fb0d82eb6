package esp_test

import (
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name   string
		header string
		want   esp.Format
	}{
		{"cleaned_email_segment_export_ab12.csv", "whatever", esp.Mailchimp},
		{`C:\Users\me\Downloads\subscribed_members_export_9f.csv`, "Email", esp.Mailchimp},
		{"audience.csv", "Email Address,First Name,MEMBER_RATING,OPTIN_TIME", esp.Mailchimp},
		{"audience.csv", "Email Address,First Name,Last Name", esp.Generic},
		{"contacts.csv", "CONTACT ID;EMAIL;LASTNAME;FIRSTNAME;ADDED_TIME;MODIFIED_TIME", esp.Brevo},
		{"contacts.csv", "EMAIL;ADDED_TIME;MODIFIED_TIME", esp.Brevo},
		{"contacts.csv", "Email;DOUBLE_OPT-IN", esp.Generic},
		{"hubspot-crm-exports-all-contacts-2024-11-02.csv", "Email", esp.HubSpot},
		{"export.csv", "Record ID,First Name,Email", esp.HubSpot},
		{"export.csv", "Email,Legal basis for processing contact’s data", esp.HubSpot},
		{"export.csv", "Email,Opted out of email: Newsletter", esp.HubSpot},
		{"export.csv", "Email,Klaviyo ID,First Name", esp.Klaviyo},
		{"export.csv", "Email,Email Marketing Consent", esp.Klaviyo},
		{"import.csv", "email,name,attributes", esp.Listmonk},
		{"subscribers.csv", "uuid,email,name,attributes,status,created_at,updated_at", esp.Listmonk},
		{"contacts.csv", "Email,Name,IsExcludedFromCampaigns", esp.Mailjet},
		{"contacts.csv", "email,name,optin_date", esp.Mailjet},
		{"contacts.csv", "Courriel;Prénom;Nom", esp.Generic},
		// Brevo attributes next to an address column not spelt EMAIL.
		{"contacts.csv", "Email;Prénom;Nom;DOUBLE_OPT-IN;ADDED_TIME", esp.Brevo},
		{"contacts.csv", "E-mail;EMAIL_BLACKLISTED", esp.Brevo},
		{"contacts.csv", "Email;added_time", esp.Generic},
		// A Mailchimp audience whose address label was renamed or
		// translated, and an older one with "Email".
		{"audience.csv", `E-Mail-Adresse,Vorname,Nachname,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,LEID,EUID`, esp.Mailchimp},
		{"members.csv", `Email,First Name,Last Name,ORIGIN,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP`, esp.Mailchimp},
		{"contacts.csv", "email,optin_time,confirm_time,leid", esp.Generic},
	}
	for _, tt := range tests {
		header := strings.FieldsFunc(tt.header, func(r rune) bool { return r == ',' || r == ';' })
		if got := esp.Detect(tt.name, header); got != tt.want {
			t.Errorf("Detect(%q, %q) = %s, want %s", tt.name, header, got, tt.want)
		}
	}
}

// TestForcedFormat: Options.Format skips detection.
func TestForcedFormat(t *testing.T) {
	data := []byte("Email,CreatedAt,IsSpamComplaining\nx@example.com,2020-01-01T00:00:00Z,true\n")
	f, recs := records(t, "x.csv", data, esp.Options{Format: esp.Generic})
	if f.Info.Format != esp.Generic || len(recs[0].Evidence) != 0 || attr(recs[0], "IsSpamComplaining") != "true" {
		t.Errorf("format, evidence, attrs = %s, %v, %v", f.Info.Format, recs[0].Evidence, recs[0].Attrs)
	}
}
