package auth

// Permission names one thing a role may do. Every web route and API
// operation requires exactly one.
type Permission string

// Permissions, in the order docs/permissions.md lists them.
const (
	// Public pages: login, first-run setup, health checks, assets.
	Public Permission = "public"
	// Authenticated is anything a logged-in user may do for themselves:
	// their password, language, API tokens, logging out.
	Authenticated   Permission = "account.manage"
	DashboardView   Permission = "dashboard.view"
	ChecklistTick   Permission = "checklist.tick"
	ContactsView    Permission = "contacts.view"
	ContactsExport  Permission = "contacts.export"
	ImportsView     Permission = "imports.view"
	ImportsCreate   Permission = "imports.create"
	ImportsDownload Permission = "imports.download"
	AuditView       Permission = "audit.view"
	AuditExport     Permission = "audit.export"
	SettingsView    Permission = "settings.view"
	SettingsEdit    Permission = "settings.edit"
	UsersManage     Permission = "users.manage"
	MetricsView     Permission = "metrics.view"
	// The registers (vendors, record of processing, collection methods).
	RegisterView       Permission = "register.view"
	RegisterExport     Permission = "register.export"
	MethodsEdit        Permission = "methods.edit"
	RegisterEdit       Permission = "register.edit"
	QuestionnairesSend Permission = "questionnaires.send"
	// Consent: purposes and texts, forms, the ledger, proofs, "may I send?".
	ConsentView         Permission = "consent.view"
	ConsentEdit         Permission = "consent.edit"
	FormsEdit           Permission = "forms.edit"
	ConsentWithdraw     Permission = "consent.withdraw"
	ConsentProof        Permission = "consent.proof"
	LedgerVerify        Permission = "ledger.verify"
	PermissionsCheck    Permission = "permissions.check"
	SubscriptionsCreate Permission = "subscriptions.create"
	// Re-permission campaigns.
	CampaignsView  Permission = "campaigns.view"
	CampaignsEdit  Permission = "campaigns.edit"
	CampaignsSend  Permission = "campaigns.send"
	CampaignsPurge Permission = "campaigns.purge"
)

// Grant is one row of the permission matrix.
type Grant struct {
	Permission Permission
	Roles      []Role
	// Doc says in English what the permission allows, for
	// docs/permissions.md.
	Doc string
}

var everyone = []Role{Viewer, Marketer, DPO, Admin}

// Matrix is the permission matrix: who may do what. It is the single source
// the web package checks and the documentation is generated from.
var Matrix = []Grant{
	{Public, nil, "Log in, first-run setup, one-time links, health checks, static assets; the hosted sign-up forms, the confirmation, preference-centre and unsubscribe links e-mailed to people, the ledger's public key. No account needed."},
	{Authenticated, everyone, "Change one's own password and language, manage one's own API tokens, log out."},
	{DashboardView, everyone, "See the action plan and its figures (counts, no personal data)."},
	{ChecklistTick, []Role{Marketer, DPO, Admin}, "Tick or untick the action plan's checklist items."},
	{ContactsView, everyone, "Browse and search contacts, open a contact's provenance and consent history. Every view is recorded in the audit trail."},
	{ContactsExport, []Role{Marketer, DPO, Admin}, "Download contact lists (CSV, XLSX). Recorded in the audit trail."},
	{ImportsView, everyone, "See imports, their progress and their aggregate reports."},
	{ImportsCreate, []Role{Marketer, DPO, Admin}, "Upload export files, correct the column mapping and run imports."},
	{ImportsDownload, []Role{Marketer, DPO, Admin}, "Download an import's documented base, rejected rows, unreadable cells and re-permission segment. Recorded in the audit trail."},
	{AuditView, []Role{DPO, Admin}, "Read the audit trail: who viewed, changed or exported which personal data."},
	{AuditExport, []Role{DPO, Admin}, "Download the audit trail as CSV."},
	{SettingsView, []Role{DPO, Admin}, "See the organisation's settings."},
	{SettingsEdit, []Role{DPO, Admin}, "Change the organisation's identity, DPO contact, default language and time zone."},
	{UsersManage, []Role{Admin}, "Invite users, change their role, disable them, send password-reset links."},
	{MetricsView, everyone, "Read the Prometheus metrics (no personal data), with a session or an API token."},
	{RegisterView, everyone, "Read the registers: vendors and their risk, the record of processing activities, collection methods and their findings, the organisation page, the change history."},
	{RegisterExport, []Role{Marketer, DPO, Admin}, "Download the registers (record of processing in the CNIL layout, vendor register, findings, JSON). Recorded in the audit trail."},
	{MethodsEdit, []Role{Marketer, DPO, Admin}, "Create, edit and delete collection methods, and check a draft against the rules."},
	{RegisterEdit, []Role{DPO, Admin}, "Create, edit and delete vendors and processing activities, mark vendors reviewed, import the vendor spreadsheet, edit the organisation page of the register."},
	{QuestionnairesSend, []Role{DPO, Admin}, "Send vendors a questionnaire link (answered without an account) and revoke it."},
	{ConsentView, everyone, "See the purposes, the consent texts and their versions, the sign-up forms with their embed code, the ledger's checkpoints and the size of the suppression list."},
	{ConsentEdit, []Role{DPO, Admin}, "Create and edit purposes; write consent texts and new versions of them (a version people consented on never changes)."},
	{FormsEdit, []Role{Marketer, DPO, Admin}, "Create and edit sign-up forms: purposes offered, texts shown, double opt-in, redirect pages."},
	{ConsentWithdraw, []Role{Marketer, DPO, Admin}, "Record a withdrawal received by letter, phone or e-mail (recorded in the ledger as done by the user)."},
	{ConsentProof, []Role{Marketer, DPO, Admin}, "Download a contact's proof of consent (HTML, JSON-LD, Kantara receipt). Recorded in the audit trail."},
	{LedgerVerify, []Role{DPO, Admin}, "Verify the whole consent ledger now and sign a checkpoint."},
	{PermissionsCheck, everyone, "Ask “may I send?” for an address and a purpose, one at a time or in batches (API), and see the answer on a contact's page."},
	{SubscriptionsCreate, []Role{Marketer, DPO, Admin}, "Record sign-ups sent by a website or back end through the API, as the hosted form does."},
	{CampaignsView, everyone, "See re-permission campaigns: whom they reach and leave out (counts), their e-mails and previews, live results, the final report (figures only), the purge records."},
	{CampaignsEdit, []Role{Marketer, DPO, Admin}, "Create draft campaigns, edit their e-mails and settings, send a test message."},
	{CampaignsSend, []Role{Marketer, DPO, Admin}, "Launch a campaign, close it before its deadline, count what its purge would touch (dry run)."},
	{CampaignsPurge, []Role{DPO, Admin}, "Run a campaign's purge: erase the personal data of those who did not confirm, or keep them as “do not contact”. Recorded in the audit trail."},
}

var allowed = func() map[Permission]map[Role]bool {
	m := make(map[Permission]map[Role]bool, len(Matrix))
	for _, g := range Matrix {
		m[g.Permission] = map[Role]bool{}
		for _, r := range g.Roles {
			m[g.Permission][r] = true
		}
	}
	return m
}()

// Can reports whether role may do p. Public is allowed to everyone,
// including the anonymous role "".
func Can(role Role, p Permission) bool {
	if p == Public {
		return true
	}
	return allowed[p][role]
}

// Known reports whether p is in the matrix.
func Known(p Permission) bool {
	_, ok := allowed[p]
	return ok
}
