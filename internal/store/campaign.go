package store

import "github.com/gdprkit/gdprkit/internal/store/sqlstore"

// Campaigns returns the store of re-permission campaigns. Set its Jobs
// before use when a job queue runs.
func (s *Stores) Campaigns() *sqlstore.CampaignStore { return sqlstore.NewCampaignStore(s.DB) }
