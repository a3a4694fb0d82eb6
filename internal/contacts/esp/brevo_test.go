package esp_test

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func paris(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	return loc
}

func TestBrevoSample(t *testing.T) {
	f, recs := records(t, "brevo_contacts.csv", fixture(t, "brevo_contacts.csv"), esp.Options{Location: paris(t)})
	if f.Info.Format != esp.Brevo || f.Info.Delimiter != ";" {
		t.Fatalf("format, delimiter = %s, %q", f.Info.Format, f.Info.Delimiter)
	}
	claire, david := recs[0], recs[1]
	wantClaire := []esp.Evidence{
		{Purpose: esp.PurposeEmail, Kind: esp.Confirmation, Columns: "DOUBLE_OPT-IN"},
		{Purpose: esp.PurposeEmail, Kind: esp.Declared, Method: "OPT_IN", Detail: "Yes", Columns: "OPT_IN"},
	}
	if !slices.Equal(claire.Evidence, wantClaire) {
		t.Errorf("claire evidence = %+v, want %+v", claire.Evidence, wantClaire)
	}
	// Dates are in the account's zone; ADDED_TIME is when the contact was
	// added, not a consent time.
	if got, want := claire.CreatedAt, time.Date(2023, 3, 13, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("claire created = %v, want %v", got, want)
	}
	if claire.FirstName != "Claire" || claire.LastName != "PETIT" || attr(claire, "CONTACT_TIMEZONE") != "Europe/Paris" || attr(claire, "CONTACT ID") != "17" {
		t.Errorf("claire = %+v", claire)
	}
	if len(david.Evidence) != 0 || attr(david, "EXT_ID") != "CRM-00918" {
		t.Errorf("david evidence, attrs = %v, %v", david.Evidence, david.Attrs)
	}
}

// TestBrevoDoubleOptIn: DOUBLE_OPT-IN is 1 or Yes for yes, 2 or No for no.
func TestBrevoDoubleOptIn(t *testing.T) {
	data := "EMAIL;DOUBLE_OPT-IN;ADDED_TIME\n" +
		"a@example.com;1;01-02-2023\n" +
		"b@example.com;2;01-02-2023\n" +
		"c@example.com;Yes;01-02-2023\n" +
		"d@example.com;No;01-02-2023\n" +
		"e@example.com;;01-02-2023\n" +
		"f@example.com;Oui;01-02-2023\n" +
		"g@example.com;peut-être;01-02-2023\n"
	_, recs := records(t, "contacts.csv", []byte(data), esp.Options{})
	want := [][]string{{"email_marketing:confirmation"}, nil, {"email_marketing:confirmation"}, nil, nil, {"email_marketing:confirmation"}, nil}
	for i, r := range recs {
		if got := kinds(r.Evidence); !slices.Equal(got, want[i]) {
			t.Errorf("%s: evidence %q, want %q", r.Email, got, want[i])
		}
	}
	if w := recs[6].Warnings; len(w) != 1 || w[0].Code != esp.CodeBadBool || w[0].Column != "DOUBLE_OPT-IN" || w[0].Line != 8 {
		t.Errorf("warnings = %+v, want bad_bool on DOUBLE_OPT-IN line 8", w)
	}
}

// TestBrevoOptIn: OPT_IN is Brevo's single opt-in checkbox. A yes is a
// declaration that names its mechanism (Method "OPT_IN"), which the audit
// grades weak / implied_consent (docs/audit-rules.md, "Declared: weak or
// missing": readers that know a column is an opt-in checkbox say so
// through Method). Read as a bare flag it was missing / status_only, the
// grade of a contact about whom nothing is known.
func TestBrevoOptIn(t *testing.T) {
	tests := []struct {
		value string
		want  []esp.Evidence
	}{
		{"Yes", []esp.Evidence{{Purpose: esp.PurposeEmail, Kind: esp.Declared, Method: "OPT_IN", Detail: "Yes", Columns: "OPT_IN"}}},
		{"1", []esp.Evidence{{Purpose: esp.PurposeEmail, Kind: esp.Declared, Method: "OPT_IN", Detail: "1", Columns: "OPT_IN"}}},
		{"Oui", []esp.Evidence{{Purpose: esp.PurposeEmail, Kind: esp.Declared, Method: "OPT_IN", Detail: "Oui", Columns: "OPT_IN"}}},
		{"No", nil},
		{"2", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			data := "EMAIL;OPT_IN;ADDED_TIME\na@example.com;" + tt.value + ";01-02-2023\n"
			_, recs := records(t, "contacts.csv", []byte(data), esp.Options{})
			if got := recs[0].Evidence; !slices.Equal(got, tt.want) {
				t.Errorf("OPT_IN %q: evidence = %+v, want %+v", tt.value, got, tt.want)
			}
		})
	}
}

