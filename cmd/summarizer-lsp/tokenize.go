package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/summarizer-lsp/summarizer-lsp/inference/tokenizer"
)

// maxTokenizeLine bounds one input line of tokenize --jsonl / --decode.
const maxTokenizeLine = 256 << 20

// tokenizeOptions are the flags of the tokenize command.
type tokenizeOptions struct {
	dir         string
	jsonl       bool
	decode      bool
	addSpecial  bool
	skipSpecial bool
}

func newTokenizeCmd() *cobra.Command {
	var opts tokenizeOptions
	cmd := &cobra.Command{
		Use:   "tokenize --tokenizer DIR [--jsonl] [--decode]",
		Short: "Encode stdin to token ids with a model's tokenizer, or decode ids",
		Long: "tokenize reads stdin. By default the whole input is one text and the output is one JSON\n" +
			"array of token ids. With --jsonl each input line is a JSON string and each output line\n" +
			"the JSON array of its ids. With --decode each input line is a JSON array of ids and each\n" +
			"output line the JSON string they decode to. No special tokens are added unless\n" +
			"--add-special-tokens.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.dir == "" {
				return errors.New("tokenize: --tokenizer DIR is required")
			}
			tk, err := tokenizer.Load(opts.dir)
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			if err := runTokenize(tk, cmd.InOrStdin(), w, opts); err != nil {
				return fmt.Errorf("tokenize: %w", err)
			}
			return w.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.dir, "tokenizer", "", "directory holding tokenizer.json (and tokenizer_config.json), e.g. a model directory")
	f.BoolVar(&opts.jsonl, "jsonl", false, "one JSON string per input line, one JSON array of ids per output line")
	f.BoolVar(&opts.decode, "decode", false, "decode: one JSON array of ids per input line, one JSON string per output line")
	f.BoolVar(&opts.addSpecial, "add-special-tokens", false, "add the tokenizer's special tokens (e.g. BOS) when encoding")
	f.BoolVar(&opts.skipSpecial, "skip-special-tokens", false, "leave special tokens out when decoding")
	return cmd
}

// runTokenize encodes or decodes r to w as opts says.
func runTokenize(tk *tokenizer.Tokenizer, r io.Reader, w io.Writer, opts tokenizeOptions) error {
	if !opts.decode && !opts.jsonl {
		text, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return writeIDs(w, tk.Encode(string(text), opts.addSpecial))
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxTokenizeLine)
	for n := 1; sc.Scan(); n++ {
		if opts.decode {
			var ids []int
			if err := json.Unmarshal(sc.Bytes(), &ids); err != nil {
				return fmt.Errorf("line %d: not a JSON array of ids: %w", n, err)
			}
			for _, id := range ids {
				if id < 0 || id >= tk.VocabSize() {
					return fmt.Errorf("line %d: id %d out of range [0, %d)", n, id, tk.VocabSize())
				}
			}
			if err := enc.Encode(tk.Decode(ids, opts.skipSpecial)); err != nil {
				return err
			}
			continue
		}
		var text string
		if err := json.Unmarshal(sc.Bytes(), &text); err != nil {
			return fmt.Errorf("line %d: not a JSON string: %w", n, err)
		}
		if err := writeIDs(w, tk.Encode(text, opts.addSpecial)); err != nil {
			return err
		}
	}
	return sc.Err()
}

// writeIDs writes ids as a JSON array and a newline.
func writeIDs(w io.Writer, ids []int) error {
	buf := make([]byte, 0, 8*len(ids)+3)
	buf = append(buf, '[')
	for i, id := range ids {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendInt(buf, int64(id), 10)
	}
	buf = append(buf, ']', '\n')
	_, err := w.Write(buf)
	return err
}
