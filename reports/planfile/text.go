package planfile

import (
	"errors"

	"taizhang/data/plantext"
)

// readText reads the text conversion of a plan (the 2023 plan's format) with
// plantext.ParseWith. The text parser stops at its first error: that error
// is the one problem, naming its line.
func readText(r *Result, src Source, opt Options) {
	p, err := plantext.ParseWith(string(src.Data), plantext.Options{Year: opt.Year, Units: opt.Units})
	if err != nil {
		pr := Problem{File: src.Name, Text: err.Error()}
		var le *plantext.LineError
		if errors.As(err, &le) {
			pr.Row, pr.Text = le.Line, le.Err.Error()
		}
		r.Problems = append(r.Problems, pr)
		return
	}
	p.Units = nil // names as printed; the directory is the import's business
	r.Plan = p
}
