;;; lspmode_harness.el --- Emacs batch end-to-end run of editors/emacs with lsp-mode  -*- lexical-binding: t; -*-

;; Like eglot_harness.el, through `summarizer-lsp-mode-setup': lsp-mode starts
;; summarizer-lsp as an add-on server; the harness hovers the listed
;; functions, lists the code actions there and runs "Explain file".

(load (expand-file-name "e2e.el" (file-name-directory load-file-name)) nil t)
(require 'lsp-mode)

(setq lsp-enabled-clients '(summarizer-lsp) ; only ours, whatever else is installed
      lsp-auto-guess-root t
      lsp-session-file (expand-file-name "lsp-session" temporary-file-directory)
      lsp-enable-file-watchers nil
      lsp-keep-workspace-alive nil
      lsp-restart 'ignore
      lsp-response-timeout 30)

(advice-add 'lsp--window-show-message :before
            (lambda (_workspace params) (push (lsp-get params :message) e2e-messages)))

(defun e2e-summarizer-workspace ()
  (cl-find-if (lambda (ws) (eq (lsp--client-server-id (lsp--workspace-client ws)) 'summarizer-lsp))
              (lsp-workspaces)))

(defun e2e-run-file (f)
  (find-file (plist-get f :path))
  (e2e-log "opened %s in %s" (plist-get f :path) major-mode)
  (lsp)
  (let ((deadline (+ (float-time) 30)))
    (while (and (< (float-time) deadline)
                (not (eq (ignore-errors (lsp--workspace-status (e2e-summarizer-workspace))) 'initialized)))
      (accept-process-output nil 0.1)))
  (let* ((ws (e2e-summarizer-workspace))
         (rec (list :path (plist-get f :path)
                    :server_class (if ws "summarizer-lsp" "")
                    :language_id (lsp-buffer-language)))
         (hovers nil)
         (actions nil))
    (unless ws
      (error "lsp-mode started no summarizer-lsp workspace"))
    (dolist (h (plist-get f :hovers))
      (goto-char (e2e-pos (plist-get h :line) (plist-get h :character)))
      (let* ((res (lsp-request "textDocument/hover" (lsp--text-document-position-params)))
             (contents (and res (lsp-get res :contents))))
        (push (list :name (plist-get h :name)
                    :text (cond ((null contents) "")
                                ((stringp contents) contents)
                                (t (or (lsp-get contents :value) ""))))
              hovers))
      (dolist (a (lsp-code-actions-at-point))
        (let* ((inner (lsp-get a :command))
               (cmd (if (stringp inner) inner (and inner (lsp-get inner :command)))))
          (push (list :name (plist-get h :name)
                      :title (lsp-get a :title)
                      :command (or cmd "")
                      :has_edit (if (lsp-get a :edit) t :false))
                actions)
          ;; What choosing "Explain file" or "Explain function" does.
          (setq rec (e2e-explain rec cmd (plist-get h :name) (lambda () (lsp-execute-code-action a)))))))
    (setq rec (plist-put rec :hovers (vconcat (reverse hovers))))
    (setq rec (plist-put rec :actions (vconcat (reverse actions))))
    (push rec e2e-files)))

(condition-case err
    (progn
      (load (expand-file-name "summarizer.el" (plist-get e2e-spec :plugin)) nil t)
      (setq summarizer-server-command (list (plist-get e2e-spec :server)))
      (setq summarizer-settings (plist-get e2e-spec :settings))
      (summarizer-lsp-mode-setup)
      (dolist (f (plist-get e2e-spec :files))
        (e2e-run-file f)))
  (error (e2e-fail "lisp error: %S" err)))
(e2e-finish)
