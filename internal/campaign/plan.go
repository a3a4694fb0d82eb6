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
	action := locale.T(lang, "campaign.plan.erase", nil)
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

// CountRow is one line of a purge's counts: its translation key and
// number.
type CountRow struct {
	Key string
	N   int
}

// CountRows lists a purge's counts table by table, in a fixed order.
func CountRows(p PurgeCounts) []CountRow {
	return []CountRow{
		{"campaign.count.contacts", p.Contacts}, {"campaign.count.sources", p.Sources}, {"campaign.count.events", p.Events},
		{"campaign.count.states", p.States}, {"campaign.count.requests", p.Requests}, {"campaign.count.recipients", p.Recipients},
		{"campaign.count.sends", p.Sends}, {"campaign.count.rejects", p.Rejects}, {"campaign.count.audit", p.AuditEntries},
		{"campaign.count.suppressions", p.Suppressions},
	}
}
