package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// Erasure of a person's data (GDPR Art. 17), as the re-permission purge
// does it and as a later request for erasure will. Every table that can
// hold a contact's address, name or anything read from their rows is
// listed here; docs/campaigns.md, "What the purge erases", is the same
// list for people.
//
//   - contacts: the row (address, name, language, phone, attributes);
//   - contact_sources: the imported rows (raw);
//   - consent_events: subject, ip, user_agent, detail and salt blanked,
//     contact_id unlinked; the hash chain covers only a commitment to
//     them, so `gdprkit ledger verify` still passes and counts them as
//     erased;
//   - consent_state, consent_requests: the verdicts and the requests;
//   - campaign_recipients, campaign_sends: in every campaign (address,
//     domain, Message-IDs, SMTP replies);
//   - import_rejects: rows whose detail names the address;
//   - audit_log: entries about the contact keep who did what and when,
//     but no longer which contact; details naming the address are
//     blanked;
//   - sessions: staff sessions holding the address (a search) end.
//
// The suppression list keeps a keyed hash of the address, added by the
// caller in the same transaction.

// Erasee is a person to erase.
type Erasee struct {
	ContactID int64
	Email     string
	Key       string
}

// EraseCounts are the rows an erasure touched, by table.
type EraseCounts struct {
	Contacts, Sources, Events, States, Requests, Recipients, Sends, Rejects, AuditEntries, Sessions int
}

// EraseContacts erases the people in one transaction.
func EraseContacts(ctx context.Context, tx *Tx, people []Erasee) (EraseCounts, error) {
	var n EraseCounts
	if len(people) == 0 {
		return n, nil
	}
	ids := make([]any, len(people))
	objectIDs := make([]any, len(people))
	for i, p := range people {
		ids[i], objectIDs[i] = p.ContactID, strconv.FormatInt(p.ContactID, 10)
	}
	in := `(` + marks(len(ids)) + `)`
	steps := []struct {
		dst  *int
		q    string
		args []any
	}{
		{&n.Events, `UPDATE consent_events SET subject = NULL, ip = NULL, user_agent = NULL, detail = NULL, salt = NULL, contact_id = NULL
			WHERE contact_id IN ` + in, ids},
		{&n.States, `DELETE FROM consent_state WHERE contact_id IN ` + in, ids},
		{&n.Requests, `DELETE FROM consent_requests WHERE contact_id IN ` + in, ids},
		{&n.Sources, `DELETE FROM contact_sources WHERE contact_id IN ` + in, ids},
		{&n.Sends, `DELETE FROM campaign_sends WHERE recipient_id IN (SELECT id FROM campaign_recipients WHERE contact_id IN ` + in + `)`, ids},
		{&n.Recipients, `DELETE FROM campaign_recipients WHERE contact_id IN ` + in, ids},
		{&n.AuditEntries, `UPDATE audit_log SET object_id = '', detail = '{"erased":true}' WHERE object_type = 'contact' AND object_id IN ` + in, objectIDs},
		{&n.Contacts, `DELETE FROM contacts WHERE id IN ` + in, ids},
	}
	for _, st := range steps {
		r, err := tx.Exec(ctx, st.q, st.args...)
		if err != nil {
			return n, err
		}
		k, err := r.RowsAffected()
		if err != nil {
			return n, err
		}
		*st.dst += int(k)
	}
	return n, eraseMentions(ctx, tx, people, &n)
}

// eraseMentions removes the rows that name an address in free text:
// rejected import rows, audit details, staff sessions.
func eraseMentions(ctx context.Context, tx *Tx, people []Erasee, n *EraseCounts) error {
	needles := make([][]byte, 0, 2*len(people))
	for _, p := range people {
		for _, s := range []string{p.Email, p.Key} {
			if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
				needles = append(needles, []byte(s))
			}
		}
	}
	for _, m := range []struct {
		dst    *int
		find   string
		delete string
	}{
		{&n.Rejects, `SELECT id, detail FROM import_rejects WHERE detail LIKE '%@%'`, `DELETE FROM import_rejects WHERE id = ?`},
		{&n.AuditEntries, `SELECT id, detail FROM audit_log WHERE detail LIKE '%@%'`, `UPDATE audit_log SET detail = '{"erased":true}' WHERE id = ?`},
		{&n.Sessions, `SELECT token_hash, data FROM sessions`, `DELETE FROM sessions WHERE token_hash = ?`},
	} {
		hits, err := mentions(ctx, tx, m.find, needles)
		if err != nil {
			return err
		}
		for _, id := range hits {
			if _, err := tx.Exec(ctx, m.delete, id); err != nil {
				return err
			}
		}
		*m.dst += len(hits)
	}
	return nil
}

// mentions returns the keys of the rows of q (key, text) whose text holds
// one of needles, compared in lower case.
func mentions(ctx context.Context, tx *Tx, q string, needles [][]byte) ([]any, error) {
	var hits []any
	rows, err := tx.Query(ctx, q)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var key any
		var text []byte
		if err := rows.Scan(&key, &text); err != nil {
			return err
		}
		text = bytes.ToLower(text)
		for _, nd := range needles {
			if bytes.Contains(text, nd) {
				if b, ok := key.([]byte); ok {
					key = string(b)
				}
				hits = append(hits, key)
				return nil
			}
		}
		return nil
	})
	return hits, err
}
