package esp_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// TestGenericFrench: French column names are guessed and reported; the
// status, source and opt-in date are read.
func TestGenericFrench(t *testing.T) {
	data := "Courriel;Prénom;Nom;Date d'inscription;IP;Source;Statut;Ville\n" +
		"anne.roux@example.com;Anne;Roux;14/03/2023 09:14;203.0.113.5;formulaire du site;Abonné;Lyon\n" +
		"marc.blanc@example.org;Marc;Blanc;;;salon 2022;Désabonné;\n" +
		"luc.noir@example.org;Luc;Noir;;;;En vacances;\n"
	f, recs := records(t, "clients.csv", []byte(data), esp.Options{})
	want := esp.Mapping{"email": "Courriel", "first_name": "Prénom", "last_name": "Nom", "optin_at": "Date d'inscription",
		"optin_ip": "IP", "consent_source": "Source", "status": "Statut"}
	if f.Info.Format != esp.Generic || f.Info.Mapping.String() != want.String() {
		t.Errorf("format, mapping = %s, %s; want generic, %s", f.Info.Format, f.Info.Mapping, want)
	}
	anne := recs[0]
	wantAnne := []esp.Evidence{
		{Purpose: esp.PurposeEmail, Kind: esp.Signup, At: time.Date(2023, 3, 14, 9, 14, 0, 0, time.UTC), IP: "203.0.113.5", Channel: esp.ChannelWebForm, Columns: "Date d'inscription, IP"},
		{Purpose: esp.PurposeEmail, Kind: esp.Declared, Source: "formulaire du site", Columns: "Source"},
		{Purpose: esp.PurposeEmail, Kind: esp.Declared, Detail: "Abonné", Columns: "Statut"},
	}
	if !slices.Equal(anne.Evidence, wantAnne) {
		t.Errorf("anne evidence = %+v\nwant %+v", anne.Evidence, wantAnne)
	}
	if attr(anne, "Ville") != "Lyon" {
		t.Errorf("anne attrs = %v", anne.Attrs)
	}
	if got := kinds(recs[1].Evidence); !slices.Equal(got, []string{"email_marketing:declared", "email_marketing:withdrawal"}) {
		t.Errorf("marc evidence = %q", got)
	}
	if w := recs[2].Warnings; len(w) != 1 || w[0].Code != esp.CodeBadValue || w[0].Column != "Statut" || w[0].Line != 4 {
		t.Errorf("luc warnings = %+v", w)
	}
}

// TestGenericEnglishConsentRecord reads every evidence field of a
// generic file.
func TestGenericEnglishConsentRecord(t *testing.T) {
	data := "E-mail,First name,Surname,Consent date,Consent IP,Consent method,Consent channel,Consent text,Legal basis,Purpose,Double opt-in,Confirmation date,Unsubscribed,Unsubscribed at,Unsubscribe reason,Bounced,User agent,List,Tags\n" +
		"a@example.com,Ann,Lee,2024-01-02T03:04:05Z,192.0.2.1,checkbox,web,I agree to receive the newsletter,consent,Newsletter hebdo,yes,2024-01-02T03:05:00Z,no,,,no,Mozilla/5.0,Main,vip;client\n" +
		"b@example.com,Bo,Ng,,,,,,Legitimate interest,,,,yes,2024-05-05,too many mails,yes,,,\n"
	f, recs := records(t, "export.csv", []byte(data), esp.Options{})
	if len(f.Info.Mapping) != 19 {
		t.Errorf("mapping = %s: every column should be guessed", f.Info.Mapping)
	}
	a, b := recs[0], recs[1]
	wantA := []string{"newsletter_hebdo:confirmation", "newsletter_hebdo:consent", "newsletter_hebdo:declared"}
	if got := kinds(a.Evidence); !slices.Equal(got, wantA) {
		t.Errorf("a evidence = %q, want %q", got, wantA)
	}
	if c := a.Evidence[1]; c.IP != "192.0.2.1" || c.Method != "checkbox" || c.Channel != esp.ChannelWebForm || c.Detail != "I agree to receive the newsletter" || c.UserAgent != "Mozilla/5.0" {
		t.Errorf("consent = %+v", c)
	}
	if a.List != "Main" || !slices.Equal(a.Tags, []string{"vip", "client"}) || a.FirstName != "Ann" || a.LastName != "Lee" {
		t.Errorf("a = %+v", a)
	}
	wantB := []string{"email_marketing:basis", "email_marketing:withdrawal", "email_marketing:bounce"}
	if got := kinds(b.Evidence); !slices.Equal(got, wantB) {
		t.Errorf("b evidence = %q, want %q", got, wantB)
	}
	if w := b.Evidence[1]; w.Detail != "too many mails" || !w.At.Equal(time.Date(2024, 5, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("withdrawal = %+v", w)
	}
}

// TestMappingOverrides: a mapping names columns of a generic file and
// overrides or completes a detected format.
func TestMappingOverrides(t *testing.T) {
	generic := "Adresse,Quand,Comment\nx@example.com,2023-01-01 10:00:00,salon\n"
	_, recs := records(t, "a.csv", []byte(generic), esp.Options{Mapping: esp.Mapping{"email": "Adresse", "consent_at": "Quand", "consent_method": "Comment"}})
	if got := kinds(recs[0].Evidence); !slices.Equal(got, []string{"email_marketing:consent"}) || recs[0].Evidence[0].Method != "salon" {
		t.Errorf("generic evidence = %+v", recs[0].Evidence)
	}

	mc := `"Email Address","Date opt-in",OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,Formulaire
x@example.com,2020-02-02 02:02:02,,,"2021-06-01 12:00:00",footer
`
	opts := esp.Options{Mapping: esp.Mapping{"optin_at": "Date opt-in", "consent_source": "formulaire"}}
	f, recs := records(t, "subscribed_email_audience_export_a1b2c3d4e5.csv", []byte(mc), opts)
	want := []esp.Evidence{
		{Purpose: esp.PurposeEmail, Kind: esp.Signup, At: time.Date(2020, 2, 2, 2, 2, 2, 0, time.UTC), Columns: "Date opt-in, OPTIN_IP"},
		{Purpose: esp.PurposeEmail, Kind: esp.Consent, At: time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC), Columns: "CONFIRM_TIME"},
		{Purpose: esp.PurposeEmail, Kind: esp.Declared, Source: "footer", Columns: "Formulaire"},
	}
	if !slices.Equal(recs[0].Evidence, want) {
		t.Errorf("mailchimp evidence = %+v\nwant %+v", recs[0].Evidence, want)
	}
	if f.Info.Mapping["optin_at"] != "Date opt-in" || attr(recs[0], "OPTIN_TIME") != "" {
		t.Errorf("mapping = %s", f.Info.Mapping)
	}
}

