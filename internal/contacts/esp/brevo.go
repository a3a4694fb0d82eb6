package esp

// brevo reads Brevo (ex-Sendinblue) exports: ";"-separated, UPPER_SNAKE
// attribute names that follow the account language, dates DD-MM-YYYY in
// the account time zone (Options.Location).
type brevo struct {
	optIn          int
	smsBlacklisted int
	// Evidence.Columns
	confirm, optInCols, blacklist, smsBlacklist string
}

func bindBrevo(p *plan, _ *FileInfo, _ string) rowReader {
	p.bind(fEmail, "EMAIL", "E-MAIL", "MAIL")
	p.bind(fFirstName, "FIRSTNAME", "PRENOM", "PRÉNOM", "FIRST_NAME")
	p.bind(fLastName, "LASTNAME", "NOM", "LAST_NAME", "SURNAME")
	p.bind(fPhone, "SMS", "MOBILE", "TELEPHONE", "PHONE")
	p.bind(fLanguage, "LANGUAGE", "LANGUE", "LANG")
	p.bind(fDoubleOptin, "DOUBLE_OPT-IN", "DOUBLE_OPTIN", "DOI")
	// A custom attribute some accounts add to keep the confirmation time.
	p.bindKey(fConfirmAt, "doiconfirmedat", "doiconfirmed", "doiconfirmationdate", "doidate", "datedoi",
		"doubleoptinat", "doubleoptindate", "dateconfirmationdoi", "confirmedat")
	// Text attributes an account creates to keep the proof: the names
	// gdprkit's own Brevo export writes (campaign.ExportBrevo). The generic
	// rules read the opt-in and the source; the confirmation's IP joins
	// the confirmation below.
	p.bind(fOptinAt, "OPTIN_DATE", "OPT_IN_DATE")
	p.bind(fOptinIP, "OPTIN_IP", "OPT_IN_IP")
	p.bind(fConfirmIP, "DOI_IP", "DOI_CONFIRMED_IP")
	p.bind(fConsentSource, "CONSENT_SOURCE")
	p.bind(fCreatedAt, "ADDED_TIME")
	p.bind(fUpdatedAt, "MODIFIED_TIME")
	p.bind(fUnsubscribed, "EMAIL_BLACKLISTED", "EMAIL_BLOCKLISTED", "BLACKLISTED")
	b := &brevo{
		optIn:          p.claim("OPT_IN", "OPTIN", "OPT-IN"),
		smsBlacklisted: p.claim("SMS_BLACKLISTED", "SMS_BLOCKLISTED"),
	}
	b.confirm = p.columns(p.cols[fDoubleOptin], p.cols[fConfirmAt], p.cols[fConfirmIP])
	b.optInCols = p.columns(b.optIn)
	b.blacklist = p.columns(p.cols[fUnsubscribed])
	b.smsBlacklist = p.columns(b.smsBlacklisted)
	return b
}

var brevoHandles = []field{fDoubleOptin, fConfirmAt, fConfirmIP, fUnsubscribed}

const brevoDates = "DD-MM-YYYY or DD-MM-YYYY HH:MM"

// read: DOUBLE_OPT-IN is set when the confirmation link is clicked, OPT_IN
// is a plain checkbox, the blacklists are withdrawals. ADDED_TIME is when
// the contact was added, not a consent time.
func (b *brevo) read(r *row) {
	c := &r.p.cols
	double, _ := r.flag(c[fDoubleOptin])
	if at := r.time(c[fConfirmAt]); double || !at.IsZero() {
		e := Evidence{Kind: Confirmation, At: at, IP: r.cell(c[fConfirmIP]), Columns: b.confirm}
		if e.IP != "" {
			e.Channel = ChannelEmail
		}
		r.add(&e)
	}
	// OPT_IN is the single opt-in checkbox: the declaration names the
	// mechanism that collected it, which docs/audit-rules.md reads as
	// consent implied at collection, not as a bare status.
	if yes, _ := r.flag(b.optIn); yes {
		r.add(&Evidence{Kind: Declared, Method: b.optInCols, Detail: r.cell(b.optIn), Columns: b.optInCols})
	}
	if yes, _ := r.flag(c[fUnsubscribed]); yes {
		r.add(&Evidence{Kind: Withdrawal, Columns: b.blacklist})
	}
	if yes, _ := r.flag(b.smsBlacklisted); yes {
		r.add(&Evidence{Kind: Withdrawal, Purpose: PurposeSMS, Columns: b.smsBlacklist})
	}
}
