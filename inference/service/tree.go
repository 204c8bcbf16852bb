package service

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"path"
	"runtime"
	"slices"
	"sync"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
	"github.com/summarizer-lsp/summarizer-lsp/analysis/tree"
	"github.com/summarizer-lsp/summarizer-lsp/inference"
)

// treeRevision versions the stored form of file and folder explanations
// and how their keys are made.
const treeRevision = "t1"

// TreeOptions shape ExplainTree.
type TreeOptions struct {
	// Read returns a file's text (required): from the disk, or an
	// editor's unsaved version.
	Read func(f tree.File) ([]byte, error)
	// Parse are the chunking options (line windows).
	Parse analysis.Options
	// Workers bound the files read and summarized at once; 0 means the
	// larger of GOMAXPROCS and the model's slots.
	Workers int
	// Progress, when set, is called after each file, one call at a time.
	Progress func(TreeProgress)
}

// TreeProgress says how far an ExplainTree call is.
type TreeProgress struct {
	Files, TotalFiles int
	Chunks            int // chunk summaries so far
	// File is the file just explained; nil for one that could not be read.
	File *FileSummary
}

// TreeCounts say what an ExplainTree call computed and what it read from
// the store: a re-run after a change recomputes only the files changed,
// the summaries in them that changed, and the overviews above them.
type TreeCounts struct {
	Files, FilesCached     int
	Chunks, ChunksComputed int // summaries; those not read from the store
	Folders, FoldersCached int
	Unparsed               int // files that could not be read or chunked (logged)
}

// FolderExplanation is a folder's overview with its files and subfolders.
type FolderExplanation struct {
	Path     string // from the root of the tree; "" for the root
	Overview string
	Files    []*FileSummary
	Folders  []*FolderExplanation
	Key      Key
	Cached   bool // the overview was read from the store
}

// FileSummary is a file's explanation: its overview and its chunks'
// summaries, without its source.
type FileSummary struct {
	inference.FolderFile
	Chunks []ChunkSummary `json:"chunks"`
	Key    Key            `json:"-"`
	Cached bool           `json:"-"` // read from the store
}

// ChunkSummary is one chunk of a FileSummary.
type ChunkSummary struct {
	Name   string         `json:"name"`
	Kind   analysis.Kind  `json:"kind"`
	Range  analysis.Range `json:"range"`
	Result inference.Result
	Cached bool `json:"cached,omitempty"`
	// Fallback marks a built-in summary standing in for a model's.
	Fallback bool `json:"fallback,omitempty"`
}

// treeRun is the state of one ExplainTree call.
type treeRun struct {
	s    *Summarizer
	b    *backend
	o    TreeOptions
	fp   string        // what every overview depends on: the engines and revisions
	sem  chan struct{} // one token per file in work
	mu   sync.Mutex    // guards counts and progress
	cnt  TreeCounts
	prog TreeProgress
}

// ExplainTree explains every file of t and every folder bottom-up: a
// file's overview from its chunks' summaries (computed callees first, each
// with the summaries of the functions of the same file it calls), a
// folder's from its files' and subfolders' overviews, and the root's (the
// repository's) from its top-level folders and files. A file's
// explanation is stored under a key over its text, a folder's overview
// under a key over its children's keys, so a re-run recomputes only what
// changed under it. Files that cannot be read or chunked are logged and
// left out. The error is ctx's, or ErrClosed.
func (s *Summarizer) ExplainTree(ctx context.Context, t *tree.Tree, o TreeOptions) (*FolderExplanation, TreeCounts, error) {
	b := s.cur.Load()
	if b == nil {
		return nil, TreeCounts{}, inference.ErrClosed
	}
	if o.Read == nil {
		return nil, TreeCounts{}, errors.New("service: ExplainTree needs a Read function")
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
		if b.sched != nil {
			o.Workers = max(o.Workers, b.sched.Slots())
		}
	}
	fp := b.builtin.Fingerprint()
	if b.model != nil {
		fp += "\x00" + b.fp
	}
	r := &treeRun{s: s, b: b, o: o, fp: fp, sem: make(chan struct{}, o.Workers), prog: TreeProgress{TotalFiles: t.Files}}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	root, err := r.folder(ctx, cancel, t.Top, true)
	if err != nil {
		return nil, r.cnt, err
	}
	return root, r.cnt, nil
}