// TestOtherCRMSamples: the Pipedrive sample is read through the generic
// guesses; the Salesforce consent sample has no address column.
func TestOtherCRMSamples(t *testing.T) {
	_, recs := records(t, "pipedrive_persons.csv", fixture(t, "pipedrive_persons.csv"), esp.Options{})
	if recs[0].Name != "Mia Schulz" || !slices.Equal(kinds(recs[0].Evidence), []string{"email_marketing:declared"}) ||
		!slices.Equal(kinds(recs[1].Evidence), []string{"email_marketing:never_subscribed"}) {
		t.Errorf("pipedrive = %+v, %+v", recs[0], recs[1])
	}
	err := openErr(t, "sf.csv", fixture(t, "salesforce_contactpointtypeconsent.csv"), esp.Options{})
	if e := gdprkit.AsError(err); e == nil || e.Key != "esp.no_email_column" {
		t.Errorf("salesforce sample: error %v, want esp.no_email_column", err)
	}
}

// TestDayMonthOrder: each column's order is decided from its own values;
// a column that never proves it is read day first, or month first in an
// American zone.
func TestDayMonthOrder(t *testing.T) {
	data := "email,signed,changed,ambiguous\n" +
		"a@example.com,03/04/2023,04/03/2023 10:00,02/03/2023\n" +
		"b@example.com,25/04/2023,04/25/2023 10:00,05/06/2023\n"
	f, recs := records(t, "dates.csv", []byte(data), esp.Options{Mapping: esp.Mapping{"optin_at": "signed", "updated_at": "changed", "created_at": "ambiguous"}})
	if got := recs[0].Evidence[0].At; !got.Equal(time.Date(2023, 4, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("signed = %v, want 3 April (day first)", got)
	}
	if got := recs[0].UpdatedAt; !got.Equal(time.Date(2023, 4, 3, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("changed = %v, want 3 April (month first)", got)
	}
	if got := recs[0].CreatedAt; !got.Equal(time.Date(2023, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ambiguous = %v, want 2 March (day first by default)", got)
	}
	want := map[string]string{"signed": "DD/MM/YYYY", "changed": "MM/DD/YYYY HH:MM", "ambiguous": "DD/MM/YYYY"}
	for col, layout := range want {
		if got := f.Info.DateLayouts[col]; got != layout {
			t.Errorf("layout of %s = %q, want %q", col, got, layout)
		}
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	_, recs = records(t, "dates.csv", []byte(data), esp.Options{Location: ny, Mapping: esp.Mapping{"created_at": "ambiguous"}})
	if got := recs[0].CreatedAt; !got.Equal(time.Date(2023, 2, 3, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("ambiguous in New York = %v, want 3 February 00:00 EST", got)
	}
}

// TestBadDate: the warning names the column, the value (in the detail and
// on its own) and the layouts expected; the row is kept.
func TestBadDate(t *testing.T) {
	data := "\"Email Address\",OPTIN_TIME,OPTIN_IP\nx@example.com,\"2023-02-30 10:00:00\",192.0.2.1\n"
	_, recs := records(t, "subscribed_email_audience_export_a1b2c3d4e5.csv", []byte(data), esp.Options{})
	w := recs[0].Warnings
	want := `cannot read "2023-02-30 10:00:00" as a date; expected YYYY-MM-DD HH:MM:SS`
	if len(w) != 1 || w[0].Code != esp.CodeBadDate || w[0].Column != "OPTIN_TIME" || w[0].Line != 2 || w[0].Detail != want ||
		w[0].Value != "2023-02-30 10:00:00" {
		t.Fatalf("warnings = %+v", w)
	}
	if got := w[0].Error(); got != "subscribed_email_audience_export_a1b2c3d4e5.csv:2: column OPTIN_TIME: "+want {
		t.Errorf("Error() = %q", got)
	}
	if got := kinds(recs[0].Evidence); !slices.Equal(got, []string{"email_marketing:signup", "email_marketing:declared"}) {
		t.Errorf("evidence = %q: the IP still tells of a signup, with no date", got)
	}
	if e := recs[0].Evidence[0]; e.IP != "192.0.2.1" || !e.At.IsZero() {
		t.Errorf("signup = %+v", e)
	}
}
