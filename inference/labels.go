package inference

import (
	"fmt"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// Labels are the fixed words of rendered summaries, in one language.
type Labels struct {
	FromDoc  string // after a summary taken from the doc comment
	Outdated string // a summary of an earlier version, shown while the new one is computed
	Pending  string // a stand-in while the model's summary is computed
	Fallback string // the built-in summary because the model did not answer
	Cached   string // after the engine name of a cached summary
	Explain  string // a lens with nothing more to say

	// Words of whole-file and folder explanations.
	ExplainTitle string // "Explain %s": the title of an explanation of a file or folder
	Functions    string // the heading over a file's summaries
	NoFunctions  string // a file without explainable chunks
	Lines        string // "%s, lines %d–%d": a chunk's kind and its lines
	Folders      string // the heading over a folder's subfolders
	Files        string // the heading over a folder's files
	Kinds        map[analysis.Kind]string
}

// Kind is the word for a chunk kind; the kind itself where there is none.
func (l Labels) Kind(k analysis.Kind) string {
	if w, ok := l.Kinds[k]; ok {
		return w
	}
	return string(k)
}

// Explanation is the title of an explanation of name (a file or folder).
func (l Labels) Explanation(name string) string { return fmt.Sprintf(l.ExplainTitle, name) }

var (
	englishLabels = Labels{
		FromDoc: "(from its doc comment)", Outdated: "⟳ updating: this summary is of an earlier version",
		Pending: "model summary pending", Fallback: "built-in summary: the model did not answer",
		Cached: "cached", Explain: "Explain",
		ExplainTitle: "Explain %s", Functions: "Functions", NoFunctions: "No functions found.",
		Lines: "%s, lines %d–%d", Folders: "Folders", Files: "Files",
	}
	chineseLabels = Labels{
		FromDoc: "（取自其文档注释）", Outdated: "⟳ 更新中：此摘要针对较早的版本",
		Pending: "模型摘要生成中", Fallback: "内置摘要：模型未能回答",
		Cached: "已缓存", Explain: "解释",
		ExplainTitle: "解释 %s", Functions: "函数", NoFunctions: "未找到函数。",
		Lines: "%s，第 %d–%d 行", Folders: "文件夹", Files: "文件",
		Kinds: map[analysis.Kind]string{
			analysis.KindFunction: "函数", analysis.KindMethod: "方法", analysis.KindConstructor: "构造函数",
			analysis.KindLambda: "匿名函数", analysis.KindClass: "类", analysis.KindStruct: "结构体",
			analysis.KindInterface: "接口", analysis.KindImpl: "impl 块", analysis.KindModule: "模块",
			analysis.KindWindow: "代码段",
		},
	}
)

// LabelsFor returns the labels for a summary language (a BCP-47 tag):
// Simplified Chinese for "zh" and its variants, English otherwise.
func LabelsFor(tag string) Labels {
	tag = strings.ToLower(tag)
	if tag == "zh" || strings.HasPrefix(tag, "zh-") || strings.HasPrefix(tag, "zh_") {
		return chineseLabels
	}
	return englishLabels
}
