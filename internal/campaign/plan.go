package campaign

import (
	"context"
	"encoding/json"
	"io"

	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

// WritePlan writes a campaign's purge plan as CSV (formula-safe), in lang,
// and records the export in the audit trail. It returns the rows written.
func (s *Service) WritePlan(ctx context.Context, w io.Writer, id int64, lang string) (int, error) {
	c, err := s.ended(ctx, id)
	if err != nil {
		return 0, err
	}
	// The plan is downloaded to choose the mode: its action names both.
	action := locale.T(lang, "campaign.plan.either", nil)
	cw := spreadsheet.NewCSV(w, spreadsheet.CSVOptions{})
	head := []string{"email", "first_name", "last_name", "language", "source", "reason", "action"}
	if err := cw.Write(head); err != nil {
		return 0, err
	}
	n := 0
	err = s.EachPlanned(ctx, c.ID, func(r PlanRow) error {
		n++
		reason := r.Outcome
		if reason == "" {
			reason = "no_answer"
		}
		return cw.Write([]string{r.Email, r.FirstName, r.LastName, r.Language, r.Source, locale.T(lang, "campaign.plan.reason."+reason, nil), action})
	})
	if ferr := cw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return n, err
	}
	detail, _ := json.Marshal(map[string]any{"contacts": n})
	return n, s.record(ctx, "purge_plan_exported", idString(id), string(detail))
}

// CountRow is one line of a purge's counts: its translation key, the
// number an erasure touches, and the number keeping the contacts as "do
// not contact" touches (Kept false: that mode leaves the table alone).
type CountRow struct {
	Key  string
	N    int
	Keep int
	Kept bool
}

// CountRows lists a purge's counts table by table, in a fixed order, for
// both modes. p counts an erasure (a dry run); keeping the planned
// contacts as "do not contact" touches only the contacts themselves,
// reassessed as withdrawn, and adds the same suppression entries.
func CountRows(p PurgeCounts) []CountRow {
	planned := p.Suppressions
	return []CountRow{
		{"campaign.count.contacts", p.Contacts, planned, true}, {"campaign.count.sources", p.Sources, 0, false},
		{"campaign.count.events", p.Events, 0, false}, {"campaign.count.states", p.States, 0, false},
		{"campaign.count.requests", p.Requests, 0, false}, {"campaign.count.recipients", p.Recipients, 0, false},
		{"campaign.count.sends", p.Sends, 0, false}, {"campaign.count.rejects", p.Rejects, 0, false},
		{"campaign.count.audit", p.AuditEntries, 0, false}, {"campaign.count.suppressions", p.Suppressions, planned, true},
	}
}
