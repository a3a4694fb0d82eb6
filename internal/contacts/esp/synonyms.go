package esp

import "strings"

// synonyms are the normalised header names (see key) that a generic file
// uses for each field, in English and French, the field's own name first.
var synonyms = [numFields][]string{
	fEmail: {"email", "emailaddress", "mail", "courriel", "adresseemail", "adressemail",
		"adressecourriel", "adresseelectronique", "emailadresse", "correoelectronico", "mailaddress",
		"contactemail", "useremail"},
	fFirstName:         {"firstname", "prenom", "givenname", "forename", "vorname", "first"},
	fLastName:          {"lastname", "nom", "surname", "familyname", "nomdefamille", "nachname", "last"},
	fName:              {"name", "fullname", "nomcomplet", "contactname", "displayname", "nometprenom", "prenometnom"},
	fLanguage:          {"language", "langue", "lang", "locale", "preferredlanguage", "sprache"},
	fPhone:             {"phone", "phonenumber", "telephone", "tel", "mobile", "mobilephone", "portable", "numerodetelephone", "cellphone", "sms"},
	fStatus:            {"status", "statut", "subscriptionstatus", "marketingstatus", "statutabonnement", "statutdabonnement", "emailstatus", "etat"},
	fOptinAt:           {"optinat", "optindate", "dateoptin", "optintime", "datedinscription", "dateinscription", "signupdate", "subscribedat", "subscriptiondate", "datedabonnement", "dateabonnement"},
	fOptinIP:           {"optinip", "ipoptin", "signupip", "ip", "ipaddress", "adresseip", "ipinscription", "ipdinscription"},
	fConfirmAt:         {"confirmat", "confirmtime", "confirmationdate", "dateconfirmation", "datedeconfirmation", "confirmedat", "doidate", "doiconfirmedat", "datedoi"},
	fConfirmIP:         {"confirmip", "confirmationip", "ipconfirmation", "ipdeconfirmation", "doiip"},
	fConsentAt:         {"consentat", "consentdate", "consenttimestamp", "dateconsentement", "datedeconsentement", "dateduconsentement", "consentgivenat", "consentementdate"},
	fConsentIP:         {"consentip", "ipconsentement", "ipduconsentement"},
	fConsentSource:     {"consentsource", "source", "origine", "provenance", "sourceconsentement", "sourceduconsentement", "leadsource", "signupsource"},
	fConsentChannel:    {"consentchannel", "channel", "canal", "canalconsentement", "canalduconsentement"},
	fConsentMethod:     {"consentmethod", "method", "methode", "methodeconsentement", "optinmethod"},
	fConsentText:       {"consenttext", "consentwording", "texteconsentement", "texteduconsentement", "wording", "libelleconsentement"},
	fDoubleOptin:       {"doubleoptin", "doi", "doubleoptinconfirme", "doubleoptinconfirmed"},
	fLegalBasis:        {"legalbasis", "lawfulbasis", "baselegale", "basejuridique", "fondementjuridique", "fondementlegal"},
	fPurpose:           {"purpose", "finalite", "purposes", "finalites"},
	fUnsubscribed:      {"unsubscribed", "desabonne", "desinscrit", "optout", "optedout", "blacklisted", "blocklisted", "emailblacklisted"},
	fUnsubscribedAt:    {"unsubscribedat", "unsubscribedate", "unsubtime", "datedesabonnement", "datededesabonnement", "datedesinscription", "optoutdate"},
	fUnsubscribeReason: {"unsubscribereason", "unsubreason", "motifdesabonnement", "motifdedesabonnement", "raisondesabonnement"},
	fBounced:           {"bounced", "bounce", "hardbounce", "npai"},
	fBouncedAt:         {"bouncedat", "bouncedate", "datebounce", "datenpai"},
	fCreatedAt:         {"createdat", "createdate", "creationdate", "created", "createdon", "datecreated", "personcreated", "datecreation", "datedecreation", "dateajout", "datedajout", "addedat", "dateadded"},
	fUpdatedAt:         {"updatedat", "lastmodified", "lastmodifieddate", "lastchanged", "datemodification", "datedemodification", "modifiedat", "lastupdate"},
	fTags:              {"tags", "tag", "etiquettes", "labels"},
	fUserAgent:         {"useragent", "ua", "navigateur"},
	fList:              {"list", "liste", "listname", "nomliste", "nomdelaliste", "audience"},
}

// guessFields binds every free field of a generic file by its synonyms.
func guessFields(p *plan) {
	for f := range numFields {
		p.bindKey(f, synonyms[f]...)
	}
}

// guessEmail finds the address column of any file: a synonym, else the
// first column whose name speaks of e-mail without being about consent,
// status or dates ("Email Marketing Consent" is not an address).
func guessEmail(p *plan) {
	if p.bindKey(fEmail, synonyms[fEmail]...); p.cols[fEmail] >= 0 {
		return
	}
	for i, k := range p.h.keys {
		if !p.h.taken[i] && mentionsEmail(k) {
			p.set(fEmail, i)
			return
		}
	}
}

var notAddress = []string{"consent", "optin", "optout", "status", "statut", "date", "time", "verified",
	"bounce", "marketing", "unsub", "blacklist", "blocklist", "permission", "open", "click", "sent", "count"}

func mentionsEmail(k string) bool {
	if !strings.Contains(k, "mail") && !strings.Contains(k, "courriel") {
		return false
	}
	for _, w := range notAddress {
		if strings.Contains(k, w) {
			return false
		}
	}
	return true
}

// looksLikeAddress tells whether a header cell is in fact an address: the
// file has no header line.
func looksLikeAddress(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && strings.IndexByte(s[at:], '.') > 0 && !strings.ContainsAny(s, " ,;")
}
