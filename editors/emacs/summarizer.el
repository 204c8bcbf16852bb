;;; summarizer.el --- summarizer-lsp through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Registers summarizer-lsp (a language server that explains code) as the
;; eglot server for the major modes in `summarizer-mode-language-ids', and
;; adds `summarizer-explain-function', `summarizer-explain-file' and
;; `summarizer-clear-cache'.  The explanations that code actions and these
;; commands return are shown in a markdown buffer.
;;
;;   (require 'summarizer)
;;   (summarizer-eglot-setup)
;;   (add-hook 'python-mode-hook #'eglot-ensure)
;;
;; Eglot runs one server per buffer: for the modes registered here
;; summarizer-lsp replaces the mode's default server.  Trim
;; `summarizer-mode-language-ids' to keep another server for a mode.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(defgroup summarizer nil
  "Code explanations from summarizer-lsp."
  :group 'tools
  :prefix "summarizer-")

(defcustom summarizer-server-command '("summarizer-lsp")
  "Program and arguments that start the server on stdio."
  :type '(repeat string))

(defcustom summarizer-settings nil
  "Server settings, a plist such as (:engine \"onnx\" :modelPath \"~/m\").
The names are those of the server: engine, modelPath, modelVariant, slots,
hoverBudgetMs, maxNewTokens, samplingStrategy, cacheDir, logLevel, ..."
  :type 'plist)

(defconst summarizer-restricted-settings
  '(:serverPath :onnxruntimeLib :modelPath :cacheDir :endpoint :apiKeyEnv
    :headers :cacheUrl :cachePasswordEnv)
  "Server settings that name a program, library, directory, server or secret.
Set from a repository, they would let it run its code, read your secrets
or receive your code; see `summarizer-trust-workspace-configuration'.")

(defcustom summarizer-trust-workspace-configuration nil
  "Whether `eglot-workspace-configuration' may set restricted settings.
eglot marks that variable safe, so Emacs applies it from a project's
.dir-locals.el without asking, and sends it to the server.  When nil,
the settings in `summarizer-restricted-settings' are removed from it
before it reaches summarizer-lsp (with a warning naming them); set them
in `summarizer-settings' instead.  Set this to t only if you trust every
project you open."
  :type 'boolean)

(defcustom summarizer-mode-language-ids
  '((go-mode . "go") (go-ts-mode . "go")
    (python-mode . "python") (python-ts-mode . "python")
    (js-mode . "javascript") (js-ts-mode . "javascript")
    (typescript-mode . "typescript") (typescript-ts-mode . "typescript")
    (tsx-ts-mode . "typescriptreact")
    (rust-mode . "rust") (rust-ts-mode . "rust")
    (java-mode . "java") (java-ts-mode . "java")
    (c-mode . "c") (c-ts-mode . "c")
    (c++-mode . "cpp") (c++-ts-mode . "cpp")
    (csharp-mode . "csharp") (csharp-ts-mode . "csharp")
    (ruby-mode . "ruby") (ruby-ts-mode . "ruby")
    (php-mode . "php"))
  "Major modes served by summarizer-lsp, with the LSP languageId of each."
  :type '(alist :key-type symbol :value-type string))

(defclass summarizer-eglot-server (eglot-lsp-server) ()
  :documentation "An eglot connection to summarizer-lsp.")

(defun summarizer--initialization-options ()
  "`summarizer-settings' plus clientDisplaysResults, as initializationOptions.
This package shows the markdown the explain commands return in a buffer,
so the server must not also show it (a message, or a file it opens)."
  (let ((settings (copy-sequence summarizer-settings)))
    (cl-remf settings :clientDisplaysResults)
    (append settings (list :clientDisplaysResults t))))

(cl-defmethod eglot-initialization-options ((_server summarizer-eglot-server))
  "Send `summarizer-settings' as initializationOptions."
  (summarizer--initialization-options))

(defun summarizer--workspace-settings (settings)
  "SETTINGS, from `eglot-workspace-configuration', without restricted settings.
The server reads its section under :summarizer, or the bare keys when
there is none; what is sent is that section without the settings of
`summarizer-restricted-settings', unless
`summarizer-trust-workspace-configuration' is set."
  (if (or summarizer-trust-workspace-configuration (not (listp settings)))
      settings
    (let ((section (if (plist-member settings :summarizer) (plist-get settings :summarizer) settings))
          kept dropped)
      (cl-loop for (key value) on section by #'cddr
               do (if (memq key summarizer-restricted-settings)
                      (push (substring (symbol-name key) 1) dropped)
                    (setq kept (append kept (list key value)))))
      (when dropped
        (display-warning
         'summarizer
         (format "ignored %s from `eglot-workspace-configuration' (directory-local variables, which a repository can set): set them in `summarizer-settings', or set `summarizer-trust-workspace-configuration' to t"
                 (string-join (nreverse dropped) ", "))))
      (list :summarizer (or kept (make-hash-table))))))

(cl-defmethod jsonrpc-connection-send ((server summarizer-eglot-server) &rest args &key method params &allow-other-keys)
  "Send ARGS to SERVER; workspace configuration (METHOD) loses restricted settings.
See `summarizer--workspace-settings' for what PARAMS keep."
  (when (eq method :workspace/didChangeConfiguration)
    (setq args (plist-put (copy-sequence args) :params
                          (list :settings (summarizer--workspace-settings (plist-get params :settings))))))
  (apply #'cl-call-next-method server args))

(cl-defmethod eglot-execute-command ((_server summarizer-eglot-server) command _arguments)
  "Run COMMAND and show a markdown result in a buffer."
  (let ((result (cl-call-next-method)))
    (when (and (stringp result) (not (string-empty-p result)))
      (summarizer--show result (format "*summarizer: %s*" command)))
    result))

;;;###autoload
(defun summarizer-eglot-setup ()
  "Make summarizer-lsp the eglot server of the modes it supports.
The modes are those of `summarizer-mode-language-ids'; each gets its own
entry so that eglot sends the right languageId."
  (dolist (entry (reverse summarizer-mode-language-ids))
    ;; A list of one (MODE :language-id ID) spec: eglot 1.9 takes the bare
    ;; spec's keywords for mode names.
    (add-to-list 'eglot-server-programs
                 `(((,(car entry) :language-id ,(cdr entry)))
                   . (summarizer-eglot-server ,@summarizer-server-command)))))

(defun summarizer--lsp-mode-execute (command)
  "Run COMMAND (an LSP Command from lsp-mode) and show its markdown result."
  (let ((result (lsp-request "workspace/executeCommand"
                             (list :command (lsp-get command :command)
                                   :arguments (lsp-get command :arguments)))))
    (when (and (stringp result) (not (string-empty-p result)))
      (summarizer--show result (format "*summarizer: %s*" (lsp-get command :command))))
    result))

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-request "lsp-mode")
(declare-function lsp-get "lsp-protocol")

;;;###autoload
(defun summarizer-lsp-mode-setup ()
  "Register summarizer-lsp with lsp-mode as an add-on server.
It runs next to each mode's main server (gopls, pylsp, ...) for the modes of
`summarizer-mode-language-ids'."
  (require 'lsp-mode)
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () summarizer-server-command))
    :activation-fn (lambda (_file mode) (and (assq mode summarizer-mode-language-ids) t))
    :add-on? t
    :priority -1
    :server-id 'summarizer-lsp
    :initialization-options #'summarizer--initialization-options
    :action-handlers (let ((h (make-hash-table :test #'equal)))
                       (puthash "summarizer.explainFunction" #'summarizer--lsp-mode-execute h)
                       (puthash "summarizer.explainFile" #'summarizer--lsp-mode-execute h)
                       h))))

(defun summarizer--show (markdown name)
  "Display MARKDOWN in the buffer NAME, in `markdown-view-mode' when available."
  (with-current-buffer (get-buffer-create name)
    (let ((inhibit-read-only t))
      (erase-buffer)
      (insert markdown)
      (goto-char (point-min)))
    (cond ((fboundp 'gfm-view-mode) (gfm-view-mode))
          ((fboundp 'markdown-view-mode) (markdown-view-mode))
          (t (special-mode)))
    (display-buffer (current-buffer))
    (current-buffer)))

(defun summarizer--server ()
  "The summarizer-lsp server of the current buffer, or an error."
  (let ((server (eglot-current-server)))
    (unless (cl-typep server 'summarizer-eglot-server)
      (user-error "No summarizer-lsp server here (run `summarizer-eglot-setup', then M-x eglot)"))
    server))

(defun summarizer--uri ()
  "The LSP URI of the current buffer."
  (plist-get (eglot--TextDocumentIdentifier) :uri))

;;;###autoload
(defun summarizer-explain-function ()
  "Explain the function at point."
  (interactive)
  (eglot-execute-command (summarizer--server) 'summarizer.explainFunction
                         (vector (summarizer--uri) (eglot--pos-to-lsp-position))))

;;;###autoload
(defun summarizer-explain-file ()
  "Explain the current file: an overview built from its functions' summaries."
  (interactive)
  (eglot-execute-command (summarizer--server) 'summarizer.explainFile
                         (vector (summarizer--uri))))

;;;###autoload
(defun summarizer-clear-cache ()
  "Clear the server's summary cache."
  (interactive)
  (eglot-execute-command (summarizer--server) 'summarizer.clearCache [])
  (message "summarizer: cache cleared"))

(provide 'summarizer)
;;; summarizer.el ends here
