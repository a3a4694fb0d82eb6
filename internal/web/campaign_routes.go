package web

import "github.com/gdprkit/gdprkit/internal/auth"

// campaignRoutes are the pages of re-permission campaigns. None is served
// when the feature is not wired.
func (s *Server) campaignRoutes() []route {
	if !s.campaignsOn() {
		return nil
	}
	return []route{
		{method: "GET", pattern: "/campaigns", perm: auth.CampaignsView, h: s.campaignList},
		{method: "GET", pattern: "/campaigns/new", perm: auth.CampaignsEdit, h: s.newCampaign},
		{method: "POST", pattern: "/campaigns", perm: auth.CampaignsEdit, h: s.createCampaign, long: true},
		{method: "GET", pattern: "/campaigns/export", perm: auth.ContactsExport, h: s.campaignExport, long: true},
		{method: "GET", pattern: "/campaigns/{id}", perm: auth.CampaignsView, h: s.campaignPage, long: true},
		{method: "POST", pattern: "/campaigns/{id}", perm: auth.CampaignsEdit, h: s.updateCampaign, long: true},
		{method: "GET", pattern: "/campaigns/{id}/preview/{lang}", perm: auth.CampaignsView, h: s.campaignPreview},
		{method: "POST", pattern: "/campaigns/{id}/test", perm: auth.CampaignsEdit, h: s.campaignTestSend},
		{method: "POST", pattern: "/campaigns/{id}/launch", perm: auth.CampaignsSend, h: s.launchCampaign, long: true},
		{method: "POST", pattern: "/campaigns/{id}/end", perm: auth.CampaignsSend, h: s.endCampaign},
		{method: "GET", pattern: "/campaigns/{id}/results", perm: auth.CampaignsView, h: s.campaignResults},
		{method: "GET", pattern: "/campaigns/{id}/results/live", perm: auth.CampaignsView, h: s.campaignLive},
		{method: "GET", pattern: "/campaigns/{id}/report.json", perm: auth.CampaignsView, h: s.campaignReport},
		{method: "GET", pattern: "/campaigns/{id}/purge", perm: auth.CampaignsView, h: s.purgePage, long: true},
		{method: "GET", pattern: "/campaigns/{id}/purge/plan.csv", perm: auth.ContactsExport, h: s.purgePlan, long: true},
		{method: "POST", pattern: "/campaigns/{id}/purge/dry-run", perm: auth.CampaignsSend, h: s.purgeDryRun, long: true},
		{method: "POST", pattern: "/campaigns/{id}/purge", perm: auth.CampaignsPurge, h: s.runPurge, long: true},
	}
}
