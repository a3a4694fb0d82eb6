package campaign

import (
	"context"
	"errors"
	"io/fs"
	"sync"
	"time"
)

// process is this process as a sender: its name in the database, its
// journal, and the heartbeat that tells other instances it lives.
type process struct {
	info    SenderInfo
	journal *journal
	stop    chan struct{}
	done    chan struct{}
}

// procState is the Service's lazily started process, and the earlier ones
// other instances took for stopped (their journals close with the Service).
type procState struct {
	mu      sync.Mutex
	p       *process
	retired []*process
}

// sender returns this process's sender, registering it on first use.
func (s *Service) sender(ctx context.Context) (*process, error) {
	s.proc.mu.Lock()
	defer s.proc.mu.Unlock()
	if s.proc.p != nil {
		return s.proc.p, nil
	}
	info := thisProcess()
	info.Owner, info.Heartbeat = newOwner(), s.now()
	p := &process{info: info, stop: make(chan struct{}), done: make(chan struct{})}
	if s.JournalDir != "" {
		j, err := openJournal(s.JournalDir, info.Owner)
		if err != nil {
			return nil, err
		}
		p.journal = j
	}
	if err := s.Store.RegisterSender(ctx, &p.info); err != nil {
		return nil, errors.Join(err, p.journal.close())
	}
	go s.heartbeat(context.WithoutCancel(ctx), p)
	s.proc.p = p
	return p, nil
}

// heartbeat refreshes the process's heartbeat a few times per lease.
func (s *Service) heartbeat(base context.Context, p *process) {
	defer close(p.done)
	t := time.NewTicker(s.lease() / 4)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(base, s.lease()/2)
			alive, err := s.Store.Heartbeat(ctx, p.info.Owner, s.now())
			cancel()
			if err != nil {
				s.log().Warn("campaign sender heartbeat", "error", err)
				continue
			}
			if !alive {
				s.retire(p)
				return
			}
		}
	}
}

// retire forgets a sender that another instance took for stopped (its
// heartbeat could not reach the database for a whole lease) and whose
// rows it settled. Its name cannot claim anything any more, so a batch it
// is running stops at its next claim; the next batch registers this
// process again under a new name. Until then it would never send again.
// Its journal stays mapped, since that batch may still mark a message,
// and is closed with the Service.
func (s *Service) retire(p *process) {
	s.proc.mu.Lock()
	if s.proc.p == p {
		s.proc.p = nil
	}
	s.proc.retired = append(s.proc.retired, p)
	s.proc.mu.Unlock()
	s.log().Warn("campaign: another instance took this sender for stopped and settled its messages; the next batch registers it again",
		"owner", p.info.Owner)
}

// Close ends this process's sending cleanly, once the job queue stopped:
// whatever it left in state sending is settled from its own journal, it
// is forgotten and its journal removed.
func (s *Service) Close(ctx context.Context) error {
	s.proc.mu.Lock()
	p, retired := s.proc.p, s.proc.retired
	s.proc.p, s.proc.retired = nil, nil
	s.proc.mu.Unlock()
	var errs []error
	for _, r := range retired {
		// Their rows were settled by the instance that retired them,
		// which removed the journal file when it shares this machine.
		if err := r.journal.close(); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if p == nil {
		return errors.Join(errs...)
	}
	close(p.stop)
	<-p.done
	handedOver, _, err := readJournal(s.JournalDir, p.info.Owner)
	if err != nil {
		return err
	}
	_, err = s.Store.ResolveSender(ctx, p.info.Owner, handedOver)
	return errors.Join(append(errs, err, p.journal.close())...)
}

// Recover settles what dead senders left: their rows in state sending
// that their journal (when it is on this machine) shows handed over stay
// sent; the others are sent again; their batches are ready again. The
// tick runs it; a process starting runs it at once.
func (s *Service) Recover(ctx context.Context) error {
	senders, err := s.Store.Senders(ctx)
	if err != nil {
		return err
	}
	self := thisProcess()
	own := ""
	s.proc.mu.Lock()
	if s.proc.p != nil {
		own = s.proc.p.info.Owner
	}
	s.proc.mu.Unlock()
	for _, sn := range senders {
		if sn.Owner == own || !Dead(sn, self, s.now(), s.lease()) {
			continue
		}
		handedOver, local, err := readJournal(s.JournalDir, sn.Owner)
		if err != nil {
			return err
		}
		r, err := s.Store.ResolveSender(ctx, sn.Owner, handedOver)
		if err != nil {
			return err
		}
		if err := removeJournal(s.JournalDir, sn.Owner); err != nil {
			return err
		}
		if r.Delivered+r.Resent+r.Batches > 0 {
			s.log().Info("campaign: settled a stopped sender", "journal_here", local, "handed_over", r.Delivered,
				"sent_again", r.Resent, "batches", r.Batches)
		}
	}
	return nil
}
