;;; e2e.el --- shared by the Emacs end-to-end harnesses  -*- lexical-binding: t; -*-

;; Reads the spec the Go test wrote (E2E_SPEC) and writes what a harness saw
;; as JSON to the spec's "out" path.

(require 'cl-lib)
(setq package-directory-list '("/usr/share/emacs/site-lisp/elpa"))
(package-initialize)
(require 'json)

(defvar e2e-spec (json-parse-string
                  (with-temp-buffer
                    (insert-file-contents (getenv "E2E_SPEC"))
                    (buffer-string))
                  :object-type 'plist :array-type 'list))
(defvar e2e-errors nil)
(defvar e2e-files nil)
(defvar e2e-messages nil
  "window/showMessage texts from the server, newest first (the harness hooks them).")

(defun e2e-log (fmt &rest args)
  (message "[e2e %s] %s" (format-time-string "%T.%3N") (apply #'format fmt args)))

(defun e2e-fail (fmt &rest args)
  (let ((msg (apply #'format fmt args)))
    (e2e-log "FAIL %s" msg)
    (push msg e2e-errors)))

(defun e2e-finish ()
  (with-temp-file (plist-get e2e-spec :out)
    (insert (json-serialize
             (list :errors (vconcat (reverse e2e-errors))
                   :messages (vconcat (reverse e2e-messages))
                   :files (vconcat (reverse e2e-files))))))
  (kill-emacs 0))

(defun e2e-settle (seconds)
  "Handle what the server sends for SECONDS (e.g. a message after a reply)."
  (let ((deadline (+ (float-time) seconds)))
    (while (< (float-time) deadline)
      (accept-process-output nil 0.05))))

(defun e2e-buffer-text (name)
  "The text of buffer NAME, or \"\" when there is none."
  (let ((buf (get-buffer name)))
    (if buf (with-current-buffer buf (buffer-string)) "")))

(defun e2e-explain (rec command name run)
  "Record in REC what choosing the code action COMMAND does, once per file.
For summarizer.explainFile and summarizer.explainFunction, RUN executes
the action and returns its result; NAME is the function at point.
Returns REC."
  (cond
   ((and (equal command "summarizer.explainFile") (not (plist-get rec :overview)))
    (ignore-errors (kill-buffer "*summarizer: summarizer.explainFile*"))
    (let ((result (funcall run)))
      (e2e-settle 1) ; a message or document the server would send after replying
      (setq rec (plist-put rec :overview (if (stringp result) result "")))
      (plist-put rec :overview_buffer (e2e-buffer-text "*summarizer: summarizer.explainFile*"))))
   ((and (equal command "summarizer.explainFunction") (not (plist-get rec :explained)))
    (ignore-errors (kill-buffer "*summarizer: summarizer.explainFunction*"))
    (funcall run)
    (e2e-settle 1)
    (setq rec (plist-put rec :explained name))
    (plist-put rec :explain_function_buffer (e2e-buffer-text "*summarizer: summarizer.explainFunction*")))
   (t rec)))

(defun e2e-pos (line character)
  "Buffer position of 0-based LINE and CHARACTER (ASCII fixtures)."
  (save-excursion
    (goto-char (point-min))
    (forward-line line)
    (forward-char character)
    (point)))

(defun e2e-markdown (contents)
  (cond ((stringp contents) contents)
        ((plist-get contents :value))
        (t (mapconcat (lambda (c) (if (stringp c) c (plist-get c :value))) contents "\n"))))

(provide 'e2e)
;;; e2e.el ends here
