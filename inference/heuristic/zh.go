package heuristic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// zhVerbs translates the verbs of generated sentences; a verb missing here
// is written as "执行 <verb>" (identifiers and unknown words stay as code).
var zhVerbs = map[string]string{
	"abort": "中止", "accept": "接受", "acquire": "获取", "add": "添加", "allocate": "分配", "append": "追加",
	"apply": "应用", "assert": "断言", "attach": "附加", "begin": "开始", "bind": "绑定", "build": "构建",
	"calculate": "计算", "call": "调用", "cancel": "取消", "check": "检查", "clean up": "清理", "clear": "清空",
	"clone": "克隆", "close": "关闭", "collect": "收集", "commit": "提交", "compare": "比较", "compile": "编译",
	"compute": "计算", "configure": "配置", "connect": "连接", "convert": "转换", "copy": "复制", "count": "统计",
	"create": "创建", "decode": "解码", "define": "定义", "delete": "删除", "deserialize": "反序列化",
	"destroy": "销毁", "disable": "禁用", "dispatch": "分发", "download": "下载", "drain": "排空", "draw": "绘制",
	"dump": "转储", "emit": "发出", "enable": "启用", "encode": "编码", "ensure": "确保", "escape": "转义",
	"evaluate": "求值", "execute": "执行", "expand": "展开", "export": "导出", "extract": "提取",
	"filter": "过滤", "find": "查找", "flush": "刷新", "format": "格式化", "free": "释放", "generate": "生成",
	"handle": "处理", "hash": "计算哈希", "import": "导入", "initialize": "初始化", "insert": "插入",
	"install": "安装", "invoke": "调用", "join": "连接", "list": "列出", "listen": "监听", "load": "加载",
	"lock": "锁定", "log": "记录", "look up": "查找", "make": "生成", "map": "映射", "mark": "标记",
	"match": "匹配", "merge": "合并", "move": "移动", "normalize": "规范化", "notify": "通知", "open": "打开",
	"parse": "解析", "prepare": "准备", "print": "打印", "process": "处理", "publish": "发布",
	"push": "压入", "put": "放入", "query": "查询", "read": "读取", "receive": "接收", "record": "记录",
	"refresh": "刷新", "register": "注册", "release": "释放", "reload": "重新加载", "remove": "移除",
	"rename": "重命名", "render": "渲染", "replace": "替换", "report": "报告", "reset": "重置", "resolve": "解析",
	"restore": "恢复", "return": "返回", "run": "运行", "save": "保存", "scan": "扫描", "schedule": "调度",
	"search": "搜索", "send": "发送", "serialize": "序列化", "serve": "提供", "set": "设置", "set up": "设置",
	"shut down": "关闭", "sort": "排序", "split": "拆分", "start": "启动", "stop": "停止", "store": "存储",
	"take": "取出", "test": "测试", "toggle": "切换", "trim": "修剪", "truncate": "截断", "unlock": "解锁",
	"unmarshal": "解组", "marshal": "编组", "update": "更新", "upload": "上传", "validate": "校验",
	"verify": "验证", "visit": "访问", "wait": "等待", "walk": "遍历", "watch": "监视", "wrap": "包装",
	"write": "写入", "yield": "产出", "subscribe": "订阅", "unsubscribe": "取消订阅",
	"pop": "弹出", "fetch": "获取",
}

// zhWords translates common nouns, adjectives and function words of
// generated sentences; articles translate to nothing.
var zhWords = map[string]string{
	"the": "", "a": "", "an": "", "this": "", "given": "", "value": "值", "string": "字符串",
	"representation": "表示", "new": "新的", "file": "文件", "config": "配置", "configuration": "配置",
	"request": "请求", "response": "响应", "server": "服务器", "client": "客户端", "buffer": "缓冲区",
	"cache": "缓存", "key": "键", "name": "名称", "path": "路径", "list": "列表", "map": "映射",
	"item": "项", "items": "各项", "node": "节点", "tree": "树", "error": "错误", "errors": "错误",
	"message": "消息", "messages": "消息", "event": "事件", "data": "数据", "options": "选项",
	"settings": "设置", "length": "长度", "size": "大小", "count": "数量", "index": "索引", "line": "行",
	"lines": "行", "text": "文本", "token": "令牌", "type": "类型", "user": "用户", "header": "头部",
	"headers": "头部", "body": "主体", "connection": "连接", "program": "程序", "package": "包",
	"anonymous": "匿名", "function": "函数", "class": "类", "struct": "结构体", "interface": "接口",
	"implementation": "实现", "module": "模块", "method": "方法", "methods": "方法", "time": "时间",
	"object": "对象", "queue": "队列", "stack": "栈", "state": "状态", "context": "上下文", "result": "结果",
	"iterator": "迭代器", "attribute": "属性", "copy": "副本", "shallow": "浅", "deep": "深",
	"valid": "有效", "empty": "为空", "closed": "已关闭", "enabled": "已启用", "ready": "就绪",
	"all": "所有", "limits": "限制", "pickling": "序列化", "next": "下一个",
}

