package contacts

import (
	"context"
	"slices"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// flush writes the pending rows: new addresses become contacts; known ones
// are skipped when the row is already on file, or merged with what the
// base holds and classified again.
func (r *importRun) flush(ctx context.Context) error {
	if len(r.rejects) > 0 {
		if err := r.w.Reject(ctx, r.rejects); err != nil {
			return err
		}
		r.rejects = r.rejects[:0]
	}
	if len(r.pending) == 0 {
		return nil
	}
	known, err := r.known(ctx)
	if err != nil {
		return err
	}
	if err := r.checkSuppressed(ctx); err != nil {
		return err
	}
	b := &Batch{}
	var changed []*incoming
	var ids []int64
	for _, in := range r.pending {
		k, ok := known[in.prep.Address.Key]
		switch {
		case !ok:
			r.suppress(in)
			n := &NewContact{Contact: in.contact, Source: in.source, Events: in.events}
			n.Verdicts = newVerdicts(in, n.Events)
			b.New = append(b.New, n)
			r.sum.addVerdict(Overall(in.as), in.as)
		case slices.Contains(k.RowHashes, in.hash):
			r.seen[in.prep.Address.Key] = seenContact{k.ID, outcomeUnchanged}
			r.imp.Unchanged++
			r.sum.addVerdict(storedVerdict(k.Status, k.Reasons, k.ConsentAt, k.ConsentChannel), ParsePurposes(k.Purposes))
		default:
			r.seen[in.prep.Address.Key] = seenContact{k.ID, outcomeUpdated}
			changed = append(changed, in)
			ids = append(ids, k.ID)
		}
	}
	if len(changed) > 0 {
		hist, err := r.w.History(ctx, ids)
		if err != nil {
			return err
		}
		for i, in := range changed {
			ups := r.merge(hist[ids[i]], []*incoming{in})
			r.sum.addVerdict(Overall(ups.as), ups.as)
			b.Updates = append(b.Updates, ups.updates...)
		}
		r.imp.Updated += len(changed)
	}
	if err := r.write(ctx, b); err != nil {
		return err
	}
	r.pending = r.pending[:0]
	return nil
}

func (r *importRun) known(ctx context.Context) (map[string]Known, error) {
	if r.w.Fresh() {
		return nil, nil
	}
	keys := make([]string, len(r.pending))
	for i, in := range r.pending {
		keys[i] = in.prep.Address.Key
	}
	return r.w.Known(ctx, keys)
}

// write chains the batch's events in the order the store inserts them
// (new contacts first, then updates), then writes the batch.
func (r *importRun) write(ctx context.Context, b *Batch) error {
	for _, n := range b.New {
		r.chainEvents(n.Events)
	}
	for _, u := range b.Updates {
		r.chainEvents(u.Events)
	}
	if len(b.New) == 0 && len(b.Updates) == 0 {
		return nil
	}
	if err := r.w.Write(ctx, b); err != nil {
		return err
	}
	for _, n := range b.New {
		r.seen[n.Contact.Key] = seenContact{n.Contact.ID, outcomeNew}
	}
	r.imp.New += len(b.New)
	return nil
}

func (r *importRun) chainEvents(evs []Event) {
	for i := range evs {
		r.chain = consent.Chain(r.chain, consent.Digest(evs[i].Chained()))
		evs[i].Hash = r.chain
		r.imp.Events++
	}
	r.imp.BlockLast = r.chain
}

// merged is the outcome of merging rows into a stored contact.
type merged struct {
	updates []*Update
	as      []Assessment
}

// merge classifies a stored contact again with new rows and returns one
// Update per row that is not already on file, each carrying only the
// evidence the ledger does not hold yet.
func (r *importRun) merge(h *History, rows []*incoming) merged {
	obs, stored := observationsOf(h)
	var fresh []*incoming
	for _, in := range rows {
		if hasSource(h, in.hash) || hasIncoming(fresh, in.hash) {
			continue
		}
		fresh = append(fresh, in)
		obs = append(obs, in.obs)
	}
	if len(fresh) == 0 {
		return merged{} // every row is already on file: nothing changes
	}
	as := Classify(obs, Context{Now: r.now})
	if r.suppressed[h.Contact.Key] {
		as = suppressed(as)
		r.sum.Suppressed++
	}
	c := h.Contact
	for _, in := range fresh {
		c = mergeFields(c, in.contact)
	}
	applyVerdict(&c, as)
	c.UpdatedAt = r.now
	out := merged{as: as}
	recorded := h.Events
	for _, in := range fresh {
		src := in.source
		var evs []Event
		for i := range in.events {
			if !recordedAlready(recorded, &in.prep.Record.Evidence[i]) {
				evs = append(evs, in.events[i])
			}
		}
		recorded = append(recorded, evs...)
		out.updates = append(out.updates, &Update{Contact: c, Source: &src, Events: evs})
	}
	out.updates[len(out.updates)-1].Verdicts = mergeVerdicts(as, stored, h, fresh, out.updates)
	return out
}

// mergeLater merges the rows whose address appeared more than once in this
// import, once everything else is written.
func (r *importRun) mergeLater(ctx context.Context) error {
	if len(r.later) == 0 {
		return nil
	}
	groups := map[int64][]*incoming{}
	keys := map[int64]string{}
	var ids []int64
	for _, in := range r.later {
		id := r.seen[in.prep.Address.Key].id
		keys[id] = in.prep.Address.Key
		if _, ok := groups[id]; !ok {
			ids = append(ids, id)
		}
		groups[id] = append(groups[id], in)
	}
	r.later = nil
	for start := 0; start < len(ids); start += batchSize {
		part := ids[start:min(start+batchSize, len(ids))]
		hist, err := r.w.History(ctx, part)
		if err != nil {
			return err
		}
		b := &Batch{}
		for _, id := range part {
			h := hist[id]
			m := r.merge(h, groups[id])
			if len(m.updates) == 0 {
				continue
			}
			r.sum.removeVerdict(storedVerdict(h.Contact.Status, h.Contact.Reasons, h.Contact.ConsentAt, h.Contact.ConsentChannel), ParsePurposes(h.Contact.Purposes))
			r.sum.addVerdict(Overall(m.as), m.as)
			b.Updates = append(b.Updates, m.updates...)
			r.recount(keys[id])
		}
		if err := r.write(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// recount moves a contact first counted as unchanged to the updated ones
// when a later row of the same import changed it.
func (r *importRun) recount(key string) {
	sc := r.seen[key]
	if sc.outcome != outcomeUnchanged {
		return
	}
	r.imp.Unchanged--
	r.imp.Updated++
	sc.outcome = outcomeUpdated
	r.seen[key] = sc
}

// historyObservations rebuilds the observations of a stored contact: one per
// source row, plus one for events gdprkit recorded itself.
func historyObservations(h *History) []Observation {
	obs := make([]Observation, 0, len(h.Sources)+1)
	index := map[int64]int{}
	for _, s := range h.Sources {
		index[s.ID] = len(obs)
		obs = append(obs, Observation{AddedAt: s.AddedAt, ChangedAt: s.ChangedAt})
	}
	own := -1
	for i := range h.Events {
		e := &h.Events[i]
		j, ok := index[e.SourceID]
		if !ok {
			if own < 0 {
				own = len(obs)
				obs = append(obs, Observation{})
			}
			j = own
		}
		obs[j].Evidence = append(obs[j].Evidence, e.Evidence())
	}
	return obs
}

func hasSource(h *History, hash RowHash) bool {
	for _, s := range h.Sources {
		if s.RowHash == hash {
			return true
		}
	}
	return false
}

func hasIncoming(ins []*incoming, hash RowHash) bool {
	for _, in := range ins {
		if in.hash == hash {
			return true
		}
	}
	return false
}

func recordedAlready(evs []Event, v *esp.Evidence) bool {
	for i := range evs {
		if sameEvidence(&evs[i], v) {
			return true
		}
	}
	return false
}

// mergeFields overlays what a newer row says on a stored contact: newer
// non-empty names win, attributes are merged, the address as first
// consented is kept.
func mergeFields(c, newer Contact) Contact {
	c.FirstName = firstNonEmpty(newer.FirstName, c.FirstName)
	c.LastName = firstNonEmpty(newer.LastName, c.LastName)
	c.Name = firstNonEmpty(newer.Name, c.Name)
	c.Language = firstNonEmpty(newer.Language, c.Language)
	c.Phone = firstNonEmpty(newer.Phone, c.Phone)
	c.Attributes = mergeAttributes(c.Attributes, newer.Attributes)
	return c
}

// applyVerdict stores the assessments' verdict on the contact.
func applyVerdict(c *Contact, as []Assessment) {
	o := Overall(as)
	c.Status, c.Reasons, c.ConsentAt, c.Purposes = o.Status, o.Reasons, o.ConsentAt, PurposesJSON(as)
	c.ConsentChannel = ""
	if o.Decisive != nil {
		c.ConsentChannel = o.Decisive.Channel
	}
}

func storedVerdict(s Status, rs []Reason, at time.Time, channel string) Assessment {
	a := Assessment{Status: s, Reasons: rs, ConsentAt: at}
	if channel != "" {
		a.Decisive = &esp.Evidence{Channel: channel}
	}
	return a
}