// TestBrevoFrenchAccount: French attribute names, a custom confirmation
// time, blacklists, and DD-MM-YYYY HH:MM.
func TestBrevoFrenchAccount(t *testing.T) {
	data := "EMAIL;NOM;PRENOM;SMS;DOUBLE_OPT-IN;DOI_CONFIRMED_AT;OPT_IN;EMAIL_BLACKLISTED;SMS_BLACKLISTED;ADDED_TIME;MODIFIED_TIME\n" +
		"paul.girard@example.com;GIRARD;Paul;+33612345678;1;12-04-2022 09:31;1;0;1;12-04-2022 09:30;02-11-2024\n" +
		"zoe.faure@example.org;FAURE;Zoé;;2;;0;1;0;01-06-2021;01-06-2021\n"
	f, recs := records(t, "contacts.csv", []byte(data), esp.Options{Location: paris(t)})
	paul, zoe := recs[0], recs[1]
	if paul.FirstName != "Paul" || paul.LastName != "GIRARD" || paul.Phone != "+33612345678" {
		t.Errorf("paul = %q %q %q", paul.FirstName, paul.LastName, paul.Phone)
	}
	want := []string{"email_marketing:confirmation", "email_marketing:declared", "sms_marketing:withdrawal"}
	if got := kinds(paul.Evidence); !slices.Equal(got, want) {
		t.Errorf("paul evidence = %q, want %q", got, want)
	}
	if c := paul.Evidence[0]; !c.At.Equal(time.Date(2022, 4, 12, 7, 31, 0, 0, time.UTC)) || c.Columns != "DOUBLE_OPT-IN, DOI_CONFIRMED_AT" {
		t.Errorf("confirmation = %+v", c)
	}
	if got := kinds(zoe.Evidence); !slices.Equal(got, []string{"email_marketing:withdrawal"}) {
		t.Errorf("zoe evidence = %q", got)
	}
	if got := f.Info.DateLayouts["ADDED_TIME"]; got != "DD-MM-YYYY HH:MM, DD-MM-YYYY" {
		t.Errorf("ADDED_TIME layouts = %q", got)
	}
}

// TestBrevoExcelResave: the export re-saved by French Excel is
// Windows-1252 (é = 0xE9, ’ = 0x92) with dates rewritten DD/MM/YYYY.
func TestBrevoExcelResave(t *testing.T) {
	data := []byte("CONTACT ID;EMAIL;NOM;PRENOM;DOUBLE_OPT-IN;OPT_IN;ADDED_TIME;MODIFIED_TIME;COMMENTAIRE\r\n" +
		"17;claire.petit@example.com;PETIT;Claire;1;1;14/03/2023;02/11/2024;Inscrite aujourd\x92hui\r\n" +
		"19;helene.faure@example.org;FAURE;H\xe9l\xe8ne;2;0;01/06/2021 09:14;01/06/2021 09:14;\r\n")
	f, recs := records(t, "contacts_brevo.csv", data, esp.Options{})
	if f.Info.Format != esp.Brevo || f.Info.Encoding != "windows-1252" {
		t.Errorf("format, encoding = %s, %s", f.Info.Format, f.Info.Encoding)
	}
	if recs[1].FirstName != "Hélène" || attr(recs[0], "COMMENTAIRE") != "Inscrite aujourd’hui" {
		t.Errorf("first name, comment = %q, %q", recs[1].FirstName, attr(recs[0], "COMMENTAIRE"))
	}
	if got, want := recs[0].CreatedAt, time.Date(2023, 3, 14, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("created = %v, want %v", got, want)
	}
	if got, want := recs[1].CreatedAt, time.Date(2021, 6, 1, 9, 14, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("created = %v, want %v (day first)", got, want)
	}
}

// TestBrevoAddressLabel: files whose address column is not spelt EMAIL
// (a re-saved or rebuilt export, "Email;Prénom;Nom") are still Brevo when
// Brevo's system attributes are there, and are read as such.
func TestBrevoAddressLabel(t *testing.T) {
	tests := []struct {
		name, data string
		kinds      []string
	}{
		{"Email", "Email;Prénom;Nom;DOUBLE_OPT-IN;ADDED_TIME\nanne@example.fr;Anne;Lefèvre;Oui;14-03-2023\n",
			[]string{"email_marketing:confirmation"}},
		{"E-mail", "E-mail;FIRSTNAME;EMAIL_BLACKLISTED;MODIFIED_TIME\nanne@example.fr;Anne;Yes;14-03-2023\n",
			[]string{"email_marketing:withdrawal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, recs := records(t, "contacts.csv", []byte(tt.data), esp.Options{})
			r := recs[0]
			if f.Info.Format != esp.Brevo || f.Info.Mapping["email"] != tt.name {
				t.Errorf("format, address column = %s, %q", f.Info.Format, f.Info.Mapping["email"])
			}
			if r.Email != "anne@example.fr" || r.FirstName != "Anne" {
				t.Errorf("email, first name = %q, %q", r.Email, r.FirstName)
			}
			if got := kinds(r.Evidence); !slices.Equal(got, tt.kinds) {
				t.Errorf("evidence = %q, want %q", got, tt.kinds)
			}
			if want := time.Date(2023, 3, 14, 0, 0, 0, 0, time.UTC); !r.CreatedAt.Equal(want) && !r.UpdatedAt.Equal(want) {
				t.Errorf("created, updated = %v, %v: ADDED_TIME and MODIFIED_TIME are the provider's dates", r.CreatedAt, r.UpdatedAt)
			}
		})
	}
}
