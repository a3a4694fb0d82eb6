package web

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// The campaigns' API: list and read campaigns and their results, create
// a draft, launch it. The same service methods and permissions as the
// pages.

const tagCampaigns = "Campaigns"

func (s *Server) registerCampaignAPI() {
	if !s.campaignsOn() {
		return
	}
	huma.Register(s.api, operation(http.MethodGet, "/campaigns", "list-campaigns", "List re-permission campaigns", tagCampaigns, auth.CampaignsView), s.apiCampaigns)
	huma.Register(s.api, operation(http.MethodGet, "/campaigns/{id}", "get-campaign", "A campaign", tagCampaigns, auth.CampaignsView), s.apiCampaign)
	huma.Register(s.api, operation(http.MethodGet, "/campaigns/{id}/results", "get-campaign-results",
		"A campaign's results: counts, timeline, confirmation rates", tagCampaigns, auth.CampaignsView), s.apiCampaignResults)
	create := operation(http.MethodPost, "/campaigns", "create-campaign", "Create a draft campaign", tagCampaigns, auth.CampaignsEdit)
	create.Description = "Creates a draft from an import's re-permission segment or a filter, with the default e-mails in English and French " +
		"(edit them in the web application). Only contacts whose consent is weak or missing are ever asked."
	create.DefaultStatus = http.StatusCreated
	create.Errors = append(create.Errors, http.StatusUnprocessableEntity)
	huma.Register(s.api, create, s.apiCreateCampaign)
	launch := operation(http.MethodPost, "/campaigns/{id}/launch", "launch-campaign", "Launch a draft campaign", tagCampaigns, auth.CampaignsSend)
	launch.Description = "Freezes the e-mails as consent text versions, sets the deadline and starts sending through the job queue. " +
		"Refused (422) when the e-mails miss an item of the checklist or no contact may be asked; 409 when already launched."
	launch.Errors = append(launch.Errors, http.StatusUnprocessableEntity, http.StatusConflict, http.StatusNotFound)
	huma.Register(s.api, launch, s.apiLaunchCampaign)
}

// CampaignJSON is a campaign without its e-mails' bodies.
type CampaignJSON struct {
	ID         int64             `json:"id"`
	Name       string            `json:"name"`
	Purpose    string            `json:"purpose"`
	Status     string            `json:"status" enum:"draft,running,ended,purging,purged"`
	Segment    campaign.Segment  `json:"segment"`
	Settings   campaign.Settings `json:"settings"`
	Targeted   int               `json:"targeted" doc:"Recipients written at the launch."`
	Excluded   map[string]int    `json:"excluded" doc:"Contacts of the segment left out, by reason."`
	CreatedAt  time.Time         `json:"created_at"`
	LaunchedAt time.Time         `json:"launched_at,omitzero"`
	DeadlineAt time.Time         `json:"deadline_at,omitzero"`
	EndedAt    time.Time         `json:"ended_at,omitzero"`
	PurgedAt   time.Time         `json:"purged_at,omitzero"`
	PurgeMode  string            `json:"purge_mode,omitempty"`
}

func campaignJSON(c *campaign.Campaign) CampaignJSON {
	j := CampaignJSON{ID: c.ID, Name: c.Name, Purpose: c.Purpose, Status: string(c.Status), Segment: c.Segment, Settings: c.Settings,
		Targeted: c.Targeted, Excluded: map[string]int{}, CreatedAt: c.CreatedAt, LaunchedAt: c.LaunchedAt, DeadlineAt: c.DeadlineAt,
		EndedAt: c.EndedAt, PurgedAt: c.PurgedAt, PurgeMode: c.PurgeMode}
	for k, v := range c.Excluded {
		j.Excluded[string(k)] = v
	}
	if j.Settings.Reminders == nil {
		j.Settings.Reminders = []int{}
	}
	return j
}

type campaignsOutput struct {
	Body struct {
		Campaigns []CampaignJSON `json:"campaigns" doc:"Newest first."`
	}
}

type campaignOutput struct {
	Body CampaignJSON
}

func (s *Server) apiCampaigns(ctx context.Context, _ *struct{}) (*campaignsOutput, error) {
	cs, err := s.svc.Campaigns.List(ctx)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	out := &campaignsOutput{}
	out.Body.Campaigns = []CampaignJSON{}
	for i := range cs {
		out.Body.Campaigns = append(out.Body.Campaigns, campaignJSON(&cs[i]))
	}
	return out, nil
}

func (s *Server) apiCampaign(ctx context.Context, in *idInput) (*campaignOutput, error) {
	c, err := s.svc.Campaigns.Get(ctx, in.ID)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	return &campaignOutput{Body: campaignJSON(c)}, nil
}

type campaignResultsOutput struct {
	Body struct {
		Campaign CampaignJSON      `json:"campaign"`
		Results  *campaign.Results `json:"results"`
		Progress struct {
			Done  int  `json:"done" doc:"Messages sent, bounced, failed or skipped."`
			Total int  `json:"total" doc:"Messages written so far."`
			Retry int  `json:"retry" doc:"Messages waiting for a later attempt."`
			Busy  bool `json:"busy" doc:"Messages are due now, or a step or a purge is being written."`
		} `json:"progress"`
	}
}

func (s *Server) apiCampaignResults(ctx context.Context, in *idInput) (*campaignResultsOutput, error) {
	res, c, err := s.svc.Campaigns.Results(ctx, in.ID)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	p, _, err := s.svc.Campaigns.Progress(ctx, in.ID)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	out := &campaignResultsOutput{}
	out.Body.Campaign, out.Body.Results = campaignJSON(c), res
	out.Body.Progress.Done, out.Body.Progress.Total, out.Body.Progress.Retry, out.Body.Progress.Busy = p.Done, p.Total, p.Retry, p.Busy
	return out, nil
}

type createCampaignInput struct {
	Body struct {
		Name     string             `json:"name" minLength:"1" maxLength:"200"`
		Purpose  string             `json:"purpose,omitempty" maxLength:"63" doc:"The purpose people are asked to confirm (slug); email_marketing by default."`
		ImportID int64              `json:"import_id,omitempty" doc:"Target the re-permission segment of this import."`
		Statuses []string           `json:"statuses,omitempty" maxItems:"2" doc:"weak, missing or both (default both)."`
		Channel  string             `json:"channel,omitempty" maxLength:"63" doc:"Only contacts whose consent came through this channel."`
		Language string             `json:"language,omitempty" enum:"en,fr," doc:"Only contacts written to in this language."`
		Settings *campaign.Settings `json:"settings,omitempty" doc:"Reminders, deadline, rates, policy update block; defaults when absent."`
	}
}

func (s *Server) apiCreateCampaign(ctx context.Context, in *createCampaignInput) (*campaignOutput, error) {
	b := in.Body
	spec := campaign.Spec{Name: b.Name, Purpose: b.Purpose, Segment: campaign.Segment{ImportID: b.ImportID, Channel: b.Channel, Language: b.Language},
		Settings: campaign.DefaultSettings(s.cfg.Language)}
	for _, st := range b.Statuses {
		spec.Segment.Statuses = append(spec.Segment.Statuses, contacts.Status(st))
	}
	if b.Settings != nil {
		spec.Settings = *b.Settings
	}
	c, err := s.svc.Campaigns.Create(ctx, spec)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	return &campaignOutput{Body: campaignJSON(c)}, nil
}

func (s *Server) apiLaunchCampaign(ctx context.Context, in *idInput) (*campaignOutput, error) {
	c, err := s.svc.Campaigns.Launch(ctx, in.ID)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	return &campaignOutput{Body: campaignJSON(c)}, nil
}
