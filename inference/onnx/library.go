package onnx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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

// FindLibrary returns the path of the ONNX Runtime shared library. An
// explicit path (a file, or a directory holding the library; from
// --onnxruntime-lib, the onnxruntimeLib setting or $ONNXRUNTIME_LIB) must
// hold it: a miss is an error of its own. Otherwise it looks in search (the
// places the caller knows of, in order, e.g. the setup cache), then in the
// standard system library directories. Nothing found anywhere wraps
// ErrNoLibrary and lists the places looked.
func FindLibrary(explicit string, search []string) (string, error) {
	if explicit != "" {
		if p, ok := libraryAt(explicit); ok {
			return p, nil
		}
		return "", fmt.Errorf("onnxruntime library %s: no %s there", explicit, strings.Join(libraryNames(), " or "))
	}
	dirs := append(slices.Clip(search), systemLibraryDirs()...)
	for _, dir := range dirs {
		if p, ok := libraryAt(dir); ok {
			return p, nil
		}
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
