package esp

// mailjet reads files shaped like Mailjet's API resources (contact and
// list recipient) and Mailjet's own import CSV (email,name,optin_date).
// The dashboard export layout is not documented.
type mailjet struct {
	pending, excluded, excludedAt, spam, listUnsub, unsubBy int
	// Evidence.Columns
	pendingCols, excludedCols, spamCols, unsubCols string
}

func bindMailjet(p *plan, _ *FileInfo, _ string) rowReader {
	p.bind(fEmail, "Email", "email")
	p.bind(fName, "Name", "name")
	p.bind(fCreatedAt, "CreatedAt")
	p.bind(fUpdatedAt, "LastUpdateAt")
	p.bind(fUnsubscribedAt, "UnsubscribedAt")
	p.bindKey(fOptinAt, "optindate", "optinat", "dateoptin", "optin", "optintime")
	// Properties an account creates to keep the proof: the names gdprkit's
	// own Mailjet export writes (campaign.ExportMailjet). The generic rules
	// read them.
	p.bindKey(fOptinIP, "optinip")
	p.bindKey(fConfirmAt, "confirmdate", "confirmedat", "confirmat")
	p.bindKey(fConfirmIP, "confirmip")
	p.bindKey(fConsentSource, "consentsource")
	m := &mailjet{
		pending:    p.claim("IsOptInPending"),
		excluded:   p.claim("IsExcludedFromCampaigns"),
		excludedAt: p.claim("ExclusionFromCampaignsUpdatedAt"),
		spam:       p.claim("IsSpamComplaining"),
		listUnsub:  p.claim("IsUnsubscribed"),
		unsubBy:    p.claim("UnsubscribedBy"),
	}
	m.pendingCols = p.columns(m.pending)
	m.excludedCols = p.columns(m.excluded, m.excludedAt)
	m.spamCols = p.columns(m.spam)
	m.unsubCols = p.columns(m.listUnsub, p.cols[fUnsubscribedAt], m.unsubBy)
	return m
}

var mailjetHandles = []field{fUnsubscribedAt}

const mailjetDates = "RFC 3339 (2023-03-14T09:14:02Z) or YYYY-MM-DD HH:MM:SS"

func (m *mailjet) read(r *row) {
	if yes, _ := r.flag(m.pending); yes {
		r.add(&Evidence{Kind: Pending, Columns: m.pendingCols})
	}
	if yes, _ := r.flag(m.excluded); yes {
		r.add(&Evidence{Kind: Bounce, At: r.time(m.excludedAt), Detail: "excluded from campaigns", Columns: m.excludedCols})
	}
	if yes, _ := r.flag(m.spam); yes {
		r.add(&Evidence{Kind: Complaint, Columns: m.spamCols})
	}
	listUnsub, _ := r.flag(m.listUnsub)
	if at := r.time(r.p.cols[fUnsubscribedAt]); listUnsub || !at.IsZero() {
		r.add(&Evidence{Kind: Withdrawal, At: at, Detail: r.cell(m.unsubBy), Columns: m.unsubCols})
	}
}
