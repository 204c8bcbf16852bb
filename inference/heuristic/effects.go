package heuristic

import (
	"fmt"
	"strings"

	"github.com/summarizer-lsp/summarizer-lsp/analysis"
)

// effect is a kind of side effect recognised from callee names.
type effect int

// Effects in the order they are reported.
const (
	effectFile effect = iota
	effectNetwork
	effectProcess
	effectPrint
	effectDatabase
	numEffects
)

var effectNames = [numEffects]string{"file I/O", "network", "runs processes", "prints output", "database access"}

// qualifiedEffects classifies callees by their full text (package or module
// qualified), across languages. Keys are lower-case.
var qualifiedEffects = map[string]effect{
	// Go
	"os.open": effectFile, "os.openfile": effectFile, "os.create": effectFile, "os.readfile": effectFile,
	"os.writefile": effectFile, "os.remove": effectFile, "os.removeall": effectFile, "os.mkdir": effectFile,
	"os.mkdirall": effectFile, "os.rename": effectFile, "os.readdir": effectFile, "os.stat": effectFile,
	"os.lstat": effectFile, "os.chmod": effectFile, "os.symlink": effectFile, "os.mkdirtemp": effectFile,
	"os.createtemp": effectFile, "ioutil.readfile": effectFile, "ioutil.writefile": effectFile,
	"ioutil.readdir": effectFile, "ioutil.tempfile": effectFile, "filepath.walk": effectFile,
	"filepath.walkdir": effectFile, "filepath.glob": effectFile,
	"net.dial": effectNetwork, "net.dialtimeout": effectNetwork, "net.listen": effectNetwork,
	"http.get": effectNetwork, "http.post": effectNetwork, "http.head": effectNetwork,
	"http.listenandserve": effectNetwork, "http.newrequest": effectNetwork,
	"http.newrequestwithcontext": effectNetwork, "tls.dial": effectNetwork,
	"exec.command": effectProcess, "exec.commandcontext": effectProcess, "os.exit": effectProcess,
	"os.startprocess": effectProcess, "syscall.exec": effectProcess,
	"fmt.print": effectPrint, "fmt.println": effectPrint, "fmt.printf": effectPrint,
	"log.print": effectPrint, "log.println": effectPrint, "log.printf": effectPrint,
	"log.fatal": effectPrint, "log.fatalf": effectPrint, "sql.open": effectDatabase,
	// Python
	"os.unlink": effectFile, "os.makedirs": effectFile, "os.listdir": effectFile,
	"os.walk": effectFile, "os.scandir": effectFile, "shutil.copy": effectFile, "shutil.copyfile": effectFile,
	"shutil.copytree": effectFile, "shutil.rmtree": effectFile, "shutil.move": effectFile,
	"json.load": effectFile, "json.dump": effectFile, "pickle.load": effectFile, "pickle.dump": effectFile,
	"requests.get": effectNetwork, "requests.post": effectNetwork, "requests.put": effectNetwork,
	"requests.delete": effectNetwork, "requests.request": effectNetwork, "urllib.request.urlopen": effectNetwork,
	"socket.socket": effectNetwork, "socket.create_connection": effectNetwork,
	"subprocess.run": effectProcess, "subprocess.call": effectProcess, "subprocess.popen": effectProcess,
	"subprocess.check_call": effectProcess, "subprocess.check_output": effectProcess,
	"os.system": effectProcess, "os.popen": effectProcess, "os.execv": effectProcess, "os.fork": effectProcess,
	"sys.exit": effectProcess, "sqlite3.connect": effectDatabase,
	// JavaScript / TypeScript
	"console.log": effectPrint, "console.error": effectPrint, "console.warn": effectPrint,
	"console.info": effectPrint, "process.exit": effectProcess, "child_process.exec": effectProcess,
	"child_process.spawn": effectProcess, "child_process.execfile": effectProcess,
	"http.request": effectNetwork, "https.request": effectNetwork, "https.get": effectNetwork,
	"axios.get": effectNetwork, "axios.post": effectNetwork, "axios.request": effectNetwork,
	// Java
	"system.out.println": effectPrint, "system.out.print": effectPrint, "system.out.printf": effectPrint,
	"system.err.println": effectPrint, "system.exit": effectProcess, "runtime.getruntime().exec": effectProcess,
	"files.readallbytes": effectFile, "files.readalllines": effectFile, "files.readstring": effectFile,
	"files.write": effectFile, "files.writestring": effectFile, "files.delete": effectFile,
	"files.createdirectories": effectFile, "files.newbufferedreader": effectFile,
	"files.newbufferedwriter": effectFile, "files.copy": effectFile, "files.move": effectFile,
	"files.list": effectFile, "files.walk": effectFile, "drivermanager.getconnection": effectDatabase,
}

