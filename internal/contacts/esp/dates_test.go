package esp

import (
	"testing"
	"time"
)

// TestDateLayouts: each provider's layouts, with the instant read and the
// layout name recorded in FileInfo.DateLayouts.
func TestDateLayouts(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	tests := []struct {
		value  string
		loc    *time.Location
		want   time.Time
		layout string
	}{
		{"2023-03-14 09:12:45", nil, utc(2023, 3, 14, 9, 12, 45, 0), "YYYY-MM-DD HH:MM:SS"},                                          // Mailchimp, Klaviyo
		{"2023-03-14 09:12:45", paris, utc(2023, 3, 14, 8, 12, 45, 0), "YYYY-MM-DD HH:MM:SS"},                                        // zone-less: Options.Location
		{"2023-07-14 09:12:45", paris, utc(2023, 7, 14, 7, 12, 45, 0), "YYYY-MM-DD HH:MM:SS"},                                        // summer time
		{"2023-05-12 14:32", nil, utc(2023, 5, 12, 14, 32, 0, 0), "YYYY-MM-DD HH:MM"},                                                // HubSpot
		{"2023-05-12", nil, utc(2023, 5, 12, 0, 0, 0, 0), "YYYY-MM-DD"},                                                              //
		{"1678785242000", paris, utc(2023, 3, 14, 9, 14, 2, 0), "Unix epoch (milliseconds)"},                                         // HubSpot API
		{"1678785242", nil, utc(2023, 3, 14, 9, 14, 2, 0), "Unix epoch (seconds)"},                                                   //
		{"2023-03-14T09:14:02+00:00", paris, utc(2023, 3, 14, 9, 14, 2, 0), "YYYY-MM-DDTHH:MM:SS±hh:mm"},                             // Klaviyo
		{"2023-03-14 09:14:02+01:00", nil, utc(2023, 3, 14, 8, 14, 2, 0), "YYYY-MM-DD HH:MM:SS±hh:mm"},                               //
		{"2023-03-14T09:14:02.123456789Z", nil, utc(2023, 3, 14, 9, 14, 2, 123456789), "YYYY-MM-DDTHH:MM:SS.fffZ"},                   // RFC 3339
		{"2023-03-14T09:14:02.5-0700", nil, utc(2023, 3, 14, 16, 14, 2, 500000000), "YYYY-MM-DDTHH:MM:SS.fff±hhmm"},                  //
		{"2023-03-14T09:14:02", paris, utc(2023, 3, 14, 8, 14, 2, 0), "YYYY-MM-DDTHH:MM:SS"},                                         //
		{"2023-03-14 09:14:02.123456 +0000 UTC", paris, utc(2023, 3, 14, 9, 14, 2, 123456000), "YYYY-MM-DD HH:MM:SS.fff ±hhmm ZONE"}, // listmonk
		{"2023-03-14 09:14:02 +0000 +0000", nil, utc(2023, 3, 14, 9, 14, 2, 0), "YYYY-MM-DD HH:MM:SS ±hhmm ZONE"},                    // listmonk, lib/pq zone
		{"2023-03-14 10:14:02 +0100 CET m=+0.000012", nil, utc(2023, 3, 14, 9, 14, 2, 0), "YYYY-MM-DD HH:MM:SS ±hhmm ZONE"},
		{"2023-03-14 09:14:02 UTC", paris, utc(2023, 3, 14, 9, 14, 2, 0), "YYYY-MM-DD HH:MM:SS ZONE"},
		{"14-03-2023", nil, utc(2023, 3, 14, 0, 0, 0, 0), "DD-MM-YYYY"},                                            // Brevo
		{"12-04-2022 09:30", paris, utc(2022, 4, 12, 7, 30, 0, 0), "DD-MM-YYYY HH:MM"},                             //
		{"14/03/2023 09:14", nil, utc(2023, 3, 14, 9, 14, 0, 0), "DD/MM/YYYY HH:MM"},                               // French Excel
		{"14/03/23", nil, utc(2023, 3, 14, 0, 0, 0, 0), "DD/MM/YY"},                                                //
		{"14.03.2023 09:14:02", nil, utc(2023, 3, 14, 9, 14, 2, 0), "DD.MM.YYYY HH:MM:SS"},                         // German Excel
		{"3/14/2023 9:14 PM", nil, utc(2023, 3, 14, 21, 14, 0, 0), "MM/DD/YYYY HH:MM AM/PM"},                       // US Excel: 14 proves the order
		{"2023/03/14", nil, utc(2023, 3, 14, 0, 0, 0, 0), "YYYY/MM/DD"},                                            //
		{"Tue, 14 Mar 2023 09:14:02 +0000", nil, utc(2023, 3, 14, 9, 14, 2, 0), "Mon, 02 Jan 2006 15:04:05 -0700"}, //
		{"14 Mar 2023", nil, utc(2023, 3, 14, 0, 0, 0, 0), "2 Jan 2006"},                                           //
	}
	for _, tt := range tests {
		d := newDates([]string{"c"}, tt.loc, map[string]string{})
		got, ok := d.parse(0, tt.value)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("parse(%q) = %v, %v; want %v", tt.value, got, ok, tt.want)
		}
		if d.layouts["c"] != tt.layout {
			t.Errorf("layout of %q = %q, want %q", tt.value, d.layouts["c"], tt.layout)
		}
	}
}

func TestBadDates(t *testing.T) {
	for _, v := range []string{"2023-02-29 10:00:00", "2023-13-01", "2023-03-14 24:00:00", "2023-03-14 09:60", "31/02/2023",
		"yesterday", "2023-03-14 09:14:02 +2500", "123", "2023-03-14T09:14:02+01:00 junk", "14/03/202", "13/13/2023",
		"2023-03-14 09:14:02 Europe/Paris", "2023-03-14 09:14:02+01:00 CET", "2023-03-14 09:14:02 +0000 utc"} {
		d := newDates([]string{"c"}, nil, map[string]string{})
		if got, ok := d.parse(0, v); ok {
			t.Errorf("parse(%q) = %v, want no date", v, got)
		}
	}
}

// TestDateCache: the layout that worked is tried first, a repeated value
// is not parsed again, and a column mixing layouts lists them all.
func TestDateCache(t *testing.T) {
	d := newDates([]string{"c"}, nil, map[string]string{})
	for _, v := range []string{"2023-03-14 09:12:45", "2023-03-14 09:12:45", "14/03/2023", "2023-03-15 10:00:00"} {
		if _, ok := d.parse(0, v); !ok {
			t.Fatalf("parse(%q) failed", v)
		}
	}
	if got, want := d.layouts["c"], "YYYY-MM-DD HH:MM:SS, DD/MM/YYYY"; got != want {
		t.Errorf("layouts = %q, want %q", got, want)
	}
	if d.cols[0].kind != kindYMD {
		t.Errorf("cached kind = %d, want the last that worked", d.cols[0].kind)
	}
}

// TestUnixDays checks the fast UTC path against time.Date for every day
// from 1900 to 2100.
func TestUnixDays(t *testing.T) {
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2101; d = d.AddDate(0, 0, 1) {
		if got, want := unixDays(d.Year(), int(d.Month()), d.Day()), d.Unix()/86400; got != want {
			t.Fatalf("unixDays(%s) = %d, want %d", d.Format(time.DateOnly), got, want)
		}
	}
}
