package report

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

var generated = time.Date(2026, 11, 28, 14, 5, 0, 0, time.FixedZone("CET", 3600))

// sample is a Summary with something in every section; by_status of the
// purposes is deliberately incomplete.
func sample() contacts.Summary {
	return contacts.Summary{
		GeneratedAt:   generated,
		Language:      "fr",
		TotalContacts: 12345,
		ByStatus: map[contacts.Status]int{
			contacts.Documented: 5120, contacts.Weak: 1830, contacts.Missing: 4565,
			contacts.Withdrawn: 640, contacts.Undeliverable: 190, // no other_basis key
		},
		RejectedRows:        17,
		RepermissionSegment: 6395,
		RowsRead:            13002,
		DuplicatesMerged:    640,
		LikelyDuplicates:    12,
		Files: []contacts.FileSummary{
			{Path: "exports/members_export_<b>.zip/subscribed_members.csv", Format: "mailchimp", Encoding: "utf-8", Delimiter: ",",
				Rows: 11000, Rejected: 15, List: "Newsletter", FileStatus: "subscribed",
				SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
			{Path: "brevo.csv", Format: "brevo", Encoding: "windows-1252", Delimiter: ";", Rows: 2002, Rejected: 2,
				SHA256: "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"},
		},
		ByPurpose: []contacts.PurposeSummary{
			{Purpose: "email_marketing", ByStatus: map[contacts.Status]int{contacts.Documented: 5000, contacts.Weak: 1800, contacts.Missing: 2200}},
			{Purpose: "sms_marketing", ByStatus: map[contacts.Status]int{contacts.Missing: 300, contacts.Withdrawn: 20}},
		},
		ByReason: []contacts.Count{
			{Key: "doi_confirmed", Count: 4100}, {Key: "no_consent_time", Count: 2210}, {Key: "private_ip", Count: 900},
		},
		ConsentAge: []contacts.Count{
			{Key: contacts.AgeUnder1, Count: 1200}, {Key: contacts.Age1to2, Count: 900}, {Key: contacts.Age2to3, Count: 700},
			{Key: contacts.Age3to5, Count: 1500}, {Key: contacts.AgeOver5, Count: 2300}, {Key: contacts.AgeNone, Count: 5745},
		},
		Sources:      []contacts.Count{{Key: "web_form", Count: 6000}, {Key: "import", Count: 4000}, {Key: "unknown", Count: 2345}},
		Warnings:     3,
		WarningsFile: "warnings.csv",
		FirstWarnings: []contacts.Warning{
			{File: "brevo.csv", Line: 14, Column: "DATE_OPTIN", Code: "bad_date", Value: "31/02/2021",
				Detail: `cannot read "31/02/2021" as a date; expected DD/MM/YYYY`},
			{File: "brevo.csv", Line: 90, Column: "DOUBLE_OPT-IN", Code: "bad_bool", Value: "<b>peut-être</b>",
				Detail: `cannot read "<b>peut-être</b>" as yes or no`},
		},
		DocumentedShare: 5120.0 / 12345,
	}
}

func sampleRow() contacts.Row {
	return contacts.Row{
		Email:           "ada@example.com",
		FirstName:       "Ada",
		LastName:        "Lovelace",
		DataHeld:        []string{"email", "first_name", "last_name"},
		Source:          "subscribed_members.csv:2 +1",
		SharedWith:      "mailchimp",
		ConsentChannel:  "web_form",
		ConsentSource:   "footer form",
		Purpose:         "email_marketing: documented",
		ConsentAt:       time.Date(2023, 3, 14, 10, 14, 2, 0, time.FixedZone("CET", 3600)),
		Proof:           "confirmed 2023-03-14 from 203.0.113.4",
		Status:          contacts.Documented,
		Reasons:         []contacts.Reason{"doi_confirmed", "consent_time"},
		LikelyDuplicate: "a.da@example.com",
		Language:        "en",
	}
}
