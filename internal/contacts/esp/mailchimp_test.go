package esp_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

func at(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestMailchimpSamples reads the formats.md samples and checks what each
// row proves.
func TestMailchimpSamples(t *testing.T) {
	tests := []struct {
		file   string
		status string
		email  string
		kinds  []string
		check  func(t *testing.T, r *esp.Record)
	}{
		{"subscribed_email_audience_export_a1b2c3d4e5.csv", "subscribed", "alice.martin@example.com",
			[]string{"email_marketing:signup", "email_marketing:confirmation"},
			func(t *testing.T, r *esp.Record) {
				want := []esp.Evidence{
					{Purpose: esp.PurposeEmail, Kind: esp.Signup, At: at("2023-03-14 09:12:45"), IP: "203.0.113.17", Channel: esp.ChannelWebForm, Columns: "OPTIN_TIME, OPTIN_IP"},
					{Purpose: esp.PurposeEmail, Kind: esp.Confirmation, At: at("2023-03-14 09:14:02"), IP: "203.0.113.17", Channel: esp.ChannelEmail, Columns: "CONFIRM_TIME, CONFIRM_IP"},
				}
				if !slices.Equal(r.Evidence, want) {
					t.Errorf("evidence = %+v, want %+v", r.Evidence, want)
				}
				if !slices.Equal(r.Tags, []string{"Newsletter", "Webinar 2023"}) {
					t.Errorf("tags = %q", r.Tags)
				}
				if r.FirstName != "Alice" || r.LastName != "Martin" || !r.UpdatedAt.Equal(at("2024-11-02 18:40:11")) {
					t.Errorf("names, updated = %q %q %v", r.FirstName, r.LastName, r.UpdatedAt)
				}
				if attr(r, "TIMEZONE") != "europe/paris" || attr(r, "MEMBER_RATING") != "4" || attr(r, "EUID") != "a1b2c3d4e5" {
					t.Errorf("attrs = %v", r.Attrs)
				}
			}},
		{"subscribed_email_audience_export_a1b2c3d4e5.csv", "subscribed", "bob.dupont@example.org",
			[]string{"email_marketing:consent"},
			func(t *testing.T, r *esp.Record) {
				e := r.Evidence[0]
				if !e.At.Equal(at("2021-06-01 12:00:00")) || e.IP != "" || e.Columns != "CONFIRM_TIME" || !r.UpdatedAt.Equal(e.At) {
					t.Errorf("imported contact: evidence %+v, updated %v", e, r.UpdatedAt)
				}
			}},
		{"unsubscribed_email_audience_export_a1b2c3d4e5.csv", "unsubscribed", "carla.rossi@example.com",
			[]string{"email_marketing:signup", "email_marketing:confirmation", "email_marketing:withdrawal"},
			func(t *testing.T, r *esp.Record) {
				w := r.Evidence[2]
				if !w.At.Equal(at("2024-05-06 07:45:12")) || w.Source != "May Newsletter" || w.Channel != esp.ChannelEmail ||
					w.Detail != "I no longer want to receive these emails; campaign: May Newsletter" {
					t.Errorf("withdrawal = %+v", w)
				}
				if !r.UpdatedAt.IsZero() {
					t.Errorf("no LAST_CHANGED in the unsubscribed file, but UpdatedAt = %v", r.UpdatedAt)
				}
			}},
		{"unsubscribed_email_audience_export_a1b2c3d4e5.csv", "unsubscribed", "dan.smith@example.org",
			[]string{"email_marketing:consent", "email_marketing:withdrawal"},
			func(t *testing.T, r *esp.Record) {
				if w := r.Evidence[1]; w.Detail != "N/A (Unsubscribed by an admin)" || w.Channel != esp.ChannelAdmin {
					t.Errorf("withdrawal = %+v", w)
				}
			}},
		{"cleaned_email_audience_export_a1b2c3d4e5.csv", "cleaned", "erin.kelly@example.com",
			[]string{"email_marketing:signup", "email_marketing:confirmation", "email_marketing:bounce"},
			func(t *testing.T, r *esp.Record) {
				if b := r.Evidence[2]; !b.At.Equal(at("2024-08-19 03:12:09")) || b.Source != "Summer Sale" {
					t.Errorf("bounce = %+v", b)
				}
			}},
		{"cleaned_email_audience_export_a1b2c3d4e5.csv", "cleaned", "frank.weber@example.org",
			[]string{"email_marketing:consent", "email_marketing:bounce"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			f, recs := records(t, tt.file, fixture(t, tt.file), esp.Options{})
			if f.Info.Format != esp.Mailchimp || f.Info.FileStatus != tt.status || f.Info.List != "a1b2c3d4e5" {
				t.Errorf("format, status, list = %s, %s, %s", f.Info.Format, f.Info.FileStatus, f.Info.List)
			}
			i := slices.Index(emails(recs), tt.email)
			if i < 0 {
				t.Fatalf("no record for %s in %q", tt.email, emails(recs))
			}
			r := recs[i]
			if got := kinds(r.Evidence); !slices.Equal(got, tt.kinds) {
				t.Errorf("evidence kinds = %q, want %q", got, tt.kinds)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

// TestMailchimpMapping: every Mailchimp file reports what it understood.
func TestMailchimpMapping(t *testing.T) {
	name := "subscribed_email_audience_export_a1b2c3d4e5.csv"
	f := open(t, name, fixture(t, name), esp.Options{})
	want := `email="Email Address",first_name="First Name",last_name="Last Name",phone="Phone Number",optin_at="OPTIN_TIME",optin_ip="OPTIN_IP",confirm_at="CONFIRM_TIME",confirm_ip="CONFIRM_IP",updated_at="LAST_CHANGED",tags="TAGS"`
	if got := f.Info.Mapping.String(); got != want {
		t.Errorf("mapping = %s\nwant      %s", got, want)
	}
	read(t, f)
	if got := f.Info.DateLayouts["OPTIN_TIME"]; got != "YYYY-MM-DD HH:MM:SS" {
		t.Errorf("OPTIN_TIME layout = %q", got)
	}
}

// mailchimpNonsubscribed is a non-subscribed file: the subscribed layout.
const mailchimpNonsubscribed = `"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LAST_CHANGED,LEID,EUID,NOTES,TAGS
gina.costa@example.com,Gina,Costa,2,,,,,"2022-02-02 10:00:00",118276547,4e5f6a7b8c,,
`

// TestMailchimpArchive reads the four status files of a ZIP export,
// inside a folder and next to the files macOS adds.
func TestMailchimpArchive(t *testing.T) {
	data := zipOf(t,
		"audience/subscribed_email_audience_export_a1b2c3d4e5.csv", string(fixture(t, "subscribed_email_audience_export_a1b2c3d4e5.csv")),
		"audience/unsubscribed_email_audience_export_a1b2c3d4e5.csv", string(fixture(t, "unsubscribed_email_audience_export_a1b2c3d4e5.csv")),
		"audience/cleaned_email_audience_export_a1b2c3d4e5.csv", string(fixture(t, "cleaned_email_audience_export_a1b2c3d4e5.csv")),
		"audience/nonsubscribed_email_audience_export_a1b2c3d4e5.csv", mailchimpNonsubscribed,
		"__MACOSX/audience/._subscribed_email_audience_export_a1b2c3d4e5.csv", "\x00\x05\x16\x07binary",
		"audience/.DS_Store", "\x00\x00\x00\x01Bud1",
	)
	files := openAll(t, "audience_export.zip", data, esp.Options{})
	var got []string
	for _, f := range files {
		recs, probs := read(t, f)
		if len(probs) > 0 {
			t.Errorf("%s: problems %v", f.Info.Name, probs)
		}
		got = append(got, f.Info.FileStatus+":"+strings.Join(emails(recs), "+"))
		if !strings.HasPrefix(f.Info.Name, "audience_export.zip/audience/") {
			t.Errorf("name = %q", f.Info.Name)
		}
	}
	want := []string{
		"subscribed:alice.martin@example.com+bob.dupont@example.org",
		"unsubscribed:carla.rossi@example.com+dan.smith@example.org",
		"cleaned:erin.kelly@example.com+frank.weber@example.org",
		"nonsubscribed:gina.costa@example.com",
	}
	if !slices.Equal(got, want) {
		t.Errorf("files = %q, want %q", got, want)
	}
}

// TestMailchimpStatus: the status comes from the file name (current and
// older naming), else from the UNSUB_*/CLEAN_* columns; a file that tells
// neither gets no status, and its rows are not assumed subscribed.
func TestMailchimpStatus(t *testing.T) {
	sub := string(fixture(t, "subscribed_email_audience_export_a1b2c3d4e5.csv"))
	unsub := string(fixture(t, "unsubscribed_email_audience_export_a1b2c3d4e5.csv"))
	clean := string(fixture(t, "cleaned_email_audience_export_a1b2c3d4e5.csv"))
	tests := []struct {
		name, data, status, list string
		last                     []string // evidence kinds of the last row
	}{
		{"subscribed_members_export_7f3e2a.csv", sub, "subscribed", "7f3e2a", []string{"email_marketing:consent"}},
		{"unsubscribed_members_export_7f3e2a.csv", unsub, "unsubscribed", "7f3e2a", []string{"email_marketing:consent", "email_marketing:withdrawal"}},
		{"cleaned_members_export_7f3e2a.csv", clean, "cleaned", "7f3e2a", []string{"email_marketing:consent", "email_marketing:bounce"}},
		{"subscribed_email_segment_export_9z8y7x.csv", sub, "subscribed", "9z8y7x", []string{"email_marketing:consent"}},
		{"subscribed_email_audience_export_a1b2c3d4e5 (1).csv", sub, "subscribed", "a1b2c3d4e5", []string{"email_marketing:consent"}},
		{"desabonnes.csv", unsub, "unsubscribed", "", []string{"email_marketing:consent", "email_marketing:withdrawal"}},
		{"nettoyes.csv", clean, "cleaned", "", []string{"email_marketing:consent", "email_marketing:bounce"}},
		{"contacts.csv", sub, "", "", []string{"email_marketing:consent"}},
		{"contacts.csv", mailchimpNonsubscribed, "", "", nil},
		{"nonsubscribed_email_audience_export_a1b2c3d4e5.csv", mailchimpNonsubscribed, "nonsubscribed", "a1b2c3d4e5", []string{"email_marketing:never_subscribed"}},
		{"subscribed_email_audience_export_a1b2c3d4e5.csv", mailchimpNonsubscribed, "subscribed", "a1b2c3d4e5", []string{"email_marketing:declared"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, recs := records(t, tt.name, []byte(tt.data), esp.Options{})
			if f.Info.Format != esp.Mailchimp || f.Info.FileStatus != tt.status || f.Info.List != tt.list {
				t.Errorf("format, status, list = %s, %q, %q; want mailchimp, %q, %q", f.Info.Format, f.Info.FileStatus, f.Info.List, tt.status, tt.list)
			}
			if got := kinds(recs[len(recs)-1].Evidence); !slices.Equal(got, tt.last) {
				t.Errorf("last row evidence = %q, want %q", got, tt.last)
			}
		})
	}
}

// TestMailchimpQuirks covers the rest of the §8 Mailchimp checklist: old
// layout with LATITUDE/LONGITUDE and unquoted headers, loopback opt-in IP,
// NOTES over two lines, nested TAGS quotes, CamelCase TIMEZONE, unknown
// merge fields, GDPR permissions and the SMS channel.
func TestMailchimpQuirks(t *testing.T) {
	data := "Email Address,First Name,Last Name,Company,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS,Email,Direct Mail,Customized Online Advertising,SMS Phone Number,SMS_MARKETING_STATUS,Phone Number\r\n" +
		"hugo.lambert@example.com,Hugo,Lambert,Acme,2,\"2013-06-25 17:38:27\",127.0.0.1,\"2013-06-25 17:38:27\",,48.85,2.35,-8,-7,America/Los_Angeles,US,CA,\"2013-06-25 17:38:27\",21,1a2b3c4d5e,\"Met at the fair\r\ncall back in April\",\"\"\"Member\"\",\"\"2025 waiver\"\"\",Yes,No,,'+33 6 12 34 56 78,Subscribed,\r\n" +
		"ines.morel@example.org,Ines,Morel,,3,,,,,,,,,,,,\"2014-01-01 00:00:00\",22,2b3c4d5e6f,,,,,,,Non-subscribed,+33 1 23 45 67 89\r\n"
	f, recs := records(t, "subscribed_members_export_1a2b3c.csv", []byte(data), esp.Options{})
	hugo, ines := recs[0], recs[1]
	if hugo.Line != 2 || ines.Line != 4 {
		t.Errorf("lines = %d, %d; want 2, 4 (NOTES spans two lines)", hugo.Line, ines.Line)
	}
	wantKinds := []string{"email_marketing:signup", "email_marketing:consent", "email_marketing:declared", "direct_mail:withdrawal", "sms_marketing:declared"}
	if got := kinds(hugo.Evidence); !slices.Equal(got, wantKinds) {
		t.Errorf("evidence = %q, want %q", got, wantKinds)
	}
	if s := hugo.Evidence[0]; s.IP != "127.0.0.1" || s.Channel != esp.ChannelWebForm {
		t.Errorf("signup = %+v: the IP is kept as written, the audit weighs it", s)
	}
	if !slices.Equal(hugo.Tags, []string{"Member", "2025 waiver"}) {
		t.Errorf("tags = %q", hugo.Tags)
	}
	if attr(hugo, "NOTES") != "Met at the fair\ncall back in April" || attr(hugo, "Company") != "Acme" || attr(hugo, "TIMEZONE") != "America/Los_Angeles" || attr(hugo, "LATITUDE") != "48.85" {
		t.Errorf("attrs = %v", hugo.Attrs)
	}
	if hugo.Phone != "+33 6 12 34 56 78" {
		t.Errorf("phone = %q, want the SMS number without its apostrophe", hugo.Phone)
	}
	if got := kinds(ines.Evidence); !slices.Equal(got, []string{"email_marketing:declared", "sms_marketing:never_subscribed"}) {
		t.Errorf("ines evidence = %q", got)
	}
	if ines.Phone != "+33 1 23 45 67 89" {
		t.Errorf("ines phone = %q", ines.Phone)
	}
	if f.Info.Mapping["email"] != "Email Address" {
		t.Errorf("the address column is %q; Email is a permission", f.Info.Mapping["email"])
	}
}

// mailchimpMerged is the header of a real 2013 audience export (code.org's
// volunteer list, addresses replaced): no status in the file name, and
// UNSUB_* columns, some twice, kept for every contact, empty for those
// still subscribed. The third row is invented: an unsubscribed contact.
const mailchimpMerged = `"Email Address",Name,"ZIP code","Help time",Country,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,"MailChimp Integration",Languages,"Help Location",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES
rick@example.com,"Rick Hawkins",98110,,,,,,,,,,,"JavaScript, Perl, PHP","On-site at a school",2,,,"2013-06-25 17:38:27",,47.6614000,-122.2930000,-8,-7,America/Los_Angeles,US,WA,"2013-06-27 12:11:50",44877845,c2cb0681af,
hadi@example.com,"Hadi Test",,5hr/wk,Chile,,,,,,,,,"Java, C++","Mentoring students remotely",2,,,"2013-06-25 18:29:10",,33.7767000,-118.1900000,-8,-7,America/Los_Angeles,US,CA,"2013-06-27 12:11:50",44877846,d3dc1792bf,
una@example.com,"Una Sub",,,,c1a2b3,"N/A (Unsubscribed by an admin)","2013-07-01 10:00:00","June news",c1a2b3,,,,,,2,,,"2013-06-25 18:30:00",,,,,,,,,"2013-07-01 10:00:00",44877847,e4ed28a3c0,
`

// TestMailchimpRowStatus: a file that is not named after its status, whose
// UNSUB_*/CLEAN_* columns are filled for some rows only, withdraws or
// bounces those rows alone and claims no status for the whole file.
func TestMailchimpRowStatus(t *testing.T) {
	clean := strings.Replace(string(fixture(t, "cleaned_email_audience_export_a1b2c3d4e5.csv")),
		"\nfrank.weber@example.org,Frank,Weber,1,,,\"2020-01-15 09:00:00\",,,,,,,\"2025-01-03 22:05:48\",\"New Year Digest\",6b5c4d3e2f,",
		"\nfrank.weber@example.org,Frank,Weber,1,,,\"2020-01-15 09:00:00\",,,,,,,,,,", 1)
	tests := []struct {
		name, data, status string
		rows               [][]string // evidence kinds per row
	}{
		{"engineers.csv", mailchimpMerged, "", [][]string{
			{"email_marketing:consent"},
			{"email_marketing:consent"},
			{"email_marketing:consent", "email_marketing:withdrawal"},
		}},
		{"bounces.csv", clean, "", [][]string{
			{"email_marketing:signup", "email_marketing:confirmation", "email_marketing:bounce"},
			{"email_marketing:consent"},
		}},
		// Named after its status, the file speaks for every row.
		{"unsubscribed_members_export_7f3e2a.csv", mailchimpMerged, "unsubscribed", [][]string{
			{"email_marketing:consent", "email_marketing:withdrawal"},
			{"email_marketing:consent", "email_marketing:withdrawal"},
			{"email_marketing:consent", "email_marketing:withdrawal"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, recs := records(t, tt.name, []byte(tt.data), esp.Options{})
			if f.Info.Format != esp.Mailchimp || f.Info.FileStatus != tt.status {
				t.Errorf("format, status = %s, %q; want mailchimp, %q", f.Info.Format, f.Info.FileStatus, tt.status)
			}
			if len(recs) != len(tt.rows) {
				t.Fatalf("%d records, want %d", len(recs), len(tt.rows))
			}
			for i, want := range tt.rows {
				if got := kinds(recs[i].Evidence); !slices.Equal(got, want) {
					t.Errorf("row %d evidence = %q, want %q", i+1, got, want)
				}
			}
		})
	}
	_, recs := records(t, "engineers.csv", []byte(mailchimpMerged), esp.Options{})
	if recs[0].Name != "Rick Hawkins" {
		t.Errorf("name = %q: the Name merge field is the contact's name", recs[0].Name)
	}
	if w := recs[2].Evidence[1]; w.Channel != esp.ChannelAdmin || !strings.Contains(w.Detail, "Unsubscribed by an admin") {
		t.Errorf("withdrawal = %+v", w)
	}
}

// TestMailchimpLabels: merge-field labels follow the account's language or
// were renamed; the address is still found, and so are the names, while a
// GDPR permission column named "Email" stays a permission.
func TestMailchimpLabels(t *testing.T) {
	tests := []struct {
		name, data         string
		email, first, last string
		mapped             string // the address column
	}{
		{"subscribed_email_audience_export_de1234.csv",
			"\"E-Mail-Adresse\",Vorname,Nachname,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LAST_CHANGED,LEID,EUID,Email\n" +
				"hans@example.de,Hans,Müller,2,\"2020-01-02 10:00:00\",203.0.113.5,\"2020-01-02 10:05:00\",203.0.113.5,\"2020-01-02 10:05:00\",1234,abcdef0123,Yes\n",
			"hans@example.de", "Hans", "Müller", "E-Mail-Adresse"},
		{"audience_fr.csv",
			"\"Adresse e-mail\",Prénom,Nom,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,LEID,EUID\n" +
				"anne@example.fr,Anne,Lefèvre,3,,\"2021-06-01 12:00:00\",55,ab12cd34ef\n",
			"anne@example.fr", "Anne", "Lefèvre", "Adresse e-mail"},
		// An older list whose address label is plain "Email".
		{"members.csv",
			"Email,\"First Name\",\"Last Name\",Position,Company,ORIGIN,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES\n" +
				"shiqing@example.com,Shiqing,Zhao,,\"Gallery Asia\",INDIE,2,\"2018-10-11 09:55:14\",,\"2018-10-11 09:55:14\",89.233.144.101,,,,,,,,\"2018-10-11 09:55:14\",90498395,810826c56e,\n",
			"shiqing@example.com", "Shiqing", "Zhao", "Email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, recs := records(t, tt.name, []byte(tt.data), esp.Options{})
			r := recs[0]
			if f.Info.Format != esp.Mailchimp || f.Info.Mapping["email"] != tt.mapped {
				t.Errorf("format, address column = %s, %q; want mailchimp, %q", f.Info.Format, f.Info.Mapping["email"], tt.mapped)
			}
			if r.Email != tt.email || r.FirstName != tt.first || r.LastName != tt.last {
				t.Errorf("email, first, last = %q, %q, %q", r.Email, r.FirstName, r.LastName)
			}
		})
	}
}
