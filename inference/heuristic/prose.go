package heuristic

import (
	"fmt"
	"strconv"
	"strings"
)

// prose writes the fixed words of file and folder overviews in English or,
// with zh, Simplified Chinese; identifiers, file names and the authors' own
// doc sentences are used as they are.
type prose struct{ zh bool }

// list joins items: "a, b and c", or "a、b和c" (spaced beside identifiers).
func (p prose) list(items []string) string {
	if p.zh {
		if len(items) <= 1 {
			return strings.Join(items, "")
		}
		return zhJoin(strings.Join(items[:len(items)-1], "、"), "和", items[len(items)-1])
	}
	return list(items)
}

// zhNouns are the nouns overviews count.
var zhNouns = map[string]string{"type": "类型", "function": "函数", "file": "文件", "folder": "文件夹"}

// count is "3 files" or "3 个文件".
func (p prose) count(n int, noun string) string {
	if p.zh {
		return zhJoin(strconv.Itoa(n), "个"+zhNouns[noun])
	}
	return plural(n, noun)
}

// zhUnits are the languages' unit words (analysis.Language.Unit).
var zhUnits = map[string]string{"package": "包", "module": "模块", "crate module": "crate 模块", "namespace": "命名空间", "script": "脚本"}

// unit is a unit word ("package") and a name.
func (p prose) unit(word, name string) string {
	if p.zh {
		if w, ok := zhUnits[word]; ok {
			word = w
		}
		return zhJoin(word, name)
	}
	return word + " " + name
}

// join puts sentences together: with spaces in English; in Chinese with
// none, except after a sentence in English (an author's doc comment).
func (p prose) join(sentences []string) string {
	if !p.zh {
		return strings.Join(sentences, " ")
	}
	var b strings.Builder
	for i, s := range sentences {
		if i > 0 && strings.HasSuffix(sentences[i-1], ".") {
			b.WriteString(" ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// end closes a sentence.
func (p prose) end(s string) string {
	if p.zh {
		return s + "。"
	}
	return s + "."
}

// filePurpose is "This file of package x implements what." (unit "" when
// the file has no package; tests for a test file; what "" when nothing is
// known).
func (p prose) filePurpose(unitWord, pkg string, tests bool, what string) string {
	if p.zh {
		subject := "此文件"
		if pkg != "" {
			subject = zhJoin(p.unit(unitWord, pkg), "中的此文件")
		}
		if what == "" {
			return p.end(subject)
		}
		verb := "实现"
		if tests {
			verb = "测试"
		}
		return p.end(zhJoin(subject, verb, what))
	}
	subject := "This file"
	if pkg != "" {
		subject = "This file of " + p.unit(unitWord, pkg)
	}
	if what == "" {
		return p.end(subject)
	}
	verb := " implements "
	if tests {
		verb = " tests "
	}
	return p.end(subject + verb + what)
}

// declares is "It declares 2 types and 3 functions, including a and b."
func (p prose) declares(counts, names []string) string {
	if p.zh {
		s := zhJoin("它声明了", p.list(counts))
		if len(names) > 0 {
			s += zhJoin("，包括", p.list(names))
		}
		return p.end(s)
	}
	s := "It declares " + p.list(counts)
	if len(names) > 0 {
		s += ", including " + p.list(names)
	}
	return p.end(s)
}

// zhTopics translate the topics of imports.
var zhTopics = map[string]string{
	"web requests": "Web 请求", "networking": "网络", "URLs": "URL", "SQL databases": "SQL 数据库",
	"regular expressions": "正则表达式", "cryptography": "密码学", "hashing": "哈希", "tests": "测试",
	"subprocesses": "子进程", "concurrency": "并发", "the file system": "文件系统", "file paths": "文件路径",
	"time": "时间", "logging": "日志", "math": "数学", "sorting": "排序", "text": "文本", "byte buffers": "字节缓冲区",
	"reflection": "反射", "cancellation": "取消", "command-line flags": "命令行参数", "templates": "模板",
	"images": "图像", "compression": "压缩", "UI components": "UI 组件", "memory and process utilities": "内存与进程工具",
}

// dealsWith is "It deals with HTTP and time."
func (p prose) dealsWith(topics []string) string {
	if p.zh {
		zh := make([]string, len(topics))
		for i, t := range topics {
			zh[i] = t
			if w, ok := zhTopics[t]; ok {
				zh[i] = w
			}
		}
		return p.end(zhJoin("它涉及", p.list(zh)))
	}
	return p.end("It deals with " + p.list(topics))
}

// folderSubject names a folder: the repository, its package, or its name.
func (p prose) folderSubject(root bool, name, unitWord, pkg string) string {
	switch {
	case p.zh && root:
		return "该仓库"
	case p.zh && pkg != "":
		return p.unit(unitWord, pkg)
	case p.zh:
		return zhJoin("文件夹", name)
	case root:
		return "The repository"
	case pkg != "":
		return "The " + p.unit(unitWord, pkg)
	}
	return "The folder " + name
}

// holds is "The folder x holds 3 files and 2 folders (a and b)." (names
// listed in parentheses when all are named, after "among them" otherwise).
func (p prose) holds(subject string, files, folders int, names []string) string {
	var parts []string
	if files > 0 {
		parts = append(parts, p.count(files, "file"))
	}
	if folders > 0 {
		s := p.count(folders, "folder")
		switch {
		case p.zh && folders > len(names):
			s += zhJoin("，其中有", p.list(names))
		case p.zh:
			s += "（" + p.list(names) + "）"
		case folders > len(names):
			s += ", among them " + p.list(names)
		default:
			s += " (" + p.list(names) + ")"
		}
		parts = append(parts, s)
	}
	switch {
	case len(parts) == 0 && p.zh:
		return p.end(zhJoin(subject, "为空"))
	case len(parts) == 0:
		return p.end(subject + " is empty")
	case p.zh:
		return p.end(zhJoin(subject, "包含", p.list(parts)))
	}
	return p.end(subject + " holds " + p.list(parts))
}

// mainTypes is "Its main types are A and B."
func (p prose) mainTypes(names []string) string {
	if p.zh {
		return p.end(zhJoin("其主要类型为", p.list(names)))
	}
	return p.end("Its main types are " + p.list(names))
}

// entryPoints is "Its entry points include A and B (7 in all)."
func (p prose) entryPoints(names []string, all int) string {
	if p.zh {
		s := zhJoin("其入口包括", p.list(names))
		if all > len(names) {
			s += fmt.Sprintf("（共 %d 个）", all)
		}
		return p.end(s)
	}
	s := "Its entry points include " + p.list(names)
	if all > len(names) {
		s += fmt.Sprintf(" (%d in all)", all)
	}
	return p.end(s)
}

// uses is "a.go uses b.go and c.go".
func (p prose) uses(from string, to []string) string {
	if p.zh {
		return zhJoin(from, "使用", p.list(to))
	}
	return from + " uses " + p.list(to)
}

// importsSubfolders is "its files import the subfolders a and b".
func (p prose) importsSubfolders(names []string) string {
	if p.zh {
		return zhJoin("其文件导入了子文件夹", p.list(names))
	}
	return "its files import the subfolders " + p.list(names)
}

// inside is "Inside it, a; b."
func (p prose) inside(parts []string) string {
	if p.zh {
		return p.end("其中，" + strings.Join(parts, "；"))
	}
	return p.end("Inside it, " + strings.Join(parts, "; "))
}
