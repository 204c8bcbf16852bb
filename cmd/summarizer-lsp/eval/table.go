package eval

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// WriteTable writes the report as an aligned text table: the overall row,
// after one row per language when byLanguage is set. The name-split and
// first-line baselines stand next to the engine's figures.
func (r Report) WriteTable(w io.Writer, byLanguage bool) error {
	rows := []Score{r.Overall}
	if byLanguage {
		rows = append(slices.Clip(r.Languages), r.Overall)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "lang\tn\tBLEU-4\tROUGE-L\tname-split BLEU-4\tname-split ROUGE-L\tfirst-line BLEU-4\tratio\t\n")
	for _, s := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.2fx\t\n",
			s.Lang, s.N, s.BLEU, s.RougeL, s.BaselineBLEU, s.BaselineRouge, s.FirstLineBLEU, s.Ratio())
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write eval table: %w", err)
	}
	if _, err := fmt.Fprintf(w, "engine %s, %d files parsed\n", r.Engine, r.Files); err != nil {
		return fmt.Errorf("write eval table: %w", err)
	}
	return nil
}
