package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// candidateSelect reads contacts as targeting sees them: the verdict for
// the purpose (the contact's own status when consent_state has none, so
// a withdrawn contact can never read as missing), where the contact came
// from, and whether another running campaign for the purpose asks it
// already. Each part is an index lookup per contact.
const candidateSelect = `SELECT c.id, c.email, c.email_key, COALESCE(c.variant_key, ''), c.first_name, c.last_name, c.name, c.language,
	c.attributes, COALESCE(st.status, c.status),
	COALESCE((SELECT f.format FROM contact_sources cs JOIN import_files f ON f.id = cs.file_id
		WHERE cs.contact_id = c.id ORDER BY cs.id LIMIT 1), 'form'),
	EXISTS (SELECT 1 FROM campaign_recipients r JOIN campaigns k ON k.id = r.campaign_id
		WHERE r.contact_id = c.id AND k.status = 'running' AND k.purpose = ? AND k.id <> ?)
FROM contacts c LEFT JOIN consent_state st ON st.contact_id = c.id AND st.purpose = ?`

func scanCandidate(rows *sql.Rows) (campaign.Candidate, error) {
	var cd campaign.Candidate
	var status string
	err := rows.Scan(&cd.ContactID, &cd.Email, &cd.Key, &cd.Variant, &cd.FirstName, &cd.LastName, &cd.Name, &cd.Language,
		&cd.Attributes, &status, &cd.Source, &cd.InCampaign)
	cd.Status = contacts.Status(status)
	return cd, err
}

// Candidates returns the segment's contacts after a contact id.
func (s *CampaignStore) Candidates(ctx context.Context, seg campaign.Segment, purpose string, campaignID, after int64, limit int) ([]campaign.Candidate, error) {
	var where strings.Builder
	args := []any{purpose, campaignID, purpose, after}
	where.WriteString(` WHERE c.id > ?`)
	if seg.ImportID != 0 {
		// contact_sources_import_contact serves this.
		where.WriteString(` AND EXISTS (SELECT 1 FROM contact_sources x WHERE x.import_id = ? AND x.contact_id = c.id)`)
		args = append(args, seg.ImportID)
	}
	if seg.Channel != "" {
		ch := seg.Channel
		if ch == contacts.ChannelNone {
			ch = ""
		}
		where.WriteString(` AND c.consent_channel = ?`)
		args = append(args, ch)
	}
	args = append(args, limit)
	out := make([]campaign.Candidate, 0, min(limit, 1024))
	rows, err := s.db.Query(ctx, candidateSelect+where.String()+` ORDER BY c.id LIMIT ?`, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		cd, err := scanCandidate(rows)
		out = append(out, cd)
		return err
	})
	return out, err
}

// Eligibility reads contacts by id as targeting sees them.
func (s *CampaignStore) Eligibility(ctx context.Context, purpose string, campaignID int64, ids []int64) (map[int64]*campaign.Candidate, error) {
	out := make(map[int64]*campaign.Candidate, len(ids))
	for _, c := range chunks(len(ids), 500) {
		part := ids[c[0]:c[1]]
		args := append([]any{purpose, campaignID, purpose}, anys(part)...)
		rows, err := s.db.Query(ctx, candidateSelect+` WHERE c.id IN (`+marks(len(part))+`)`, args...)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			cd, err := scanCandidate(rows)
			out[cd.ContactID] = &cd
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
