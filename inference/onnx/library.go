package onnx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

// RuntimeVersion is the ONNX Runtime release the Go binding targets.
const RuntimeVersion = "1.24.1"

// ErrNoLibrary means no ONNX Runtime shared library was found; the error
// text lists every place looked.
var ErrNoLibrary = errors.New("ONNX Runtime library not found")

// libraryNames are the file names of the shared library on this OS, preferred first.
func libraryNames() []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{"libonnxruntime.dylib", "libonnxruntime." + RuntimeVersion + ".dylib", "libonnxruntime.1.dylib"}
	case "windows":
		return []string{"onnxruntime.dll"}
	}
	return []string{"libonnxruntime.so.1", "libonnxruntime.so", "libonnxruntime.so." + RuntimeVersion}
}

// FindLibrary returns the path of the ONNX Runtime shared library. It looks,
// in order, at explicit (a file, or a directory holding the library; from
// --onnxruntime-lib or the onnxruntimeLib setting), $ONNXRUNTIME_LIB, the
// directory of the running binary, the setup cache
// ($SUMMARIZER_DEPS/onnxruntime, else .cache/deps/onnxruntime next to the
// binary's parent directory and under the working directory), and the
// standard system library directories. An explicit path that holds no
// library is an error of its own; nothing found anywhere wraps ErrNoLibrary
// and lists the places looked.
func FindLibrary(explicit string) (string, error) {
	if explicit != "" {
		if p, ok := libraryAt(explicit); ok {
			return p, nil
		}
		return "", fmt.Errorf("onnxruntime library %s: no %s there", explicit, strings.Join(libraryNames(), " or "))
	}
	var dirs []string
	if env := os.Getenv("ONNXRUNTIME_LIB"); env != "" {
		if p, ok := libraryAt(env); ok {
			return p, nil
		}
		dirs = append(dirs, env+" ($ONNXRUNTIME_LIB)")
	}
	var candidates []string
	exeDir := ""
	if exe, err := os.Executable(); err == nil {
		exeDir = filepath.Dir(exe)
		candidates = append(candidates, exeDir)
	}
	if deps := os.Getenv("SUMMARIZER_DEPS"); deps != "" {
		candidates = append(candidates, filepath.Join(deps, "onnxruntime"))
	}
	if exeDir != "" {
		candidates = append(candidates, filepath.Join(filepath.Dir(exeDir), ".cache", "deps", "onnxruntime"))
	}
	if wd, err := os.Getwd(); err == nil {
		candidates = append(candidates, filepath.Join(wd, ".cache", "deps", "onnxruntime"))
	}
	candidates = append(candidates, systemLibraryDirs()...)
	for _, dir := range candidates {
		if p, ok := libraryAt(dir); ok {
			return p, nil
		}
		dirs = append(dirs, dir)
	}
	return "", fmt.Errorf("%w (version %s; run scripts/fetch-onnxruntime.sh or pass --onnxruntime-lib); looked in: %s",
		ErrNoLibrary, RuntimeVersion, strings.Join(dirs, ", "))
}

func systemLibraryDirs() []string {
	switch runtime.GOOS {
	case "darwin":
		return []string{"/opt/homebrew/lib", "/usr/local/lib", "/usr/lib"}
	case "windows":
		return nil
	}
	dirs := []string{"/usr/local/lib", "/usr/lib", "/lib"}
	switch runtime.GOARCH {
	case "amd64":
		dirs = append(dirs, "/usr/lib/x86_64-linux-gnu")
	case "arm64":
		dirs = append(dirs, "/usr/lib/aarch64-linux-gnu")
	}
	return dirs
}

// libraryAt reports the library at path: the path itself when it is a
// file, else the first library name present in it as a directory.
func libraryAt(path string) (string, bool) {
	st, err := os.Stat(path)
	if err != nil {
		return "", false
	}
	if !st.IsDir() {
		return path, true
	}
	for _, name := range libraryNames() {
		p := filepath.Join(path, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	return "", false
}

// The ONNX Runtime environment is process-wide: it is created once, from
// the first library path used, and lives until the process exits.
var (
	runtimeMu   sync.Mutex
	runtimePath string
)

// initRuntime loads the library at path and creates the ONNX Runtime
// environment, once per process. A later call with another path is an error.
func initRuntime(path string) error {
	runtimeMu.Lock()
	defer runtimeMu.Unlock()
	if runtimePath != "" {
		if runtimePath != path {
			return fmt.Errorf("onnxruntime: already initialised from %s, cannot switch to %s without a restart", runtimePath, path)
		}
		return nil
	}
	ort.SetSharedLibraryPath(path)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return fmt.Errorf("onnxruntime: load %s: %w", path, err)
	}
	runtimePath = path
	return nil
}
