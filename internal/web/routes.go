package web

import (
	"net/http"

	"github.com/gdprkit/gdprkit/internal/auth"
)

// route is one page or form handler and the permission it needs. Every
// HTML route is in this table; the API's operations carry theirs in their
// metadata (api.go). The route × role test walks both.
type route struct {
	method  string
	pattern string
	perm    auth.Permission
	h       http.HandlerFunc
	// long routes stream files or receive uploads: no request deadline.
	long bool
}

func (s *Server) htmlRoutes() []route {
	return []route{
		{method: "GET", pattern: "/static/", perm: auth.Public, h: s.static},
		{method: "GET", pattern: "/healthz", perm: auth.Public, h: s.healthz},
		{method: "GET", pattern: "/readyz", perm: auth.Public, h: s.readyz},
		{method: "GET", pattern: "/metrics", perm: auth.MetricsView, h: s.metricsHandler},
		{method: "POST", pattern: "/lang", perm: auth.Public, h: s.switchLanguage},

		{method: "GET", pattern: "/login", perm: auth.Public, h: s.loginPage},
		{method: "POST", pattern: "/login", perm: auth.Public, h: s.login},
		{method: "GET", pattern: "/setup", perm: auth.Public, h: s.setupPage},
		{method: "POST", pattern: "/setup", perm: auth.Public, h: s.setup},
		{method: "GET", pattern: "/link", perm: auth.Public, h: s.linkPage},
		{method: "POST", pattern: "/link", perm: auth.Public, h: s.useLink},
		{method: "POST", pattern: "/logout", perm: auth.Authenticated, h: s.logout},
		{method: "GET", pattern: "/account", perm: auth.Authenticated, h: s.accountPage},
		{method: "POST", pattern: "/account/password", perm: auth.Authenticated, h: s.changePassword},
		{method: "POST", pattern: "/account/tokens", perm: auth.Authenticated, h: s.createToken},
		{method: "POST", pattern: "/account/tokens/{id}/revoke", perm: auth.Authenticated, h: s.revokeToken},

		{method: "GET", pattern: "/{$}", perm: auth.DashboardView, h: s.dashboard},
		{method: "POST", pattern: "/plan/{action}/{item}", perm: auth.ChecklistTick, h: s.tick},

		{method: "GET", pattern: "/contacts", perm: auth.ContactsView, h: s.contactList},
		{method: "POST", pattern: "/contacts/search", perm: auth.ContactsView, h: s.contactSearch},
		{method: "GET", pattern: "/contacts/{id}", perm: auth.ContactsView, h: s.contactPage},
		{method: "GET", pattern: "/contacts/export/{format}", perm: auth.ContactsExport, h: s.contactExport, long: true},

		{method: "GET", pattern: "/imports", perm: auth.ImportsView, h: s.importList},
		{method: "GET", pattern: "/imports/new", perm: auth.ImportsCreate, h: s.uploadForm},
		{method: "POST", pattern: "/imports", perm: auth.ImportsCreate, h: s.upload, long: true},
		{method: "GET", pattern: "/uploads/{id}", perm: auth.ImportsView, h: s.uploadPage},
		{method: "GET", pattern: "/uploads/{id}/progress", perm: auth.ImportsView, h: s.uploadProgress},
		{method: "POST", pattern: "/uploads/{id}/mapping", perm: auth.ImportsCreate, h: s.uploadMapping},
		{method: "POST", pattern: "/uploads/{id}/start", perm: auth.ImportsCreate, h: s.uploadStart},
		{method: "GET", pattern: "/imports/{id}", perm: auth.ImportsView, h: s.importPage},
		{method: "GET", pattern: "/imports/{id}/report.html", perm: auth.ImportsView, h: s.importReportHTML},
		{method: "GET", pattern: "/imports/{id}/report.json", perm: auth.ImportsView, h: s.importReportJSON},
		{method: "GET", pattern: "/imports/{id}/download/{file}", perm: auth.ImportsDownload, h: s.importDownload, long: true},

		{method: "GET", pattern: "/register", perm: auth.RegisterView, h: s.registerOverview},
		{method: "GET", pattern: "/register/export/{what}/{format}", perm: auth.RegisterExport, h: s.registerExport, long: true},
		{method: "GET", pattern: "/register/history", perm: auth.RegisterView, h: s.registerHistory},
		{method: "GET", pattern: "/register/organisation", perm: auth.RegisterView, h: s.organisationPage},
		{method: "POST", pattern: "/register/organisation", perm: auth.RegisterEdit, h: s.saveOrganisation},
		{method: "GET", pattern: "/vendors", perm: auth.RegisterView, h: s.vendorList},
		{method: "GET", pattern: "/vendors/new", perm: auth.RegisterEdit, h: s.newVendorForm},
		{method: "POST", pattern: "/vendors", perm: auth.RegisterEdit, h: s.createVendor},
		{method: "POST", pattern: "/vendors/import", perm: auth.RegisterEdit, h: s.importVendors, long: true},
		{method: "GET", pattern: "/vendors/{id}", perm: auth.RegisterView, h: s.vendorPage},
		{method: "GET", pattern: "/vendors/{id}/edit", perm: auth.RegisterEdit, h: s.editVendorForm},
		{method: "POST", pattern: "/vendors/{id}", perm: auth.RegisterEdit, h: s.updateVendor},
		{method: "POST", pattern: "/vendors/{id}/delete", perm: auth.RegisterEdit, h: s.deleteVendor},
		{method: "POST", pattern: "/vendors/{id}/reviewed", perm: auth.RegisterEdit, h: s.markReviewed},
		{method: "POST", pattern: "/vendors/{id}/questionnaires", perm: auth.QuestionnairesSend, h: s.sendQuestionnaire},
		{method: "POST", pattern: "/vendors/{id}/questionnaires/{q}/revoke", perm: auth.QuestionnairesSend, h: s.revokeQuestionnaire},
		{method: "GET", pattern: "/questionnaire", perm: auth.Public, h: s.questionnairePage},
		{method: "POST", pattern: "/questionnaire", perm: auth.Public, h: s.answerQuestionnaire},
		{method: "GET", pattern: "/activities", perm: auth.RegisterView, h: s.activityList},
		{method: "GET", pattern: "/activities/new", perm: auth.RegisterEdit, h: s.newActivity},
		{method: "POST", pattern: "/activities", perm: auth.RegisterEdit, h: s.createActivity},
		{method: "GET", pattern: "/activities/{id}", perm: auth.RegisterView, h: s.activityPage},
		{method: "GET", pattern: "/activities/{id}/edit", perm: auth.RegisterEdit, h: s.editActivity},
		{method: "POST", pattern: "/activities/{id}", perm: auth.RegisterEdit, h: s.updateActivity},
		{method: "POST", pattern: "/activities/{id}/delete", perm: auth.RegisterEdit, h: s.deleteActivity},
		{method: "GET", pattern: "/methods", perm: auth.RegisterView, h: s.methodList},
		{method: "GET", pattern: "/methods/new", perm: auth.MethodsEdit, h: s.newMethod},
		{method: "POST", pattern: "/methods", perm: auth.MethodsEdit, h: s.createMethod},
		{method: "POST", pattern: "/methods/check", perm: auth.MethodsEdit, h: s.checkMethod},
		{method: "GET", pattern: "/methods/{id}", perm: auth.RegisterView, h: s.methodPage},
		{method: "GET", pattern: "/methods/{id}/edit", perm: auth.MethodsEdit, h: s.editMethod},
		{method: "POST", pattern: "/methods/{id}", perm: auth.MethodsEdit, h: s.updateMethod},
		{method: "POST", pattern: "/methods/{id}/delete", perm: auth.MethodsEdit, h: s.deleteMethod},

		{method: "GET", pattern: "/audit", perm: auth.AuditView, h: s.auditPage},
		{method: "GET", pattern: "/audit/export.csv", perm: auth.AuditExport, h: s.auditExport, long: true},

		{method: "GET", pattern: "/settings", perm: auth.SettingsView, h: s.settingsPage},
		{method: "POST", pattern: "/settings", perm: auth.SettingsEdit, h: s.saveSettings},

		{method: "GET", pattern: "/users", perm: auth.UsersManage, h: s.userList},
		{method: "POST", pattern: "/users", perm: auth.UsersManage, h: s.inviteUser},
		{method: "GET", pattern: "/users/{id}", perm: auth.UsersManage, h: s.userPage},
		{method: "POST", pattern: "/users/{id}", perm: auth.UsersManage, h: s.updateUser},
		{method: "POST", pattern: "/users/{id}/reset", perm: auth.UsersManage, h: s.resetUser},
	}
}