// chinese renders a clause as one Simplified Chinese sentence.
func chinese(cl clause) string {
	if cl.cond != "" {
		return zhCond(cl.cond) + "。"
	}
	if cl.verb == "" {
		return zhPhrase(strings.Fields(cl.rest)) + "。"
	}
	main, tail, _ := strings.Cut(cl.rest, ",")
	s := zhAction(cl.verb, strings.Fields(main))
	if strings.Contains(tail, "reporting whether it succeeded") {
		s += "，并返回是否成功"
	}
	return s + "。"
}

// zhCond renders a yes/no question ("the list is empty" → "判断 list 是否为空").
func zhCond(cond string) string {
	subj, pred, ok := strings.Cut(cond, " is ")
	if !ok {
		words := strings.Fields(cond)
		return zhJoin("判断", zhPhrase(words[:1]), "是否", zhPhrase(words[1:]))
	}
	return zhJoin("判断", zhPhrase(strings.Fields(subj)), "是否", zhPhrase(strings.Fields(pred)))
}

// zhAction renders a verb and its object, moving prepositional parts where
// Chinese puts them: "takes from the bucket at time now" → "在时间 now
// 从 bucket 中取出".
func zhAction(verb string, words []string) string {
	head, parts := splitPreps(words)
	var before, after []string
	owner := ""
	for _, p := range parts {
		obj := zhPhrase(p.words)
		switch p.prep {
		case "of":
			owner = zhJoin(obj, "的")
		case "from":
			if verb == "create" || verb == "return" {
				before = append(before, zhJoin("根据", obj))
			} else {
				before = append(before, zhJoin("从", obj, "中"))
			}
		case "at", "in", "on":
			before = append(before, zhJoin("在", obj))
		case "to", "into":
			after = append(after, zhJoin("到", obj))
		case "for":
			after = append(after, zhJoin("（针对", obj+"）"))
		case "with":
			after = append(after, zhJoin("，含", obj))
		default:
			after = append(after, zhJoin(p.prep, obj))
		}
	}
	v, ok := zhVerbs[baseForm(verb)]
	if !ok {
		v = zhJoin("执行", verb)
	}
	if verb == "convert" && len(after) == 1 && strings.HasPrefix(after[0], "到") {
		return zhJoin("将", owner+zhPhrase(head), "转换为", strings.TrimPrefix(after[0], "到"))
	}
	return zhJoin(append(append(before, v, owner, zhPhrase(head)), after...)...)
}

// prepPart is a prepositional phrase of a generated sentence.
type prepPart struct {
	prep  string
	words []string
}

// splitPreps cuts words at prepositions: the head and the phrases after it.
func splitPreps(words []string) ([]string, []prepPart) {
	var parts []prepPart
	head := words
	for i := len(words) - 1; i >= 0; i-- {
		if prepositions[words[i]] {
			parts = append([]prepPart{{prep: words[i], words: words[i+1:]}}, parts...)
			words = words[:i]
			head = words
		}
	}
	return head, parts
}

// zhPhrase translates the words it knows and keeps the others as written.
func zhPhrase(words []string) string {
	out := make([]string, 0, len(words))
	for _, w := range words {
		if t, ok := zhWords[strings.ToLower(w)]; ok {
			out = append(out, t)
			continue
		}
		out = append(out, w)
	}
	return zhJoin(out...)
}

// zhJoin concatenates parts, with a space only between a Latin letter or
// digit and its neighbour.
func zhJoin(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if b.Len() > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(p)
			if (isLatin(last) || isLatin(first)) && first != '（' && first != '，' && last != '（' {
				b.WriteByte(' ')
			}
		}
		b.WriteString(p)
	}
	return b.String()
}

func isLatin(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
