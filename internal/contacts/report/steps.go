package report

import "github.com/gdprkit/gdprkit/internal/contacts"

// nextSteps maps the audit to the kit's actions, most urgent first: the
// re-permission campaign (weak and missing), suppression (withdrawn and
// undeliverable), the conditions of other bases, rejected rows, likely
// duplicates, and keeping the proof of what is documented.
func nextSteps(s contacts.Summary, t *tr) []step {
	by := s.ByStatus
	mk := func(name string, n int, unit string) step {
		st := step{Title: t.t("report.next." + name + ".title"), Text: t.t("report.next." + name + ".text"), Done: n == 0}
		st.Count = t.n("report.next."+unit, n)
		if st.Done {
			st.Count = t.t("report.next.nothing")
		}
		return st
	}
	return []step{
		mk("repermission", s.RepermissionSegment, "contacts"),
		mk("suppress", by[contacts.Withdrawn]+by[contacts.Undeliverable], "contacts"),
		mk("other_basis", by[contacts.OtherBasis], "contacts"),
		mk("rejected", s.RejectedRows, "rows"),
		mk("duplicates", s.LikelyDuplicates, "contacts"),
		mk("keep", by[contacts.Documented], "contacts"),
	}
}
