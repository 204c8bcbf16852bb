;;; eglot_harness.el --- Emacs batch end-to-end run of editors/emacs  -*- lexical-binding: t; -*-

;; Reads the spec the Go test wrote (E2E_SPEC), opens each file through
;; `summarizer-eglot-setup' + eglot, hovers the listed functions, asks for
;; code actions there, runs the explain-file action's command, and writes
;; what it saw as JSON to the spec's "out" path.

(load (expand-file-name "e2e.el" (file-name-directory load-file-name)) nil t)
(require 'eglot)

;; eglot gives up waiting for initialize after `eglot-sync-connect' (3 s) and
;; goes on connecting in the background, so on a loaded machine
;; `eglot-current-server' could still be nil right after `eglot': wait for
;; the connection, up to a generous timeout.
(setq eglot-sync-connect t
      eglot-connect-timeout 120)

(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql window/showMessage)) &key _type message)
  (push message e2e-messages))

(defun e2e-run-file (f)
  (find-file (plist-get f :path))
  (e2e-log "opened %s in %s" (plist-get f :path) major-mode)
  ;; Start the server the way a user's M-x eglot would guess it.
  (apply #'eglot (eglot--guess-contact))
  ;; eglot can return before the buffer is managed (seen on a loaded
  ;; machine even with `eglot-sync-connect'): wait for its server.
  (let ((deadline (+ (float-time) 60)))
    (while (and (not (eglot-current-server)) (< (float-time) deadline))
      (accept-process-output nil 0.05)))
  (let* ((server (or (eglot-current-server) (error "eglot did not connect within 60 s")))
         (rec (list :path (plist-get f :path)
                    :server_class (symbol-name (eieio-object-class server))
                    :language_id (eglot--language-id server)))
         (hovers nil)
         (actions nil))
    (dolist (h (plist-get f :hovers))
      (goto-char (e2e-pos (plist-get h :line) (plist-get h :character)))
      (let ((res (jsonrpc-request server :textDocument/hover
                                  (eglot--TextDocumentPositionParams)
                                  :timeout 30)))
        (push (list :name (plist-get h :name)
                    :text (if res (e2e-markdown (plist-get res :contents)) ""))
              hovers))
      (dolist (a (eglot-code-actions (point) (point)))
        (let ((cmd (if (stringp (plist-get a :command))
                       a
                     (plist-get a :command))))
          (push (list :name (plist-get h :name)
                      :title (plist-get a :title)
                      :command (or (plist-get cmd :command) "")
                      :has_edit (if (plist-get a :edit) t :false))
                actions)
          ;; What choosing "Explain file" or "Explain function" does: run its command.
          (setq rec (e2e-explain rec (plist-get cmd :command) (plist-get h :name)
                                 (lambda ()
                                   (eglot-execute-command server (intern (plist-get cmd :command))
                                                          (plist-get cmd :arguments))))))))
    (setq rec (plist-put rec :hovers (vconcat (reverse hovers))))
    (setq rec (plist-put rec :actions (vconcat (reverse actions))))
    (push rec e2e-files)))

(condition-case err
    (progn
      (load (expand-file-name "summarizer.el" (plist-get e2e-spec :plugin)) nil t)
      (setq summarizer-server-command (list (plist-get e2e-spec :server)))
      (setq summarizer-settings (plist-get e2e-spec :settings))
      (summarizer-eglot-setup)
      (setq jsonrpc-default-request-timeout 30
            eglot-sync-connect 60)
      (dolist (f (plist-get e2e-spec :files))
        (e2e-run-file f)))
  (error (e2e-fail "lisp error: %S" err)))
(e2e-finish)
