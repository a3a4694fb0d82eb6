package register

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// buildFiche lays out one activity: the nine sections of the CNIL fiche
// for a controller (or the four items of Art. 30(2) for a processor), then
// gdprkit's additions, numbered on after the CNIL's.
func buildFiche(t tr, s *Snapshot, av ActivityView, f fiche) fiche {
	a := av.Activity
	f.Title = ficheLabel(t, a.Role, f.Number) + " : " + a.Name
	if t.lang == "en" {
		f.Title = ficheLabel(t, a.Role, f.Number) + ": " + a.Name
	}
	f.Sheet = sheetName(ficheLabel(t, a.Role, f.Number), a.Name)
	f.Anchor = "fiche-" + a.Role + "-" + strconv.Itoa(f.Number)
	var secs []section
	if f.Processor {
		secs = []section{describe(t, a), processorActors(t, s, a), processingCategories(t, a), security(t, a), transfers(t, av)}
	} else {
		secs = []section{describe(t, a), actors(t, s, a), purposes(t, a), security(t, a), dataCategories(t, a, false),
			dataCategories(t, a, true), subjects(t, a), recipients(t, s, a), transfers(t, av), sources(t, s, av), dpia(t, av)}
	}
	secs = append(secs, followUp(t, av))
	for i := range secs {
		secs[i].Number = strconv.Itoa(i + 1)
	}
	f.Sections = secs
	return f
}

// sheetName fits "Fiche n° 3 – Newsletter" into Excel's 31 characters,
// without the characters Excel refuses in sheet names (and without a
// trailing apostrophe, which it refuses too). The fiche number keeps
// truncated names distinct.
func sheetName(label, name string) string {
	s := label + " – " + strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return ' '
		}
		return r
	}, name)
	if utf8.RuneCountInString(s) > 31 {
		s = string([]rune(s)[:31])
	}
	return strings.TrimRight(s, " –'")
}

func describe(t tr, a *Activity) section {
	rows := [][]string{
		kv(t.t("fiche.name"), a.Name), kv(t.t("fiche.ref"), a.Ref),
		kv(t.t("fiche.created"), t.date(a.CreatedAt)), kv(t.t("fiche.updated"), t.date(a.UpdatedAt)),
	}
	if a.Department != "" {
		rows = append(rows, kv(t.t("fiche.department"), a.Department))
	}
	return section{Title: t.t("fiche.description"), KeyValue: true, Rows: rows}
}

func actors(t tr, s *Snapshot, a *Activity) section {
	o := s.Organisation
	ctrl := o.Controller
	if ctrl.Company == "" {
		ctrl.Company = o.Name
	}
	rows := [][]string{kv(t.t("fiche.controller"), partyLine(t.lang, ctrl))}
	if o.DPODesignated {
		rows = append(rows, kv(t.t("fiche.dpo"), partyLine(t.lang, o.DPO)))
	}
	if o.Representative.Named() {
		rows = append(rows, kv(t.t("fiche.representative"), partyLine(t.lang, o.Representative)))
	}
	for _, j := range a.JointControllers {
		rows = append(rows, kv(t.t("fiche.joint_controller"), partyLine(t.lang, j)))
	}
	return section{Title: t.t("fiche.actors"), KeyValue: true, Rows: rows}
}

func processorActors(t tr, s *Snapshot, a *Activity) section {
	o := s.Organisation
	me := o.Controller
	if me.Company == "" {
		me.Company = o.Name
	}
	rows := [][]string{kv(t.t("fiche.processor"), partyLine(t.lang, me))}
	if o.DPODesignated {
		rows = append(rows, kv(t.t("fiche.dpo"), partyLine(t.lang, o.DPO)))
	}
	for _, c := range a.Controllers {
		rows = append(rows, kv(t.t("fiche.on_behalf_of"), partyLine(t.lang, c)))
	}
	return section{Title: t.t("fiche.actors"), KeyValue: true, Rows: rows}
}

