package esp_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func TestKlaviyoSample(t *testing.T) {
	f, recs := records(t, "klaviyo_segment_export.csv", fixture(t, "klaviyo_segment_export.csv"), esp.Options{})
	if f.Info.Format != esp.Klaviyo {
		t.Fatalf("format = %s", f.Info.Format)
	}
	iris, jonas := recs[0], recs[1]
	at := time.Date(2023, 3, 14, 9, 14, 2, 0, time.UTC)
	want := []esp.Evidence{
		{Purpose: esp.PurposeEmail, Kind: esp.Declared, Columns: "Consent"},
		{Purpose: esp.PurposeEmail, Kind: esp.Consent, At: at, Method: "Klaviyo Form", Channel: esp.ChannelWebForm, Columns: "$consent_timestamp, $consent_method"},
	}
	if !slices.Equal(iris.Evidence, want) {
		t.Errorf("iris evidence = %+v, want %+v", iris.Evidence, want)
	}
	if !iris.CreatedAt.Equal(at) || attr(iris, "Klaviyo ID") != "01HQ3ZK8Y7W6V5T4S3R2Q1P0NM" || attr(iris, "Source") != "Klaviyo Form" {
		t.Errorf("iris created, attrs = %v, %v", iris.CreatedAt, iris.Attrs)
	}
	if len(jonas.Evidence) != 0 {
		t.Errorf("jonas evidence = %+v, want none", jonas.Evidence)
	}
}

// TestKlaviyoConsentColumns: the Consent list as written in several ways,
// the form id and version, and the newer per-channel consent columns.
func TestKlaviyoConsentColumns(t *testing.T) {
	data := "Email,Consent,$consent_timestamp,$consent_method,$consent_form_id,$consent_form_version,Email Marketing Consent,Email Marketing Consent Timestamp,Email Marketing Consent Method,Email Marketing Double Opt-in,SMS Marketing Consent,SMS Marketing Consent Timestamp\n" +
		"a@example.com,\"['email','sms']\",,,,,SUBSCRIBED,2024-01-02T03:04:05+01:00,FORM,True,,\n" +
		"b@example.com,\"[\"\"email\"\", \"\"directmail\"\"]\",2023-03-14T09:14:02+00:00,API,Xy12Ab,3,SUBSCRIBED,2024-01-02 03:04:05,API,False,SUBSCRIBED,2024-01-02 03:04:05\n" +
		"c@example.com,email; web,,,,,SUBSCRIBED,,,,UNSUBSCRIBED,2024-05-05 05:05:05\n" +
		"d@example.com,,,,,,UNSUBSCRIBED,2024-06-06T06:06:06Z,PREFERENCE_PAGE,,NEVER_SUBSCRIBED,\n" +
		"e@example.com,,,,,,NEVER_SUBSCRIBED,,,,MAYBE,\n"
	_, recs := records(t, "klaviyo.csv", []byte(data), esp.Options{})
	want := [][]string{
		{"email_marketing:declared", "sms_marketing:declared", "email_marketing:confirmation"},
		{"email_marketing:declared", "direct_mail:declared", "email_marketing:consent", "email_marketing:consent", "sms_marketing:consent"},
		{"email_marketing:declared", "web:declared", "email_marketing:declared", "sms_marketing:withdrawal"},
		{"email_marketing:withdrawal", "sms_marketing:never_subscribed"},
		{"email_marketing:never_subscribed"},
	}
	for i, r := range recs {
		if got := kinds(r.Evidence); !slices.Equal(got, want[i]) {
			t.Errorf("%s: evidence %q, want %q", r.Email, got, want[i])
		}
	}
	if c := recs[0].Evidence[2]; !c.At.Equal(time.Date(2024, 1, 2, 2, 4, 5, 0, time.UTC)) || c.Method != "FORM" || c.Channel != esp.ChannelWebForm {
		t.Errorf("a confirmation = %+v", c)
	}
	if c := recs[1].Evidence[2]; c.Source != "Xy12Ab" || c.Detail != "form version 3" || c.Channel != esp.ChannelWebForm || c.Method != "API" {
		t.Errorf("b consent = %+v", c)
	}
	if w := recs[4].Warnings; len(w) != 1 || w[0].Code != esp.CodeBadValue || w[0].Column != "SMS Marketing Consent" {
		t.Errorf("e warnings = %+v", w)
	}
}
