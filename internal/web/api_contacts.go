package web

import (
	"context"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// ContactJSON is a contact as the API shows it.
type ContactJSON struct {
	ID             int64         `json:"id"`
	Email          string        `json:"email"`
	FirstName      string        `json:"first_name,omitempty"`
	LastName       string        `json:"last_name,omitempty"`
	Name           string        `json:"name,omitempty"`
	Language       string        `json:"language,omitempty"`
	Status         string        `json:"status" enum:"documented,weak,missing,withdrawn,undeliverable,other_basis"`
	Reasons        []string      `json:"reasons"`
	ConsentAt      *time.Time    `json:"consent_at,omitempty"`
	ConsentChannel string        `json:"consent_channel,omitempty"`
	Purposes       []PurposeJSON `json:"purposes"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// PurposeJSON is a contact's status for one purpose.
type PurposeJSON struct {
	Purpose   string     `json:"purpose"`
	Status    string     `json:"status"`
	Reasons   []string   `json:"reasons"`
	ConsentAt *time.Time `json:"consent_at,omitempty"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func reasonCodes(rs []contacts.Reason) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = string(r)
	}
	return out
}

func contactJSON(c *contacts.Contact) ContactJSON {
	j := ContactJSON{ID: c.ID, Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Name: c.Name, Language: c.Language,
		Status: string(c.Status), Reasons: reasonCodes(c.Reasons), ConsentAt: optTime(c.ConsentAt), ConsentChannel: c.ConsentChannel,
		Purposes: []PurposeJSON{}, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for _, a := range contacts.ParsePurposes(c.Purposes) {
		j.Purposes = append(j.Purposes, PurposeJSON{Purpose: a.Purpose, Status: string(a.Status), Reasons: reasonCodes(a.Reasons), ConsentAt: optTime(a.ConsentAt)})
	}
	return j
}

// ListParams are the list filters, safe in a URL: no personal data.
type ListParams struct {
	Status  string `query:"status" enum:"documented,weak,missing,withdrawn,undeliverable,other_basis,to_repermission," doc:"Only contacts with this consent status; to_repermission: weak or missing, the re-permission segment."`
	Channel string `query:"channel" doc:"Only contacts whose consent came through this channel (web_form, email, import, api, preference_centre, admin, none)."`
	Purpose string `query:"purpose" enum:"email_marketing,sms_marketing,direct_mail,online_advertising," doc:"Only contacts with an assessment for this purpose."`
	Import  int64  `query:"import" doc:"Only contacts with a row in this import."`
	After   int64  `query:"after" doc:"Cursor: the next value of the previous page."`
	Limit   int    `query:"limit" minimum:"1" maximum:"500" default:"50"`
}

func (p ListParams) filter() contacts.Filter {
	return contacts.Filter{Status: contacts.Status(p.Status), Channel: p.Channel, Purpose: p.Purpose, ImportID: p.Import, After: p.After, Limit: p.Limit}
}

type contactsOutput struct {
	Body struct {
		Contacts []ContactJSON `json:"contacts"`
		Next     int64         `json:"next,omitempty" doc:"Pass as after to get the next page; absent on the last page."`
	}
}

type searchInput struct {
	Body struct {
		Q      string `json:"q" minLength:"1" maxLength:"320" doc:"Start of an address, or of a last or first name. Sent in the body so it never reaches a URL or a log."`
		In     string `json:"in,omitempty" enum:"email,last_name,first_name," doc:"Where to look; by default an address when q has @, a dot or a digit, else a last name."`
		Status string `json:"status,omitempty" enum:"documented,weak,missing,withdrawn,undeliverable,other_basis,"`
		Import int64  `json:"import,omitempty"`
		After  int64  `json:"after,omitempty"`
		Limit  int    `json:"limit,omitempty" minimum:"0" maximum:"500"`
	}
}

func (s *Server) registerContactsAPI() {
	huma.Register(s.api, operation(http.MethodGet, "/contacts", "list-contacts", "List contacts, newest first", "Contacts", auth.ContactsView),
		func(ctx context.Context, in *struct{ ListParams }) (*contactsOutput, error) {
			return s.apiList(ctx, in.filter())
		})
	huma.Register(s.api, operation(http.MethodPost, "/contacts/search", "search-contacts", "Search contacts by address or name", "Contacts", auth.ContactsView),
		func(ctx context.Context, in *searchInput) (*contactsOutput, error) {
			b := in.Body
			f := contacts.Filter{Search: b.Q, SearchIn: contacts.SearchIn(b.In), Status: contacts.Status(b.Status), ImportID: b.Import, After: b.After, Limit: b.Limit}
			if f.Limit == 0 {
				f.Limit = 50
			}
			return s.apiList(ctx, f)
		})
	huma.Register(s.api, operation(http.MethodGet, "/contacts/{id}", "get-contact", "A contact with its provenance and consent history", "Contacts", auth.ContactsView), s.apiContact)
}

func (s *Server) apiList(ctx context.Context, f contacts.Filter) (*contactsOutput, error) {
	page, err := s.svc.Contacts.ListContacts(ctx, f)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	if err := s.svc.Audit.Record(ctx, audit.Entry{Action: audit.Viewed, ObjectType: "contacts", Detail: filterDetail(f, len(page.Contacts))}); err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	out := &contactsOutput{}
	out.Body.Contacts = make([]ContactJSON, 0, len(page.Contacts))
	for i := range page.Contacts {
		out.Body.Contacts = append(out.Body.Contacts, contactJSON(&page.Contacts[i]))
	}
	out.Body.Next = page.Next
	return out, nil
}

// SourceJSON is a row a contact was read from.
type SourceJSON struct {
	ID        int64      `json:"id"`
	ImportID  int64      `json:"import_id"`
	File      string     `json:"file"`
	Format    string     `json:"format"`
	Line      int        `json:"line"`
	AddedAt   *time.Time `json:"added_at,omitempty"`
	ChangedAt *time.Time `json:"changed_at,omitempty"`
	Raw       string     `json:"raw,omitempty"`
}

// EventJSON is a consent event of the ledger.
type EventJSON struct {
	ID         int64      `json:"id"`
	Purpose    string     `json:"purpose"`
	Action     string     `json:"action"`
	OccurredAt *time.Time `json:"occurred_at,omitempty"`
	RecordedAt time.Time  `json:"recorded_at"`
	Channel    string     `json:"channel,omitempty"`
	Source     string     `json:"source,omitempty"`
	LegalBasis string     `json:"legal_basis,omitempty"`
	IP         string     `json:"ip,omitempty"`
	UserAgent  string     `json:"user_agent,omitempty"`
	ImportID   int64      `json:"import_id,omitempty"`
	Hash       string     `json:"hash"`
}

type contactOutput struct {
	Body struct {
		Contact ContactJSON  `json:"contact"`
		Sources []SourceJSON `json:"sources"`
		Events  []EventJSON  `json:"events"`
	}
}

func (s *Server) apiContact(ctx context.Context, in *struct {
	ID int64 `path:"id"`
}) (*contactOutput, error) {
	c, err := s.svc.Contacts.ContactByID(ctx, in.ID)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	sources, events, err := s.svc.Contacts.ContactHistory(ctx, in.ID)
	if err == nil {
		err = s.svc.Audit.Record(ctx, audit.Entry{Action: audit.Viewed, ObjectType: "contact", ObjectID: strconv.FormatInt(in.ID, 10)})
	}
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	out := &contactOutput{}
	out.Body.Contact = contactJSON(c)
	out.Body.Sources = make([]SourceJSON, 0, len(sources))
	for _, src := range sources {
		out.Body.Sources = append(out.Body.Sources, SourceJSON{ID: src.ID, ImportID: src.ImportID, File: src.File, Format: src.Format, Line: src.Line,
			AddedAt: optTime(src.AddedAt), ChangedAt: optTime(src.ChangedAt), Raw: src.Raw})
	}
	out.Body.Events = make([]EventJSON, 0, len(events))
	for _, e := range timeline(events) {
		out.Body.Events = append(out.Body.Events, EventJSON{ID: e.ID, Purpose: e.Purpose, Action: e.Action, OccurredAt: optTime(e.OccurredAt),
			RecordedAt: e.RecordedAt, Channel: e.Channel, Source: e.Source, LegalBasis: e.LegalBasis, IP: e.Personal.IP,
			UserAgent: e.Personal.UserAgent, ImportID: e.ImportID, Hash: hex.EncodeToString(e.Hash[:])})
	}
	return out, nil
}
