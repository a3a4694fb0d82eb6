package campaign

import "context"

// SenderOwner returns the name this process sends under, registering it
// when it has none.
func (s *Service) SenderOwner(ctx context.Context) (string, error) {
	p, err := s.sender(ctx)
	if err != nil {
		return "", err
	}
	return p.info.Owner, nil
}
