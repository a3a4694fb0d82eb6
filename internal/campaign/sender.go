package campaign

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gdprkit/gdprkit/internal/mailer"
)

// Exactly once. A message is one row of campaign_sends (recipient, step)
// with a deterministic Message-ID. A sender:
//
//  1. builds the message, then commits, in one transaction, the reply to
//     the previous message and the claim of this row (pending or retry →
//     sending, with the sender's name): a row is claimed by one sender;
//  2. runs the SMTP transaction; as the final dot is written it records
//     the row's id and attempt in its journal (on Linux a store in a
//     shared mapping just before the dot's system call; no fsync);
//  3. reads the reply, and records it with the next claim.
//
// A server delivers nothing before the final dot, so a row left in state
// sending by a dead sender was handed over exactly when the sender's
// journal has it: those stay sent, the others are sent again. What cannot
// be told apart is a kill in the few instructions between the mark and the
// dot, or a sender whose journal is on another machine (its rows are sent
// again with the same Message-ID, which receivers use to drop the
// duplicate). docs/campaigns.md, "Exactly once", gives the whole argument.

// SendBatch sends one batch: the job of package jobs calls it.
func (s *Service) SendBatch(ctx context.Context, key BatchKey) error {
	c, err := s.Store.Campaign(ctx, key.CampaignID)
	if err != nil || c.Status != Running {
		return err // ended since: EndCampaign skipped what was left
	}
	p, err := s.sender(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	ok, err := s.Store.ClaimBatch(ctx, key, p.info.Owner, now, now.Add(s.lease()))
	if err != nil || !ok {
		return err
	}
	r := &batchRun{s: s, c: c, p: p, key: key}
	err = r.run(ctx)
	// Whatever happened, record the last reply and release the batch,
	// even when ctx was cancelled (a stop): nothing is lost then.
	bg := context.WithoutCancel(ctx)
	if ferr := r.flush(bg); ferr != nil {
		err = errors.Join(err, ferr)
	}
	if r.conn != nil {
		r.conn.Close() //nolint:errcheck // the messages are done
	}
	return errors.Join(err, s.Store.ReleaseBatch(bg, key, p.info.Owner, r.notBefore))
}

// DialRetry is how long a batch waits after its SMTP server could not be
// reached.
const DialRetry = time.Minute

// batchRun is one batch being sent.
type batchRun struct {
	s    *Service
	c    *Campaign
	p    *process
	key  BatchKey
	conn Conn
	tpl  map[string]*Compiled
	data *baseData
	// done is the outcome of the last message, recorded with the next
	// claim; notBefore is when rows deferred by a rate may go.
	done      *Outcome
	notBefore time.Time
}

func (r *batchRun) run(ctx context.Context) error {
	rows, err := r.s.Store.BatchSends(ctx, r.key, r.s.now())
	if err != nil || len(rows) == 0 {
		return err
	}
	if rows, err = r.s.recheck(ctx, r.c, rows); err != nil || len(rows) == 0 {
		return err
	}
	if r.tpl, err = compileAll(r.c); err != nil {
		return err
	}
	if r.data, err = r.s.baseData(ctx, r.c); err != nil {
		return err
	}
	for i := range rows {
		if stopping(ctx) {
			return nil // the rest stays pending for the next run
		}
		stop, err := r.send(ctx, &rows[i])
		if err != nil || stop {
			return err
		}
	}
	return nil
}

// send sends one row; stop says the batch must end here (the lease is
// lost).
func (r *batchRun) send(ctx context.Context, row *Send) (stop bool, err error) {
	msg, err := r.message(ctx, row)
	if err != nil {
		return false, err
	}
	if r.conn == nil {
		if r.conn, err = r.s.Dial(ctx); err != nil {
			// The server is unreachable or refuses us: the batch waits
			// before the next try instead of being queued at every tick.
			r.notBefore = r.s.now().Add(DialRetry)
			return false, fmt.Errorf("campaign: smtp: %w", err)
		}
	}
	built, berr := r.conn.Build(msg)
	if berr != nil {
		// Not a message any server would take (an address go-mail
		// refuses): given up, never retried.
		skip := Skip{SendID: row.ID, RecipientID: row.RecipientID, Reason: "message: " + berr.Error(), Outcome: OutcomeFailed}
		return false, r.s.Store.Skip(ctx, []Skip{skip})
	}
	claimed, stop, err := r.claim(ctx, row, msg.MessageID)
	if err != nil || stop || !claimed {
		return stop, err
	}
	d := r.conn.Deliver(built, r.p.journal.record(row.ID, row.Attempts+1))
	if d.MarkErr != nil {
		// Only recovery after a crash is weaker: the row would be sent again.
		r.s.log().Error("campaign journal", "error", d.MarkErr)
	}
	if d.Broken {
		r.conn.Close() //nolint:errcheck // broken anyway
		r.conn = nil
	}
	return false, r.judge(ctx, row, msg.MessageID, d)
}

// claim records the previous outcome and claims row, waiting for the
// rates when the wait is short and deferring the row when it is not.
func (r *batchRun) claim(ctx context.Context, row *Send, messageID string) (claimed, stop bool, err error) {
	for {
		now := r.s.now()
		a := &Advance{Owner: r.p.info.Owner, Batch: r.key, LeaseUntil: now.Add(r.s.lease()), Done: r.done,
			Claim: &Claim{SendID: row.ID, MessageID: messageID, Buckets: Buckets(r.c.Settings, Domain(row.Email)), Now: now}}
		res, err := r.s.Store.Advance(ctx, a)
		if err != nil {
			return false, false, err
		}
		r.done = nil
		switch {
		case res.LeaseLost:
			return false, true, nil
		case res.Claimed:
			return true, false, nil
		case res.Wait.IsZero():
			return false, false, nil // taken by another sender
		case res.Wait.Sub(now) > 2*time.Second:
			// A domain's window is full: leave the row for later.
			if r.notBefore.IsZero() || res.Wait.Before(r.notBefore) {
				r.notBefore = res.Wait
			}
			return false, false, nil
		}
		if !sleep(ctx, res.Wait.Sub(now)) {
			return false, true, nil
		}
	}
}

// judge turns the delivery into the row's outcome, recording a hard
// bounce in the ledger first.
func (r *batchRun) judge(ctx context.Context, row *Send, messageID string, d mailer.Delivery) error {
	now := r.s.now()
	v := Judge(Reply{Code: d.Code, Text: d.Text, HandedOver: d.HandedOver, Phase: d.Phase}, row.Attempts+1, now)
	reply := d.Phase + " " + strconv.Itoa(d.Code) + " " + d.Text
	if v.Bounce {
		if err := r.s.Links.RecordBounce(ctx, row.ContactID, strconv.FormatInt(r.c.ID, 10), reply); err != nil {
			return err
		}
	}
	r.done = &Outcome{SendID: row.ID, RecipientID: row.RecipientID, RequestID: row.RequestID, Step: row.Step, Verdict: v,
		Reply: reply, MessageID: messageID, SentAt: now}
	return nil
}

// flush records the last outcome.
func (r *batchRun) flush(ctx context.Context) error {
	if r.done == nil {
		return nil
	}
	_, err := r.s.Store.Advance(ctx, &Advance{Owner: r.p.info.Owner, Batch: r.key, Done: r.done})
	r.done = nil
	return err
}

// sleep waits for d, and reports false when ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// stopping reports whether ctx ended: the job is being stopped.
func stopping(ctx context.Context) bool { return ctx.Err() != nil }

func compileAll(c *Campaign) (map[string]*Compiled, error) {
	out := map[string]*Compiled{}
	for _, lang := range Languages {
		t, err := Compile(lang, c.Templates[lang])
		if err != nil {
			return nil, err
		}
		out[lang] = t
	}
	return out, nil
}