// bareEffects classifies callees by their last name segment, for names
// distinctive enough to need no qualifier (C library calls, Python builtins,
// JavaScript globals and well-known method names).
var bareEffects = map[string]effect{
	"open": effectFile, "fopen": effectFile, "fread": effectFile, "fwrite": effectFile, "fclose": effectFile,
	"fgets": effectFile, "fputs": effectFile, "fprintf": effectFile, "fscanf": effectFile, "unlink": effectFile,
	"readfile": effectFile, "writefile": effectFile, "readfilesync": effectFile, "writefilesync": effectFile,
	"appendfile": effectFile, "appendfilesync": effectFile, "readdir": effectFile, "readdirsync": effectFile,
	"mkdirsync": effectFile, "existssync": effectFile, "createreadstream": effectFile,
	"createwritestream": effectFile, "read_text": effectFile, "write_text": effectFile,
	"read_bytes": effectFile, "write_bytes": effectFile,
	"fetch": effectNetwork, "urlopen": effectNetwork, "socket": effectNetwork, "connect": effectNetwork,
	"recv": effectNetwork, "recvfrom": effectNetwork, "sendto": effectNetwork, "getaddrinfo": effectNetwork,
	"xmlhttprequest": effectNetwork, "websocket": effectNetwork, "openconnection": effectNetwork,
	"fork": effectProcess, "execve": effectProcess, "execvp": effectProcess, "system": effectProcess,
	"popen": effectProcess, "waitpid": effectProcess, "processbuilder": effectProcess,
	"print": effectPrint, "println": effectPrint, "printf": effectPrint, "puts": effectPrint,
	"perror": effectPrint, "echo": effectPrint, "pprint": effectPrint,
	"executequery": effectDatabase, "executeupdate": effectDatabase, "preparestatement": effectDatabase,
}

// effectOf classifies one callee text, reporting false when it is not a
// known side effect.
func effectOf(call string) (effect, bool) {
	lc := strings.ToLower(call)
	if e, ok := qualifiedEffects[lc]; ok {
		return e, true
	}
	last := lc
	if i := strings.LastIndexAny(lc, ".:>"); i >= 0 {
		last = lc[i+1:]
	}
	e, ok := bareEffects[last]
	return e, ok
}

// sideEffects lists the chunk's side effects in a fixed order.
func sideEffects(c analysis.Chunk) []string {
	var seen [numEffects]bool
	for _, call := range c.Facts.Calls {
		if e, ok := effectOf(call); ok {
			seen[e] = true
		}
	}
	var out []string
	for e, ok := range seen {
		if ok {
			out = append(out, effectNames[e])
		}
	}
	if c.Facts.Spawns > 0 {
		if c.Lang == "go" {
			out = append(out, "spawns goroutines")
		} else {
			out = append(out, "spawns threads or tasks")
		}
	}
	if w := c.Facts.ReceiverWrites; len(w) > 0 {
		out = append(out, fmt.Sprintf("mutates receiver (%s)", strings.Join(w, ", ")))
	}
	return out
}

// complexity rates control flow: loops weigh twice as much as branches.
func complexity(f analysis.Facts) string {
	score := 2*f.Loops + f.Branches + f.Catches
	switch {
	case score >= 10:
		return "high"
	case score >= 5:
		return "moderate"
	}
	return "low"
}

// maxDetailCalls bounds the "Calls:" detail line.
const maxDetailCalls = 8

// labels name the hover detail lines in one language.
type labels struct {
	params, returns, calls, complexity, effects, more string
}

var (
	enLabels = labels{"Parameters: ", "Returns: ", "Calls: ", "Complexity: ", "Side effects: ", " (+%d more)"}
	zhLabels = labels{"参数：", "返回：", "调用：", "复杂度：", "副作用：", "（另有 %d 个）"}
)

// details renders the hover detail lines for a chunk, labelled in Chinese
// when zh is set.
func details(c analysis.Chunk, zh bool) []string {
	l := enLabels
	if zh {
		l = zhLabels
	}
	f := c.Facts
	var out []string
	if len(f.Params) > 0 {
		ps := make([]string, len(f.Params))
		for i, p := range f.Params {
			ps[i] = strings.TrimSpace(p.Name + " " + p.Type)
		}
		out = append(out, l.params+strings.Join(ps, ", "))
	}
	if len(f.Results) > 0 {
		out = append(out, l.returns+strings.Join(f.Results, ", "))
	}
	if len(f.Calls) > 0 {
		calls := f.Calls
		more := ""
		if len(calls) > maxDetailCalls {
			more = fmt.Sprintf(l.more, len(calls)-maxDetailCalls)
			calls = calls[:maxDetailCalls]
		}
		out = append(out, l.calls+strings.Join(calls, ", ")+more)
	}
	if f.Loops > 0 || f.Branches > 0 {
		out = append(out, l.complexity+fmt.Sprintf("%s, %s (%s)",
			plural(f.Loops, "loop"), plural(f.Branches, "branch"), complexity(f)))
	}
	if fx := sideEffects(c); len(fx) > 0 {
		out = append(out, l.effects+strings.Join(fx, ", "))
	}
	return out
}

// plural formats a count with its noun ("1 loop", "5 branches").
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "s") {
		return fmt.Sprintf("%d %ses", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
