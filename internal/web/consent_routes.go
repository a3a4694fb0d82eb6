package web

import (
	"github.com/gdprkit/gdprkit/internal/auth"
)

// consentRoutes are the pages of the consent feature: the public ones a
// person reaches from a website or an e-mail, and the staff's. None is
// served when the feature is not wired.
func (s *Server) consentRoutes() []route {
	if !s.consentOn() {
		return nil
	}
	return []route{
		// Public: the hosted form and the e-mailed links. Each counts
		// against its client address's limit.
		{method: "GET", pattern: "/f/{slug}", perm: auth.Public, h: s.signupPage},
		{method: "POST", pattern: "/f/{slug}", perm: auth.Public, h: s.signup},
		{method: "GET", pattern: "/consent/confirm/{token}", perm: auth.Public, h: s.confirmPage},
		{method: "POST", pattern: "/consent/confirm/{token}", perm: auth.Public, h: s.confirm},
		{method: "GET", pattern: "/consent/preferences/{token}", perm: auth.Public, h: s.preferencesPage},
		{method: "POST", pattern: "/consent/preferences/{token}", perm: auth.Public, h: s.savePreferences},
		{method: "GET", pattern: "/consent/unsubscribe/{token}", perm: auth.Public, h: s.unsubscribePage},
		{method: "POST", pattern: "/consent/unsubscribe/{token}", perm: auth.Public, h: s.unsubscribe},
		{method: "GET", pattern: "/ledger/public-key.pem", perm: auth.Public, h: s.ledgerPublicKey},
		{method: "GET", pattern: "/ledger/verification", perm: auth.Public, h: s.ledgerDoc},

		// Staff.
		{method: "GET", pattern: "/consent", perm: auth.ConsentView, h: s.consentOverview},
		{method: "GET", pattern: "/consent/purposes/new", perm: auth.ConsentEdit, h: s.newPurpose},
		{method: "POST", pattern: "/consent/purposes", perm: auth.ConsentEdit, h: s.createPurpose},
		{method: "GET", pattern: "/consent/purposes/{id}/edit", perm: auth.ConsentEdit, h: s.editPurpose},
		{method: "POST", pattern: "/consent/purposes/{id}", perm: auth.ConsentEdit, h: s.updatePurpose},
		{method: "GET", pattern: "/consent/texts/new", perm: auth.ConsentEdit, h: s.newText},
		{method: "POST", pattern: "/consent/texts", perm: auth.ConsentEdit, h: s.createText},
		{method: "GET", pattern: "/consent/texts/{id}", perm: auth.ConsentView, h: s.textPage},
		{method: "POST", pattern: "/consent/texts/{id}", perm: auth.ConsentEdit, h: s.updateText},
		{method: "GET", pattern: "/consent/withdraw", perm: auth.ConsentWithdraw, h: s.withdrawPage},
		{method: "POST", pattern: "/consent/withdraw", perm: auth.ConsentWithdraw, h: s.withdraw},

		{method: "GET", pattern: "/forms", perm: auth.ConsentView, h: s.formList},
		{method: "GET", pattern: "/forms/new", perm: auth.FormsEdit, h: s.newForm},
		{method: "POST", pattern: "/forms", perm: auth.FormsEdit, h: s.createForm},
		{method: "GET", pattern: "/forms/{id}", perm: auth.ConsentView, h: s.formPage},
		{method: "POST", pattern: "/forms/{id}", perm: auth.FormsEdit, h: s.updateForm},

		{method: "GET", pattern: "/ledger", perm: auth.ConsentView, h: s.ledgerPage},
		{method: "POST", pattern: "/ledger/verify", perm: auth.LedgerVerify, h: s.verifyLedger, long: true},
		{method: "POST", pattern: "/ledger/checkpoint", perm: auth.LedgerVerify, h: s.signCheckpoint},

		{method: "GET", pattern: "/contacts/{id}/proof/{format}", perm: auth.ConsentProof, h: s.contactProof},
	}
}
