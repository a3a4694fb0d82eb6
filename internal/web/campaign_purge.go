package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/campaign"
)

// The purge at a campaign's deadline: how many contacts the plan holds,
// the plan to download (formula-safe CSV), a dry run counting what each
// table would lose, then the purge itself, confirmed by typing the
// campaign's name, in mode erase or "do not contact". And the export of
// the clean base for the e-mailing tool. The service records each step in
// the audit trail.

type purgeView struct {
	C       *campaign.Campaign
	Planned int
	Counts  []campaign.CountRow
	Records []campaign.PurgeRecord
	Error   string
}

func (s *Server) purgeView(r *http.Request) (purgeView, error) {
	c, err := s.campaignOf(r)
	if err != nil {
		return purgeView{}, err
	}
	v := purgeView{C: c}
	if c.Status == campaign.Ended {
		// Counting reads the plan's rows but shows no one.
		if err := s.svc.Campaigns.EachPlanned(r.Context(), c.ID, func(campaign.PlanRow) error { v.Planned++; return nil }); err != nil {
			return v, err
		}
	}
	res, _, err := s.svc.Campaigns.Results(r.Context(), c.ID)
	if err != nil {
		return v, err
	}
	v.Records = res.Purges
	return v, nil
}

func (s *Server) purgePage(w http.ResponseWriter, r *http.Request) {
	v, err := s.purgeView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "campaign_purge", s.newPage(r, "campaigns", "campaignweb.purge.title", v))
}

// purgePlan downloads who the purge would erase or suppress.
func (s *Server) purgePlan(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.Status != campaign.Ended {
		s.fail(w, r, gdprkit.Errorf(gdprkit.ECONFLICT, "campaign.not_ended", nil, "campaign %d has not reached its deadline", c.ID))
		return
	}
	attach(w, "campaign-"+strconv.FormatInt(c.ID, 10)+"-purge-plan.csv")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	s.metrics.views.WithLabelValues(audit.Exported).Inc()
	_, err = s.svc.Campaigns.WritePlan(r.Context(), w, c.ID, langOf(r))
	if err != nil {
		s.log.ErrorContext(r.Context(), "purge plan download failed", "request_id", requestID(r.Context()), "err", err)
		panic(http.ErrAbortHandler)
	}
}

func (s *Server) purgeDryRun(w http.ResponseWriter, r *http.Request) {
	v, err := s.purgeView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.svc.Campaigns.DryRun(r.Context(), v.C.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Counts = campaign.CountRows(counts)
	s.render(w, r, http.StatusOK, "campaign_purge", s.newPage(r, "campaigns", "campaignweb.purge.title", v))
}

func (s *Server) runPurge(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.Campaigns.Purge(r.Context(), id, r.PostFormValue("mode"), r.PostFormValue("confirm_name")); err != nil {
		status, e := classify(err)
		if status != http.StatusUnprocessableEntity {
			s.fail(w, r, err)
			return
		}
		v, verr := s.purgeView(r)
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Error = tr(r, e.Key, e.Args)
		s.render(w, r, status, "campaign_purge", s.newPage(r, "campaigns", "campaignweb.purge.title", v))
		return
	}
	s.flash(r, "campaignweb.purge.started")
	redirect(w, r, campaignPath(id, "/results"))
}

// campaignExport downloads the clean base in an e-mailing tool's import
// format, consent columns filled.
func (s *Server) campaignExport(w http.ResponseWriter, r *http.Request) {
	format, purpose := r.URL.Query().Get("format"), r.URL.Query().Get("purpose")
	if _, ok := campaign.Layouts[format]; !ok {
		s.fail(w, r, gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.export_format", nil, "export format %q", format))
		return
	}
	attach(w, "clean-base-"+format+".csv")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	s.metrics.views.WithLabelValues(audit.Exported).Inc()
	if _, err := s.svc.Campaigns.Export(r.Context(), w, format, purpose); err != nil {
		s.log.ErrorContext(r.Context(), "clean base export failed", "request_id", requestID(r.Context()), "err", err)
		panic(http.ErrAbortHandler)
	}
}

// auditExport is an audit-trail entry for a download of figures.
func auditExport(objectType, id, detail string) audit.Entry {
	if !json.Valid([]byte(detail)) {
		detail = "{}"
	}
	return audit.Entry{Action: audit.Exported, ObjectType: objectType, ObjectID: id, Detail: detail}
}
