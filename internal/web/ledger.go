package web

import (
	"net/http"
	"strconv"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/consent"
)

// The ledger page: the latest signed checkpoints, the public key that
// checks them (and docs/ledger.md, how), the size of the suppression
// list, and a button that verifies the whole ledger now.

type ledgerView struct {
	Checkpoints  []consent.Checkpoint
	KeyID        string
	PublicKey    string
	Suppressions map[string]int64
	Suppressed   int64
	// Report is the outcome of a verification just run; Problems its
	// first faults, translated.
	Report   *consent.Report
	Problems []string
	Rate     int64
}

// recentCheckpoints is how many checkpoints the page lists.
const recentCheckpoints = 10

func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request) {
	s.showLedger(w, r, nil)
}

func (s *Server) showLedger(w http.ResponseWriter, r *http.Request, rep *consent.Report) {
	ctx := r.Context()
	cps, err := s.svc.Consent.Records.RecentCheckpoints(ctx, recentCheckpoints)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.svc.Consent.Records.SuppressionCounts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := ledgerView{Checkpoints: cps, Suppressions: counts, Report: rep}
	for _, n := range counts {
		v.Suppressed += n
	}
	if pub := s.svc.Consent.Ledger.PublicKey(); pub != nil {
		v.KeyID, v.PublicKey = consent.KeyID(pub), consent.PublicKeyPEM(pub)
	}
	if rep != nil {
		for _, p := range rep.Problems {
			if len(v.Problems) == 20 {
				break
			}
			v.Problems = append(v.Problems, tr(r, p.Key(), p.Args))
		}
		if secs := rep.Elapsed.Seconds(); secs > 0 {
			v.Rate = int64(float64(rep.Events) / secs)
		}
	}
	status := http.StatusOK
	if rep != nil && !rep.OK() {
		status = http.StatusConflict // the ledger does not verify
	}
	s.render(w, r, status, "ledger", s.newPage(r, "consent", "consentweb.ledger.title", v))
}

// verifyLedger checks the whole ledger now, against the trusted keys (the
// instance's and the configured ones, never keys read from the database),
// and shows the outcome: the first fault in ledger order first. One
// verification runs at a time per instance.
func (s *Server) verifyLedger(w http.ResponseWriter, r *http.Request) {
	if !s.consent.verifying.TryLock() {
		s.fail(w, r, gdprkit.Errorf(gdprkit.ERATELIMIT, "consentweb.ledger.busy", nil, "a verification is running"))
		return
	}
	defer s.consent.verifying.Unlock()
	rep, err := s.svc.Consent.Ledger.Verify(r.Context(), consent.VerifyOptions{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.record(r.Context(), audit.Entry{Action: "verified", ObjectType: "ledger",
		Detail: `{"events":` + strconv.FormatInt(rep.Events, 10) + `,"problems":` + strconv.Itoa(rep.ProblemCount) + `}`})
	s.showLedger(w, r, rep)
}

// signCheckpoint signs a checkpoint of the ledger's head now.
func (s *Server) signCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp, added, err := s.svc.Consent.Ledger.Checkpoint(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if added {
		s.record(r.Context(), audit.Entry{Action: audit.Created, ObjectType: "ledger_checkpoint", ObjectID: strconv.FormatInt(cp.N, 10)})
		s.flash(r, "consentweb.ledger.checkpoint_added")
	} else {
		s.flash(r, "consentweb.ledger.checkpoint_same")
	}
	redirect(w, r, "/ledger")
}

// ledgerPublicKey serves the key that checks checkpoints, as PEM: anyone
// may have it, it is meant to be published.
func (s *Server) ledgerPublicKey(w http.ResponseWriter, r *http.Request) {
	pub := s.svc.Consent.Ledger.PublicKey()
	if pub == nil {
		s.fail(w, r, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "no ledger key"))
		return
	}
	w.Header().Set("Content-Type", "application/x-pem-file")
	w.Header().Set("Content-Disposition", `attachment; filename="gdprkit-ledger-`+consent.KeyID(pub)+`.pem"`)
	_, _ = w.Write([]byte(consent.PublicKeyPEM(pub)))
}

// ledgerDoc serves docs/ledger.md: how to verify the ledger and a proof
// of consent with the public key alone.
func (s *Server) ledgerDoc(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8") // Markdown, readable as it is
	_, _ = w.Write([]byte(gdprkit.LedgerDoc))
}