func purposes(t tr, a *Activity) section {
	rows := [][]string{kv(t.t("fiche.main_purpose"), a.Purpose)}
	for i, p := range a.SubPurposes {
		rows = append(rows, kv(t.args("fiche.sub_purpose", map[string]any{"N": strconv.Itoa(i + 1)}), p))
	}
	basis := ""
	if a.LegalBasis != "" {
		basis = Label(t.lang, "basis", a.LegalBasis) + " – " + Label(t.lang, "basis_official", a.LegalBasis)
	}
	rows = append(rows, kv(t.t("fiche.legal_basis"), basis))
	if a.LegalBasis == "legitimate_interests" {
		rows = append(rows, kv(t.t("fiche.legitimate_interest"), a.LegitimateInterest))
	}
	if a.Art9Condition != "" {
		rows = append(rows, kv(t.t("fiche.art9_condition"), Label(t.lang, "art9", a.Art9Condition)))
	}
	return section{Title: t.t("fiche.purposes"), KeyValue: true, Rows: rows}
}

func processingCategories(t tr, a *Activity) section {
	rows := [][]string{kv(t.t("fiche.processing_categories"), a.Purpose)}
	for i, p := range a.SubPurposes {
		rows = append(rows, kv(t.args("fiche.sub_purpose", map[string]any{"N": strconv.Itoa(i + 1)}), p))
	}
	return section{Title: t.t("fiche.processing_categories"), KeyValue: true, Rows: rows}
}

func security(t tr, a *Activity) section {
	var rows [][]string
	for _, m := range a.Security.Measures() {
		rows = append(rows, kv(Label(t.lang, "security", m.Heading), m.Text))
	}
	return section{Title: t.t("fiche.security"), KeyValue: true, Rows: rows}
}

// dataCategories is CNIL section 5 (sensitive false) or 6 (true).
func dataCategories(t tr, a *Activity, sensitive bool) section {
	sec := section{Title: t.t("fiche.data"), Columns: []string{t.t("col.category"), t.t("col.description"), t.t("col.erasure")},
		Empty: t.t("fiche.data_none")}
	if sensitive {
		sec.Title, sec.Columns[2], sec.Empty = t.t("fiche.sensitive"), t.t("col.retention"), t.t("fiche.sensitive_none")
	}
	for _, d := range a.Data {
		if IsSensitive(d.Category) == sensitive {
			sec.Rows = append(sec.Rows, []string{Label(t.lang, "data_category", d.Category), d.Description, RetentionText(t.lang, d.Retention)})
		}
	}
	if sensitive && len(sec.Rows) > 0 {
		sec.Title += " " + t.t("fiche.sensitive_yes")
	}
	return sec
}

func subjects(t tr, a *Activity) section {
	sec := section{Title: t.t("fiche.subjects"), Columns: []string{t.t("col.category"), t.t("col.details")}}
	for _, g := range a.Subjects {
		sec.Rows = append(sec.Rows, []string{Label(t.lang, "subject", g.Kind), g.Detail})
	}
	return sec
}

func recipients(t tr, s *Snapshot, a *Activity) section {
	sec := section{Title: t.t("fiche.recipients"), Columns: []string{t.t("col.recipient_kind"), t.t("col.recipient"), t.t("col.details")}}
	names := map[int64]string{}
	for _, v := range s.Vendors {
		names[v.Vendor.ID] = v.Vendor.Name
	}
	for _, r := range a.Recipients {
		name := r.Name
		if r.Kind == "vendor" {
			name = names[r.VendorID]
		}
		sec.Rows = append(sec.Rows, []string{Label(t.lang, "recipient_kind", r.Kind), name, r.Detail})
	}
	return sec
}

