package esp

import (
	"regexp"
	"strings"
)

// mailchimpName matches the per-status files of an audience or segment
// export, current and older (members_export) naming, also when a browser
// added " (1)" to a second download.
var mailchimpName = regexp.MustCompile(`(?i)^(subscribed|unsubscribed|cleaned|nonsubscribed)_(?:email_(?:segment|audience)_export|members_export)_([a-z0-9]+)(?: ?\(\d+\))?\.csv$`)

// mailchimpFile reads the status and the export id from a file name.
func mailchimpFile(base string) (status, list string, ok bool) {
	m := mailchimpName.FindStringSubmatch(base)
	if m == nil {
		return "", "", false
	}
	return strings.ToLower(m[1]), m[2], true
}

// Mailchimp's statuses, as file names write them.
const (
	mcSubscribed    = "subscribed"
	mcUnsubscribed  = "unsubscribed"
	mcCleaned       = "cleaned"
	mcNonsubscribed = "nonsubscribed"
)

// mailchimpPermissions are the default labels of the GDPR
// marketing-permission checkboxes; a column named like one is read as that
// permission.
var mailchimpPermissions = []struct{ label, purpose string }{
	{"Email", PurposeEmail},
	{"Direct Mail", "direct_mail"},
	{"Customized Online Advertising", "online_advertising"},
}

type mailchimp struct {
	status string
	// inferred is set when the status comes from the UNSUB_*/CLEAN_*
	// columns rather than the file name: each row then tells its own.
	inferred      bool
	unsubOther    int
	unsubCampaign int
	cleanCampaign int
	smsPhone      int
	smsStatus     int
	perms         []permission
	// Evidence.Columns
	signup, confirm, consent, unsub, clean, sms, declared string
}

// permission is a column that grants or refuses one purpose.
type permission struct {
	col     int
	purpose string
	columns string
}

func bindMailchimp(p *plan, info *FileInfo, base string) rowReader {
	p.bind(fEmail, "Email Address", "E-mail Address")
	p.bind(fFirstName, "First Name", "FNAME")
	p.bind(fLastName, "Last Name", "LNAME")
	p.bind(fName, "Name", "Full Name", "FULLNAME")
	if p.cols[fEmail] < 0 {
		mailchimpAddress(p)
	}
	// Merge-field labels follow the account's language ("Vorname",
	// "Prénom"): the synonyms of generic files find them.
	p.bindKey(fFirstName, synonyms[fFirstName]...)
	p.bindKey(fLastName, synonyms[fLastName]...)
	p.bind(fPhone, "Phone Number", "PHONE")
	p.bind(fLanguage, "MC_LANGUAGE", "LANGUAGE", "Language")
	p.bind(fOptinAt, "OPTIN_TIME")
	p.bind(fOptinIP, "OPTIN_IP")
	p.bind(fConfirmAt, "CONFIRM_TIME")
	p.bind(fConfirmIP, "CONFIRM_IP")
	p.bind(fUpdatedAt, "LAST_CHANGED")
	p.bind(fTags, "TAGS")
	p.bind(fUnsubscribedAt, "UNSUB_TIME")
	p.bind(fUnsubscribeReason, "UNSUB_REASON")
	p.bind(fBouncedAt, "CLEAN_TIME")
	m := &mailchimp{
		unsubOther:    p.claim("UNSUB_REASON_OTHER"),
		unsubCampaign: p.claim("UNSUB_CAMPAIGN_TITLE"),
		cleanCampaign: p.claim("CLEAN_CAMPAIGN_TITLE"),
		smsPhone:      p.claim("SMS Phone Number"),
		smsStatus:     p.claim("SMS_MARKETING_STATUS"),
	}
	for _, perm := range mailchimpPermissions {
		if col := p.claim(perm.label); col >= 0 {
			m.perms = append(m.perms, permission{col, perm.purpose, p.h.names[col]})
		}
	}
	m.status = mailchimpStatus(p, info, base)
	_, _, named := mailchimpFile(base)
	m.inferred = m.status != "" && !named
	m.columns(p)
	return m
}

