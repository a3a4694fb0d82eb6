package register

import (
	"context"
	"encoding/json"
	"io"
	"time"
)

// What an export covers.
const (
	WhatActivities = "activities"
	WhatVendors    = "vendors"
	WhatMethods    = "methods"
	WhatAll        = "all"
)

// Everything is the whole register as JSON: every entry with what the
// register derives from it, the questionnaires (without their tokens) and
// the history. Keys are the register's vocabulary keys, so the file reads
// the same whatever the user's language.
type Everything struct {
	*Snapshot
	Questionnaires []*Questionnaire `json:"questionnaires"`
	History        []Change         `json:"history"`
}

// WriteJSON writes the part of the snapshot what names, indented.
func WriteJSON(w io.Writer, s *Snapshot, what string) error {
	var v any
	switch what {
	case WhatActivities:
		v = struct {
			At           time.Time      `json:"generated_at"`
			Organisation *Organisation  `json:"organisation"`
			Activities   []ActivityView `json:"activities"`
		}{s.At, s.Organisation, s.Activities}
	case WhatVendors:
		v = struct {
			At      time.Time    `json:"generated_at"`
			Vendors []VendorView `json:"vendors"`
		}{s.At, s.Vendors}
	case WhatMethods:
		v = struct {
			At      time.Time    `json:"generated_at"`
			Methods []MethodView `json:"collection_methods"`
		}{s.At, s.Methods}
	default:
		v = s
	}
	return encodeJSON(w, v)
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// maxHistory bounds the history in a full export.
const maxHistory = 100000

// Everything loads the whole register with its questionnaires and history.
func (s *Service) Everything(ctx context.Context) (*Everything, error) {
	snap, err := s.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	qs, err := s.Store.Questionnaires(ctx, 0)
	if err != nil {
		return nil, err
	}
	hist, err := s.Store.Changes(ctx, ChangeFilter{Limit: maxHistory})
	if err != nil {
		return nil, err
	}
	if qs == nil {
		qs = []*Questionnaire{}
	}
	if hist == nil {
		hist = []Change{}
	}
	return &Everything{Snapshot: snap, Questionnaires: qs, History: hist}, nil
}
