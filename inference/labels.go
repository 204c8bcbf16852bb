package inference

import "strings"

// Labels are the fixed words of rendered summaries, in one language.
type Labels struct {
	FromDoc  string // after a summary taken from the doc comment
	Outdated string // a summary of an earlier version, shown while the new one is computed
	Pending  string // a stand-in while the model's summary is computed
	Fallback string // the built-in summary because the model did not answer
	Cached   string // after the engine name of a cached summary
	Explain  string // a lens with nothing more to say
}

var (
	englishLabels = Labels{
		FromDoc: "(from its doc comment)", Outdated: "⟳ updating: this summary is of an earlier version",
		Pending: "model summary pending", Fallback: "built-in summary: the model did not answer",
		Cached: "cached", Explain: "Explain",
	}
	chineseLabels = Labels{
		FromDoc: "（取自其文档注释）", Outdated: "⟳ 更新中：此摘要针对较早的版本",
		Pending: "模型摘要生成中", Fallback: "内置摘要：模型未能回答",
		Cached: "已缓存", Explain: "解释",
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