// mailchimpAddress finds the address column of an audience whose label is
// not "Email Address" (renamed, or in the account's language:
// "E-Mail-Adresse", "Adresse e-mail"). A column named like a GDPR
// permission ("Email") is a yes/no checkbox, tried only when nothing else
// fits.
func mailchimpAddress(p *plan) {
	var perms []int
	for _, perm := range mailchimpPermissions {
		if col := p.h.find(perm.label); col >= 0 {
			p.h.taken[col] = true
			perms = append(perms, col)
		}
	}
	guessEmail(p)
	for _, col := range perms {
		p.h.taken[col] = false
	}
	if p.cols[fEmail] < 0 {
		guessEmail(p)
	}
}

// mailchimpStatus takes the status from the file name, or else from the
// status-specific columns. A file that says neither gets no status: its
// rows are not assumed subscribed.
func mailchimpStatus(p *plan, info *FileInfo, base string) string {
	if status, list, ok := mailchimpFile(base); ok {
		info.FileStatus, info.List = status, list
		return status
	}
	switch {
	case p.cols[fUnsubscribedAt] >= 0:
		info.FileStatus = mcUnsubscribed
	case p.cols[fBouncedAt] >= 0:
		info.FileStatus = mcCleaned
	}
	return info.FileStatus
}

func (m *mailchimp) columns(p *plan) {
	c := &p.cols
	m.signup = p.columns(c[fOptinAt], c[fOptinIP])
	m.confirm = p.columns(c[fConfirmAt], c[fConfirmIP])
	m.consent = p.columns(c[fConfirmAt])
	m.unsub = p.columns(c[fUnsubscribedAt], c[fUnsubscribeReason], m.unsubOther, m.unsubCampaign)
	m.clean = p.columns(c[fBouncedAt], m.cleanCampaign)
	m.sms = p.columns(m.smsStatus)
	m.declared = "file name"
}

// mailchimpHandles are the fields the rules below read themselves.
var mailchimpHandles = []field{fOptinAt, fOptinIP, fConfirmAt, fConfirmIP, fUnsubscribedAt, fUnsubscribeReason, fBouncedAt}

func (m *mailchimp) read(r *row) {
	c := &r.p.cols
	dated := m.signupEvidence(r, c)
	dated = m.confirmEvidence(r, c) || dated
	status := m.status
	if m.inferred {
		status = m.rowStatus(r.fields, c)
	}
	switch status {
	case mcUnsubscribed:
		m.withdrawal(r, c)
	case mcCleaned:
		r.add(&Evidence{Kind: Bounce, At: r.time(c[fBouncedAt]), Source: r.cell(m.cleanCampaign), Columns: m.clean})
	case mcNonsubscribed:
		r.add(&Evidence{Kind: NeverSubscribed, Columns: m.declared})
	case mcSubscribed:
		if !dated {
			r.add(&Evidence{Kind: Declared, Detail: "subscribed file", Columns: m.declared})
		}
	}
	m.permissions(r)
	m.smsChannel(r)
}

// rowStatus reads the status of a row of a file not named after its
// status: unsubscribed when its UNSUB_* cells are filled, cleaned when its
// CLEAN_* cells are, else none. Exports merged or re-saved by other tools
// keep the UNSUB_* columns for every contact, empty for those still
// subscribed, who must not be read as withdrawn.
func (m *mailchimp) rowStatus(fields []string, c *[numFields]int) string {
	switch {
	case anyCell(fields, c[fUnsubscribedAt], c[fUnsubscribeReason], m.unsubOther, m.unsubCampaign):
		return mcUnsubscribed
	case anyCell(fields, c[fBouncedAt], m.cleanCampaign):
		return mcCleaned
	}
	return ""
}

