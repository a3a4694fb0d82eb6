package campaign

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

// The export back to the e-mailing tool: the clean base (every contact
// whose consent for the purpose is documented, the campaign's confirmed
// ones included) as a CSV the tool imports, with the consent columns
// filled so the tool holds the proof too (formats.md §1).

// Export formats.
const (
	ExportMailchimp = "mailchimp"
	ExportBrevo     = "brevo"
	ExportMailjet   = "mailjet"
	ExportGeneric   = "generic"
)

// ExportFormats lists them.
var ExportFormats = []string{ExportMailchimp, ExportBrevo, ExportMailjet, ExportGeneric}

// Layout is one format's CSV: its delimiter, header and row.
type Layout struct {
	Comma  rune
	Header []string
	Row    func(r *ExportRow) []string
}

func stamp(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(layout)
}

// Layouts of each format. Times are UTC.
var Layouts = map[string]Layout{
	// Mailchimp's import maps columns to merge fields by header; the
	// consent columns keep the names of its own export.
	ExportMailchimp: {Comma: ',', Header: []string{"Email Address", "First Name", "Last Name", "Language", "OPTIN_TIME", "OPTIN_IP",
		"CONFIRM_TIME", "CONFIRM_IP", "CONSENT_SOURCE"},
		Row: func(r *ExportRow) []string {
			const f = "2006-01-02 15:04:05"
			return []string{r.Email, r.FirstName, r.LastName, r.Language, stamp(r.OptinAt, f), r.OptinIP, stamp(r.ConfirmAt, f), r.ConfirmIP, r.Source}
		}},
	// Brevo: semicolons; DOUBLE_OPT-IN is the category attribute (1 =
	// yes); the times and IPs go to text attributes to create first.
	ExportBrevo: {Comma: ';', Header: []string{"EMAIL", "FIRSTNAME", "LASTNAME", "LANGUAGE", "OPT_IN", "DOUBLE_OPT-IN", "OPTIN_DATE",
		"OPTIN_IP", "DOI_CONFIRMED_AT", "DOI_IP", "CONSENT_SOURCE"},
		Row: func(r *ExportRow) []string {
			const f = "02-01-2006 15:04:05"
			doi := ""
			if !r.ConfirmAt.IsZero() {
				doi = "1"
			}
			return []string{r.Email, r.FirstName, r.LastName, r.Language, "true", doi, stamp(r.OptinAt, f), r.OptinIP,
				stamp(r.ConfirmAt, f), r.ConfirmIP, r.Source}
		}},
	// Mailjet's CSV import: the properties must exist first; import with
	// ImportOptions {"DateTimeFormat":"yyyy-mm-dd hh:nn:ss","TimezoneOffset":0}.
	ExportMailjet: {Comma: ',', Header: []string{"email", "name", "language", "optin_date", "optin_ip", "confirm_date", "confirm_ip",
		"consent_source"},
		Row: func(r *ExportRow) []string {
			const f = "2006-01-02 15:04:05"
			return []string{r.Email, fullName(r), r.Language, stamp(r.OptinAt, f), r.OptinIP, stamp(r.ConfirmAt, f), r.ConfirmIP, r.Source}
		}},
	ExportGeneric: {Comma: ',', Header: []string{"email", "first_name", "last_name", "language", "optin_at", "optin_ip", "confirmed_at",
		"confirm_ip", "consent_source"},
		Row: func(r *ExportRow) []string {
			return []string{r.Email, r.FirstName, r.LastName, r.Language, stamp(r.OptinAt, time.RFC3339), r.OptinIP,
				stamp(r.ConfirmAt, time.RFC3339), r.ConfirmIP, r.Source}
		}},
}

func fullName(r *ExportRow) string {
	switch {
	case r.FirstName != "" && r.LastName != "":
		return r.FirstName + " " + r.LastName
	case r.FirstName != "":
		return r.FirstName
	}
	return r.LastName
}

// ProofEvent is a consent event as the export reads it.
type ProofEvent struct {
	Action     string
	OccurredAt time.Time
	IP         string
}

// Proof picks the export's consent columns from a contact's events for the
// purpose: the opt-in is the first sign-up (or consent, or pending double
// opt-in), the confirmation the last confirmation. A contact whose only
// act is a re-permission confirmation opted in by confirming.
func Proof(evs []ProofEvent) (optinAt time.Time, optinIP string, confirmAt time.Time, confirmIP string) {
	for _, e := range evs {
		switch e.Action {
		case "signup", "consent", "pending":
			if optinAt.IsZero() || (!e.OccurredAt.IsZero() && e.OccurredAt.Before(optinAt)) {
				optinAt, optinIP = e.OccurredAt, e.IP
			}
		case "confirmation":
			if confirmAt.IsZero() || e.OccurredAt.After(confirmAt) {
				confirmAt, confirmIP = e.OccurredAt, e.IP
			}
		}
	}
	if optinAt.IsZero() {
		optinAt, optinIP = confirmAt, confirmIP
	}
	return optinAt, optinIP, confirmAt, confirmIP
}

// Export writes the clean base for purpose in format to w, formula-safe,
// and records it in the audit trail. It returns how many contacts it
// wrote.
func (s *Service) Export(ctx context.Context, w io.Writer, format, purpose string) (int, error) {
	l, ok := Layouts[format]
	if !ok {
		return 0, gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.export_format", nil, "export format must be mailchimp, brevo, mailjet or generic")
	}
	if purpose == "" {
		purpose = "email_marketing"
	}
	cw := spreadsheet.NewCSV(w, spreadsheet.CSVOptions{Comma: l.Comma})
	if err := cw.Write(l.Header); err != nil {
		return 0, err
	}
	n := 0
	err := s.Store.EachDocumented(ctx, purpose, func(r ExportRow) error {
		n++
		return cw.Write(l.Row(&r))
	})
	if ferr := cw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return n, err
	}
	detail, _ := json.Marshal(map[string]any{"format": format, "purpose": purpose, "contacts": n})
	if s.Audit != nil {
		return n, s.recordExport(ctx, string(detail))
	}
	return n, nil
}
