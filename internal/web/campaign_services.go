package web

import (
	"context"
	"io"

	"github.com/gdprkit/gdprkit/internal/campaign"
)

// Campaigns is campaign.Service: re-permission campaigns from the draft to
// the purge and the export of the clean base. The service records in the
// audit trail what it changes and exports; a nil Campaigns serves none of
// the campaign pages.
type Campaigns interface {
	Create(ctx context.Context, d campaign.Spec) (*campaign.Campaign, error)
	Update(ctx context.Context, c *campaign.Campaign) error
	Get(ctx context.Context, id int64) (*campaign.Campaign, error)
	List(ctx context.Context) ([]campaign.Campaign, error)
	Prospect(ctx context.Context, id int64) (*campaign.Prospect, *campaign.Campaign, error)
	Launch(ctx context.Context, id int64) (*campaign.Campaign, error)
	End(ctx context.Context, id int64) error
	Preview(ctx context.Context, id int64, lang string) (*campaign.Rendered, error)
	TestSend(ctx context.Context, id int64, lang, to string) error
	Results(ctx context.Context, id int64) (*campaign.Results, *campaign.Campaign, error)
	Progress(ctx context.Context, id int64) (campaign.Progress, *campaign.Campaign, error)
	WritePlan(ctx context.Context, w io.Writer, id int64, lang string) (int, error)
	EachPlanned(ctx context.Context, id int64, fn func(campaign.PlanRow) error) error
	DryRun(ctx context.Context, id int64) (campaign.PurgeCounts, error)
	Purge(ctx context.Context, id int64, mode, confirm string) error
	Export(ctx context.Context, w io.Writer, format, purpose string) (int, error)
}

// campaignsOn reports whether the campaign feature is wired.
func (s *Server) campaignsOn() bool { return s.svc.Campaigns != nil }
