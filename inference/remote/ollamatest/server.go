// Package ollamatest starts real Ollama servers for tests: `ollama serve`
// on a free loopback port with a private HOME and OLLAMA_MODELS, with a
// tiny random-weight Qwen2 model (see WriteModel) imported under the name
// Model. Each server is stopped by its pid (its process group, which holds
// the model runners) when the test ends. The ollama binary is built by
// scripts/ollama/build.sh (make deps) into $SUMMARIZER_DEPS/ollama/bin.
package ollamatest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// Model is the name of the tiny model on every server Start starts.
const Model = "tiny"

const (
	readyTimeout  = 15 * time.Second
	createTimeout = 2 * time.Minute
	stopTimeout   = 10 * time.Second
)

// Options configure Start.
type Options struct {
	// NumParallel is OLLAMA_NUM_PARALLEL, the requests the model runs at
	// once (default 1).
	NumParallel int
	// MaxQueue is OLLAMA_MAX_QUEUE, the requests waiting beyond those
	// before the server answers 503 (default: Ollama's, 512).
	MaxQueue int
	// Env are extra environment variables ("KEY=value") for the server.
	Env []string
	// Deps is the deps cache holding the ollama build ($SUMMARIZER_DEPS,
	// which the test reads); "" is the repository's .cache/deps.
	Deps string
}

// Server is one `ollama serve` process.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string

	t    testing.TB
	bin  string
	dir  string // HOME, models and logs
	addr string
	env  []string
	cmd  *exec.Cmd
	exit chan struct{} // closed when cmd has been waited for
}

// Start starts `ollama serve` on a free loopback port, imports the tiny
// model as Model, and stops the server when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s := &Server{t: t, bin: Binary(t, opts.Deps), dir: t.TempDir()}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	s.addr = "127.0.0.1:" + strconv.Itoa(port)
	s.URL = "http://" + s.addr
	s.env = s.environment(opts)
	t.Cleanup(s.Stop)
	s.start()
	s.importModel()
	return s
}

// Binary is the ollama program built by scripts/ollama/build.sh into the
// deps cache deps ("": the repository's .cache/deps); it fails the test,
// saying how to build it, when it is missing.
func Binary(t testing.TB, deps string) string {
	t.Helper()
	if deps == "" {
		// This file is <repo>/inference/remote/ollamatest/server.go.
		_, file, _, _ := runtime.Caller(0)
		deps = filepath.Join(filepath.Dir(file), "..", "..", "..", ".cache", "deps")
	}
	bin := filepath.Join(deps, "ollama", "bin", "ollama")
	if st, err := os.Stat(bin); err != nil || st.IsDir() {
		t.Fatalf("%s not found: run `make deps` (scripts/ollama/build.sh builds Ollama into the deps cache, ~5 minutes the first time)", bin)
	}
	return bin
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// environment is the server's whole environment: nothing of the test's,
// so the user's ~/.ollama and settings stay out.
func (s *Server) environment(opts Options) []string {
	env := []string{
		"PATH=/usr/bin:/bin",
		"HOME=" + filepath.Join(s.dir, "home"),
		"TMPDIR=" + s.dir,
		"OLLAMA_HOST=" + s.addr,
		"OLLAMA_MODELS=" + filepath.Join(s.dir, "models"),
		"OLLAMA_NUM_PARALLEL=" + strconv.Itoa(max(opts.NumParallel, 1)),
		"OLLAMA_NO_CLOUD=1",
		"OLLAMA_NOPRUNE=1",
	}
	if opts.MaxQueue > 0 {
		env = append(env, "OLLAMA_MAX_QUEUE="+strconv.Itoa(opts.MaxQueue))
	}
	return append(env, opts.Env...)
}

// start runs the server and waits until it answers.
func (s *Server) start() {
	s.t.Helper()
	logf, err := os.OpenFile(filepath.Join(s.dir, "serve.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command(s.bin, "serve")
	cmd.Env, cmd.Stdout, cmd.Stderr = s.env, logf, logf
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start %s serve: %v", s.bin, err)
	}
	s.cmd, s.exit = cmd, make(chan struct{})
	go func(exit chan struct{}) { _ = cmd.Wait(); close(exit) }(s.exit)
	if err := s.waitReady(); err != nil {
		s.t.Fatalf("ollama serve on %s: %v\n%s", s.addr, err, s.Log())
	}
}

// waitReady polls /api/version until the server answers.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.exit:
			return errors.New("exited before it was ready")
		default:
		}
		resp, err := http.Get(s.URL + "/api/version")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("not ready after %v", readyTimeout)
}

// importModel writes the tiny model and imports it with `ollama create`.
func (s *Server) importModel() {
	s.t.Helper()
	src := filepath.Join(s.dir, "tiny-src")
	if err := WriteModel(src); err != nil {
		s.t.Fatal(err)
	}
	modelfile := filepath.Join(s.dir, "Modelfile")
	if err := os.WriteFile(modelfile, []byte("FROM "+src+"\n"), 0o644); err != nil {
		s.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), createTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.bin, "create", Model, "-f", modelfile)
	cmd.Env = s.env
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("ollama create %s: %v\n%s\n%s", Model, err, out, s.Log())
	}
}

// Stop stops the server (SIGTERM to its process group, SIGKILL after
// stopTimeout) and waits for it. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	pgid := s.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-s.exit:
	case <-time.After(stopTimeout):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-s.exit
	}
	// Runners that outlived the server die with the group.
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
	s.cmd = nil
	if s.t.Failed() {
		s.t.Logf("ollama serve log:\n%s", s.Log())
	}
}

// Restart starts the server again on the same port with the same models,
// after Stop.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Log is the tail of the server's log, for failure messages.
func (s *Server) Log() string {
	data, _ := os.ReadFile(filepath.Join(s.dir, "serve.log"))
	const tail = 8 << 10
	if len(data) > tail {
		data = data[len(data)-tail:]
	}
	return string(bytes.TrimSpace(data))
}