// transfers is CNIL section 9, with the destination countries the CNIL
// expects rather than a yes/no.
func transfers(t tr, av ActivityView) section {
	sec := section{Title: t.t("fiche.transfers"), Columns: []string{t.t("col.recipient"), t.t("col.country"), t.t("col.safeguard"), t.t("col.documentation")}}
	sec.Rows = append(sec.Rows, []string{t.t("fiche.transfers_question"), t.yesNo(len(av.Transfers) > 0), "", ""})
	for _, x := range av.Transfers {
		who := x.Recipient
		if x.Via != "" {
			who = t.args("fiche.via", map[string]any{"Name": x.Recipient, "Via": x.Via})
		}
		safeguard := Label(t.lang, "mechanism", x.Mechanism)
		switch x.Status {
		case TransferMissing, TransferUnconfirmed, TransferDerogation:
			// Say plainly what the mechanism's name does not.
			safeguard += " (" + Label(t.lang, "transfer_status", x.Status) + ")"
		}
		if x.Decision != "" {
			safeguard += " – " + x.Decision
		}
		sec.Rows = append(sec.Rows, []string{who, CountryName(t.lang, x.Country) + " (" + x.Country + ")", safeguard, x.Documentation})
	}
	return sec
}

// sources lists the declared sources, then the collection methods linked
// to the activity, by kind and name.
func sources(t tr, s *Snapshot, av ActivityView) section {
	sec := section{Title: t.t("fiche.sources"), Columns: []string{t.t("col.source"), t.t("col.details")}}
	for _, src := range av.Activity.Sources {
		sec.Rows = append(sec.Rows, []string{Label(t.lang, "source", src.Kind), src.Detail})
	}
	for _, ref := range av.Methods {
		name := ref.Name
		if mv, ok := s.Method(ref.ID); ok {
			name = Label(t.lang, "method_kind", mv.Method.Kind) + " – " + ref.Name
		}
		sec.Rows = append(sec.Rows, []string{t.t("fiche.collection_method"), name})
	}
	return sec
}

func dpia(t tr, av ActivityView) section {
	a := av.Activity
	rows := [][]string{
		kv(t.t("fiche.dpia_criteria"), Labels(t.lang, "dpia", av.DPIA.Criteria)),
		kv(t.t("fiche.dpia_verdict"), Label(t.lang, "dpia_verdict", av.DPIA.Verdict)),
		kv(t.t("fiche.dpia_done"), t.yesNo(a.DPIA.Done)),
	}
	if a.DPIA.Reference != "" {
		rows = append(rows, kv(t.t("fiche.dpia_reference"), a.DPIA.Reference))
	}
	if a.DPIA.Notes != "" {
		rows = append(rows, kv(t.t("fiche.dpia_notes"), a.DPIA.Notes))
	}
	return section{Title: t.t("fiche.dpia"), KeyValue: true, Rows: rows}
}

// followUp ends each fiche with what keeps the record alive: the last
// review, where people are informed, and what the record still lacks.
func followUp(t tr, av ActivityView) section {
	a := av.Activity
	reviewed := t.date(a.ReviewedOn)
	if a.Reviewer != "" {
		reviewed = strings.TrimSpace(reviewed + " – " + a.Reviewer)
	}
	rows := [][]string{kv(t.t("fiche.reviewed"), reviewed), kv(t.t("fiche.privacy_notice"), a.PrivacyNotice)}
	if a.Notes != "" {
		rows = append(rows, kv(t.t("fiche.notes"), a.Notes))
	}
	rows = append(rows, kv(t.t("fiche.completeness"), strconv.Itoa(av.Completeness.Percent)+" %"))
	for _, g := range av.Completeness.Gaps {
		label := t.t("fiche.gap_recommended")
		if g.Mandatory {
			label = t.args("fiche.gap_missing", map[string]any{"Item": Provision(t.lang, g.Item)})
		}
		rows = append(rows, kv(label, ExplainGap(t.lang, g)))
	}
	return section{Title: t.t("fiche.follow_up"), KeyValue: true, Rows: rows}
}
