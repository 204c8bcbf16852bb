package eval

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// WriteTable writes the report as an aligned text table: one row per
// language and an overall row.
func (r Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "lang\tn\tBLEU-4\tROUGE-L\tbaseline BLEU-4\tbaseline ROUGE-L\tratio\t\n")
	for _, s := range append(slices.Clip(r.Languages), r.Overall) {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2fx\t\n",
			s.Lang, s.N, s.BLEU, s.RougeL, s.BaselineBLEU, s.BaselineRouge, s.Ratio())
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write eval table: %w", err)
	}
	if _, err := fmt.Fprintf(w, "engine %s, %d files parsed\n", r.Engine, r.Files); err != nil {
		return fmt.Errorf("write eval table: %w", err)
	}
	return nil
}
