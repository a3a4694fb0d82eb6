package web

import (
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/chart"
)

// A campaign's results: sent, delivered, bounced and confirmed over time,
// the confirmation rate per language and source, refreshed by htmx while
// the campaign runs; and the final report to download. Figures only: no
// personal data.

type resultsView struct {
	C        *campaign.Campaign
	R        *campaign.Results
	Progress campaign.Progress
	Chart    template.HTML
	Sent     int
	Bounced  int
	Failed   int
	// Live: the page polls while the campaign runs or purges.
	Live bool
}

func (s *Server) resultsView(r *http.Request) (resultsView, error) {
	id, err := pathID(r)
	if err != nil {
		return resultsView{}, err
	}
	res, c, err := s.svc.Campaigns.Results(r.Context(), id)
	if err != nil {
		return resultsView{}, err
	}
	p, _, err := s.svc.Campaigns.Progress(r.Context(), id)
	if err != nil {
		return resultsView{}, err
	}
	v := resultsView{C: c, R: res, Progress: p, Sent: res.Counts.Messages(campaign.StateSent),
		Bounced: res.Counts.Messages(campaign.StateBounced), Failed: res.Counts.Messages(campaign.StateFailed),
		Live: c.Status == campaign.Running || c.Status == campaign.Purging}
	v.Chart = timelineChart(langOf(r), res.Timeline)
	return v, nil
}

// timelineChart draws the running totals of messages sent, delivered,
// bounced and confirmations.
func timelineChart(lang string, ts []campaign.TimeCount) template.HTML {
	if len(ts) == 0 {
		return ""
	}
	cum := campaign.Cumulative(ts)
	series := []chart.Series{
		{Label: translate(lang, "campaignweb.results.sent", nil), Class: "s-other_basis"},
		{Label: translate(lang, "campaignweb.results.delivered", nil), Class: "s-weak"},
		{Label: translate(lang, "campaignweb.results.bounced", nil), Class: "s-missing"},
		{Label: translate(lang, "campaignweb.results.confirmed", nil), Class: "s-documented"},
	}
	for _, t := range cum {
		for i, v := range []int{t.Sent, t.Delivered, t.Bounced, t.Confirmed} {
			series[i].Points = append(series[i].Points, chart.TimePoint{At: t.At, Value: float64(v)})
		}
	}
	if len(cum) == 1 {
		// A line needs two points: start the campaign's first hour at zero.
		for i := range series {
			series[i].Points = append([]chart.TimePoint{{At: cum[0].At.Add(-time.Hour)}}, series[i].Points...)
		}
	}
	return chart.Line(chart.Chart{Title: translate(lang, "campaignweb.results.chart", nil), Lang: lang, ID: "campaign-timeline"}, series)
}

func (s *Server) campaignResults(w http.ResponseWriter, r *http.Request) {
	v, err := s.resultsView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "campaign_results", s.newPage(r, "campaigns", "campaignweb.results.title", v))
}

// campaignLive is the results' figures alone, polled by htmx.
func (s *Server) campaignLive(w http.ResponseWriter, r *http.Request) {
	v, err := s.resultsView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.fragment(w, r, "campaign_results", "campaign-live", part{P: s.newPage(r, "campaigns", "campaignweb.results.title", nil), X: v})
}

// campaignReport downloads the final report: the figures of the results
// page and the purge records, as JSON.
func (s *Server) campaignReport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, c, err := s.svc.Campaigns.Results(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	report := struct {
		ID         int64             `json:"id"`
		Name       string            `json:"name"`
		Purpose    string            `json:"purpose"`
		Status     campaign.Status   `json:"status"`
		Settings   campaign.Settings `json:"settings"`
		LaunchedAt time.Time         `json:"launched_at,omitzero"`
		DeadlineAt time.Time         `json:"deadline_at,omitzero"`
		EndedAt    time.Time         `json:"ended_at,omitzero"`
		PurgedAt   time.Time         `json:"purged_at,omitzero"`
		Results    *campaign.Results `json:"results"`
	}{c.ID, c.Name, c.Purpose, c.Status, c.Settings, c.LaunchedAt, c.DeadlineAt, c.EndedAt, c.PurgedAt, res}
	s.record(r.Context(), auditExport("campaign_report", strconv.FormatInt(id, 10), `{"format":"json"}`))
	attach(w, "campaign-"+strconv.FormatInt(id, 10)+"-report.json")
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(report); err != nil {
		s.log.ErrorContext(r.Context(), "campaign report", "err", err)
	}
}