// folder explains d's files and subfolders concurrently, then d.
func (r *treeRun) folder(ctx context.Context, cancel context.CancelFunc, d *tree.Dir, root bool) (*FolderExplanation, error) {
	out := &FolderExplanation{Path: d.Path, Files: make([]*FileSummary, len(d.Files)), Folders: make([]*FolderExplanation, len(d.Dirs))}
	var (
		wg       sync.WaitGroup
		errMu    sync.Mutex // guards firstErr
		firstErr error
	)
	fail := func(err error) {
		errMu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		errMu.Unlock()
		cancel()
	}
	for i, sub := range d.Dirs {
		wg.Go(func() {
			fe, err := r.folder(ctx, cancel, sub, false)
			if err != nil {
				fail(err)
			}
			out.Folders[i] = fe
		})
	}
	for i, f := range d.Files {
		wg.Go(func() {
			select {
			case r.sem <- struct{}{}:
			case <-ctx.Done():
				fail(ctx.Err())
				return
			}
			defer func() { <-r.sem }()
			fs, err := r.file(ctx, f)
			if err != nil {
				fail(err)
			}
			out.Files[i] = fs
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	out.Files = slices.DeleteFunc(out.Files, func(f *FileSummary) bool { return f == nil })
	if err := r.describeFolder(ctx, out, root); err != nil {
		return nil, err
	}
	return out, nil
}

// file explains one file, from the store when its text is unchanged. It
// returns nil (and no error) for a file that cannot be read or chunked.
func (r *treeRun) file(ctx context.Context, f tree.File) (*FileSummary, error) {
	src, err := r.o.Read(f)
	if err != nil {
		r.s.logger.Warn("skipping file", "file", f.Path, "err", err)
		r.count(func(c *TreeCounts) { c.Unparsed++ }, nil)
		return nil, nil
	}
	lang := analysis.LanguageForPath(f.Path)
	sum := sha256.Sum256(src)
	k := newKey("file", r.fp, treeRevision, f.Path, lang, fmt.Sprint(r.o.Parse.WindowLines), string(sum[:]))
	if fs, ok := r.lookupFile(ctx, k); ok {
		r.count(func(c *TreeCounts) { c.Files++; c.FilesCached++; c.Chunks += len(fs.Chunks) }, fs)
		return fs, nil
	}
	info, err := analysis.Parse(lang, src, r.o.Parse)
	if err != nil {
		r.s.logger.Warn("skipping file", "file", f.Path, "err", err)
		r.count(func(c *TreeCounts) { c.Unparsed++ }, nil)
		return nil, nil
	}
	info.Path = f.Path
	fs, complete, err := r.explainFile(ctx, info)
	if err != nil {
		return nil, err
	}
	fs.Key = k
	computed := 0
	for _, c := range fs.Chunks {
		if !c.Cached {
			computed++
		}
	}
	r.count(func(c *TreeCounts) { c.Files++; c.Chunks += len(fs.Chunks); c.ChunksComputed += computed }, fs)
	if complete {
		r.s.putRecord(k, fs)
	}
	return fs, nil
}

// explainFile summarizes a parsed file's chunks callees first and
// describes it. complete is false when the model did not answer for some
// part, so the result is not stored.
func (r *treeRun) explainFile(ctx context.Context, info analysis.FileInfo) (*FileSummary, bool, error) {
	chunks := Explainable(info)
	sums, err := r.s.calleesFirst(ctx, info, chunks, nil)
	if err != nil {
		return nil, false, err
	}
	fs := &FileSummary{FolderFile: inference.FolderFile{Path: info.Path, Lang: info.Lang, Package: info.Package,
		Doc: info.Doc, Imports: info.Imports}}
	complete := true
	for i, c := range chunks {
		complete = complete && !sums[i].Fallback && !sums[i].Pending
		fs.Chunks = append(fs.Chunks, ChunkSummary{Name: c.Name, Kind: c.Kind, Range: c.Range, Result: sums[i].Result,
			Cached: sums[i].Cached, Fallback: sums[i].Fallback})
		fs.Decls = append(fs.Decls, inference.Decl{Name: c.Name, Kind: c.Kind, Summary: sums[i].Summary})
		for _, call := range c.Facts.Calls {
			if !slices.Contains(fs.Calls, call) {
				fs.Calls = append(fs.Calls, call)
			}
		}
	}
	if r.b.model == nil {
		fs.Overview = r.s.overview(info)
		return fs, complete, nil
	}
	parts := make([]inference.Part, len(fs.Decls))
	for i, d := range fs.Decls {
		parts[i] = inference.Part{Name: d.Name, Summary: d.Summary}
	}
	ov, answered, err := r.modelOverview(ctx, inference.Overview{Level: "file", Name: info.Path, Lang: info.Lang, Parts: parts})
	if err != nil {
		return nil, false, err
	}
	if !answered {
		ov = r.s.overview(info)
	}
	fs.Overview = ov
	return fs, complete && answered, nil
}

// calleesFirst summarizes chunks level by level, callees before their
// callers, each request carrying the summaries of the chunks of the file
// it calls (at most inference.MaxPromptCallees). report, when set, is
// called for each chunk as its summary arrives (in order within a level).
func (s *Summarizer) calleesFirst(ctx context.Context, info analysis.FileInfo, chunks []analysis.Chunk, report func(i int, sum Summary)) ([]Summary, error) {
	graph := analysis.CallGraph(chunks)
	sums := make([]Summary, len(chunks))
	for _, level := range analysis.CalleesFirst(graph) {
		reqs := make([]inference.Request, len(level))
		for j, i := range level {
			reqs[j] = inference.Request{Chunk: chunks[i], File: info, Callees: callees(chunks, graph[i], sums)}
		}
		var each func(j int, sum Summary)
		if report != nil {
			each = func(j int, sum Summary) { report(level[j], sum) }
		}
		got, err := s.All(ctx, reqs, each)
		if err != nil {
			return nil, err
		}
		for j, i := range level {
			sums[i] = got[j]
		}
	}
	return sums, nil
}

// callees are the known summaries of the chunks at indices.
func callees(chunks []analysis.Chunk, indices []int, sums []Summary) []inference.Callee {
	var out []inference.Callee
	for _, j := range indices {
		if len(out) == inference.MaxPromptCallees {
			break
		}
		if sums[j].Summary != "" {
			out = append(out, inference.Callee{Name: chunks[j].Name, Summary: sums[j].Summary})
		}
	}
	return out
}

// describeFolder gives fe its overview, from the store when nothing under
// it changed.
func (r *treeRun) describeFolder(ctx context.Context, fe *FolderExplanation, root bool) error {
	fields := []string{"folder", r.fp, treeRevision, inference.OverviewRevision, fe.Path, fmt.Sprint(root)}
	for _, f := range fe.Files {
		fields = append(fields, f.Path, string(f.Key[:]))
	}
	for _, sub := range fe.Folders {
		fields = append(fields, sub.Path, string(sub.Key[:]))
	}
	fe.Key = newKey(fields...)
	if stored, ok := getRecord(ctx, r.s, fe.Key, checkFolderRecord); ok {
		fe.Overview, fe.Cached = stored.Overview, true
		r.count(func(c *TreeCounts) { c.Folders++; c.FoldersCached++ }, nil)
		return nil
	}
	folder := inference.Folder{Path: fe.Path, Root: root}
	for _, f := range fe.Files {
		folder.Files = append(folder.Files, f.FolderFile)
	}
	for _, sub := range fe.Folders {
		folder.Folders = append(folder.Folders, inference.Part{Name: sub.Path, Summary: sub.Overview})
	}
	ov, answered, err := r.folderOverview(ctx, folder)
	if err != nil {
		return err
	}
	fe.Overview = ov
	r.count(func(c *TreeCounts) { c.Folders++ }, nil)
	if answered {
		r.s.putRecord(fe.Key, folderRecord{Overview: ov})
	}
	return nil
}

// folderOverview is the model's overview of folder when a model is in
// use and answers, else the built-in engine's. answered is false when the
// model was asked and did not answer.
func (r *treeRun) folderOverview(ctx context.Context, folder inference.Folder) (string, bool, error) {
	builtin := func() string {
		if fo, ok := r.b.builtin.(inference.FolderOverviewer); ok {
			return fo.FolderOverview(folder)
		}
		return ""
	}
	if r.b.model == nil {
		return builtin(), true, nil
	}
	ov := inference.Overview{Level: "folder", Name: folder.Path, Lang: mainLang(folder.Files)}
	if folder.Root {
		ov.Level = "repository"
	}
	for _, sub := range folder.Folders {
		ov.Parts = append(ov.Parts, inference.Part{Name: sub.Name + "/", Summary: sub.Summary})
	}
	for _, f := range folder.Files {
		ov.Parts = append(ov.Parts, inference.Part{Name: path.Base(f.Path), Summary: f.Overview})
	}
	text, answered, err := r.modelOverview(ctx, ov)
	if err != nil || answered {
		return text, answered, err
	}
	return builtin(), false, nil
}

// modelOverview asks the model for ov, summarizing its parts in groups of
// inference.MaxOverviewParts first when there are more. answered is false
// when the model did not answer (the caller falls back).
func (r *treeRun) modelOverview(ctx context.Context, ov inference.Overview) (string, bool, error) {
	for len(ov.Parts) > inference.MaxOverviewParts {
		var groups []inference.Part
		for start := 0; start < len(ov.Parts); start += inference.MaxOverviewParts {
			group := ov
			group.Level, group.Parts = "group", ov.Parts[start:min(start+inference.MaxOverviewParts, len(ov.Parts))]
			text, answered, err := r.askModel(ctx, group)
			if err != nil || !answered {
				return "", answered, err
			}
			groups = append(groups, inference.Part{Name: fmt.Sprintf("%s to %s", group.Parts[0].Name, group.Parts[len(group.Parts)-1].Name), Summary: text})
		}
		ov.Parts = groups
	}
	return r.askModel(ctx, ov)
}

// askModel runs one overview request on the model's scheduler.
func (r *treeRun) askModel(ctx context.Context, ov inference.Overview) (string, bool, error) {
	req := inference.Request{Chunk: analysis.Chunk{Name: ov.Name, Lang: ov.Lang}, Overview: &ov}
	fields := []string{"overview", r.fp, inference.OverviewRevision, ov.Level, ov.Name, ov.Lang}
	for _, p := range ov.Parts {
		fields = append(fields, p.Name, p.Summary)
	}
	job := inference.Job{Key: newKey(fields...).String(), Priority: inference.Command, Cost: r.b.cost(req),
		Run: func(ctx context.Context) (inference.Result, error) { return r.b.model.Summarize(ctx, req) }}
	t, err := r.b.sched.Submit(ctx, job)
	if errors.Is(err, inference.ErrBusy) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	res, err := t.Wait(ctx)
	switch {
	case err == nil:
		r.s.recovered()
		return res.Summary, true, nil
	case ctx.Err() != nil:
		return "", false, ctx.Err()
	case errors.Is(err, inference.ErrClosed):
		return "", false, err
	}
	r.s.stats.failed.Add(1)
	r.s.logger.Debug("model overview failed; using the built-in one", "name", ov.Name, "err", err)
	return "", false, nil
}

// mainLang is the language most files are in.
func mainLang(files []inference.FolderFile) string {
	n := map[string]int{}
	best := ""
	for _, f := range files {
		n[f.Lang]++
		if n[f.Lang] > n[best] || (n[f.Lang] == n[best] && f.Lang < best) {
			best = f.Lang
		}
	}
	return best
}

// count updates the counts under the lock. For a file it reports
// progress: file is the file explained, or nil when it could not be read.
func (r *treeRun) count(update func(*TreeCounts), file *FileSummary) {
	r.mu.Lock()
	defer r.mu.Unlock()
	before := r.cnt
	update(&r.cnt)
	if r.cnt.Files == before.Files && r.cnt.Unparsed == before.Unparsed {
		return // a folder
	}
	r.prog.Files++
	r.prog.File = file
	if file != nil {
		r.prog.Chunks += len(file.Chunks)
	}
	if r.o.Progress != nil {
		r.o.Progress(r.prog)
	}
}