// settle clears a status read from the columns when a row read ahead has
// another one: the file mixes statuses, and says nothing about all its
// rows.
func (m *mailchimp) settle(ahead []pendingRow, info *FileInfo, cols *[numFields]int) {
	if !m.inferred {
		return
	}
	for _, r := range ahead {
		if r.err == nil && !blank(r.fields) && m.rowStatus(r.fields, cols) != m.status {
			info.FileStatus = ""
			return
		}
	}
}

// signupEvidence: OPTIN_TIME and OPTIN_IP, the form submission. It
// reports whether it carried a time.
func (m *mailchimp) signupEvidence(r *row, c *[numFields]int) bool {
	at, ip := r.time(c[fOptinAt]), r.cell(c[fOptinIP])
	if at.IsZero() && ip == "" {
		return false
	}
	e := r.newEvidence(Signup, m.signup)
	e.At, e.IP = at, ip
	if ip != "" {
		e.Channel = ChannelWebForm
	}
	return !at.IsZero()
}

// confirmEvidence: CONFIRM_TIME with CONFIRM_IP is a double opt-in click;
// CONFIRM_TIME alone is only the subscription becoming effective, which
// imports also set.
func (m *mailchimp) confirmEvidence(r *row, c *[numFields]int) bool {
	at, ip := r.time(c[fConfirmAt]), r.cell(c[fConfirmIP])
	switch {
	case ip != "":
		e := r.newEvidence(Confirmation, m.confirm)
		e.At, e.IP, e.Channel = at, ip, ChannelEmail
	case !at.IsZero():
		r.newEvidence(Consent, m.consent).At = at
	default:
		return false
	}
	return !at.IsZero()
}

// withdrawal reads the unsubscribed file's columns. The reason is kept as
// written: Mailchimp's vocabulary is not documented.
func (m *mailchimp) withdrawal(r *row, c *[numFields]int) {
	reason, other, campaign := r.cell(c[fUnsubscribeReason]), r.cell(m.unsubOther), r.cell(m.unsubCampaign)
	e := r.newEvidence(Withdrawal, m.unsub)
	e.At, e.Source = r.time(c[fUnsubscribedAt]), campaign
	e.Detail = joinDetail(reason, other)
	if campaign != "" {
		e.Detail = joinDetail(e.Detail, "campaign: "+campaign)
		e.Channel = ChannelEmail
	}
	if strings.Contains(reason, "admin") {
		e.Channel = ChannelAdmin
	}
}

// permissions reads GDPR marketing-permission columns: yes declares the
// purpose, an explicit no withdraws it.
func (m *mailchimp) permissions(r *row) {
	for _, p := range m.perms {
		yes, set := r.flag(p.col)
		switch {
		case yes:
			r.add(&Evidence{Kind: Declared, Purpose: p.purpose, Columns: p.columns})
		case set:
			r.add(&Evidence{Kind: Withdrawal, Purpose: p.purpose, Columns: p.columns})
		}
	}
}

// smsChannel reads the SMS phone and its marketing status.
func (m *mailchimp) smsChannel(r *row) {
	if phone := r.cell(m.smsPhone); phone != "" {
		if r.rec.Phone == "" {
			r.rec.Phone = phone
		} else if phone != r.rec.Phone {
			r.keep(m.smsPhone, phone)
		}
	}
	v := r.cell(m.smsStatus)
	if v == "" {
		return
	}
	s := r.f.statuses.get(v, statusOf)
	switch {
	case !s.known:
		r.warn(m.smsStatus, CodeBadValue, "unknown SMS status %q; expected Subscribed or Non-subscribed", v)
	case s.kind != "":
		r.add(&Evidence{Kind: s.kind, Purpose: PurposeSMS, Detail: v, Columns: m.sms})
	}
}

// mailchimpDates is what Mailchimp writes.
const mailchimpDates = "YYYY-MM-DD HH:MM:SS"
