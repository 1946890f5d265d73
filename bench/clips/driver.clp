;; driver.clp -- the CLIPS side of the rule-engine race (issue 13): the
;; ranking of triage flags and causes, and the loop over the records (the
;; logic of the conditions is kleene.clp's).
;; The rules themselves (one per triage flag, one per cause indicator)
;; are written from the knowledge base by bench/clips_gen rules.
;;
;;   clips -f2 RUN.clp, where RUN.clp loads (load*) kleene.clp, the rules
;;   (clips_gen rules) and this file, then calls
;;   (run-records "FACTS" "OUT"): FACTS holds one (r (id N) (key value) ...) a line
;;   (clips_gen facts), OUT gets "N level flag,flag cause,cause" a line, in
;;   the order bedback lists them ("-" for none).
;;
(deffunction join (?names ?idx)
  (if (= (length$ ?idx) 0) then (return "-"))
  (bind ?s (str-cat (nth$ (nth$ 1 ?idx) ?names)))
  (loop-for-count (?k 2 (length$ ?idx)) do
    (bind ?s (str-cat ?s "," (nth$ (nth$ ?k ?idx) ?names))))
  ?s)

;; The record's line: flags highest level first, in table order within a
;; level; the level the highest flag's; causes listed on one strong or two
;; supporting indicators, ranked strong first, then by score (1 - the
;; product of 1 - weight, in hundredths), then table order; of a too soft
;; and a too firm mattress only the higher-ranked one.
(deffunction report (?out)
  (bind ?rid 0)
  (do-for-fact ((?r r)) TRUE (bind ?rid ?r:id))
  (bind ?fl (create$))
  (do-for-all-facts ((?f fired)) TRUE (bind ?fl (create$ ?fl ?f:i)))
  (bind ?il (create$))
  (do-for-all-facts ((?f ind)) TRUE (bind ?il (create$ ?il ?f:i)))
  (bind ?level 0)
  (bind ?flags (create$))
  (loop-for-count (?k 0 3) do
    (bind ?lv (- 3 ?k))
    (loop-for-count (?i 1 (length$ ?*flag-names*)) do
      (if (and (= (nth$ ?i ?*flag-levels*) ?lv) (member$ ?i ?fl)) then
        (if (> ?lv ?level) then (bind ?level ?lv))
        (bind ?flags (create$ ?flags ?i)))))
  (bind ?keys (create$))
  (loop-for-count (?c 1 (length$ ?*cause-names*)) do
    (bind ?strong 0) (bind ?supporting 0) (bind ?keep 1.0)
    (loop-for-count (?i 1 (length$ ?*ind-cause*)) do
      (if (and (= (nth$ ?i ?*ind-cause*) ?c) (member$ ?i ?il)) then
        (if (eq (nth$ ?i ?*ind-strong*) TRUE)
          then (bind ?strong (+ ?strong 1))
          else (bind ?supporting (+ ?supporting 1)))
        (bind ?keep (* ?keep (- 1.0 (nth$ ?i ?*ind-weight*))))))
    (if (or (> ?strong 0) (>= ?supporting 2)) then
      (bind ?score (integer (+ (* (- 1.0 ?keep) 100.0) 0.5)))
      (bind ?keys (create$ ?keys
        (+ (* (if (> ?strong 0) then 1 else 0) 1000000) (* ?score 1000) (- 999 ?c))))))
  (bind ?keys (sort < ?keys))
  (bind ?causes (create$))
  (bind ?seen-soft FALSE) (bind ?seen-firm FALSE)
  (foreach ?key ?keys
    (bind ?c (- 999 (mod ?key 1000)))
    (bind ?drop FALSE)
    (if (= ?c ?*soft*) then (if ?seen-firm then (bind ?drop TRUE)) (bind ?seen-soft TRUE))
    (if (= ?c ?*firm*) then (if ?seen-soft then (bind ?drop TRUE)) (bind ?seen-firm TRUE))
    (if (not ?drop) then (bind ?causes (create$ ?causes ?c))))
  (printout ?out ?rid " " (nth$ (+ ?level 1) (create$ self_care consult urgent emergency)) " "
    (join ?*flag-names* ?flags) " " (join ?*cause-names* ?causes) crlf))

(deffunction run-records (?in ?out)
  (open ?in facts "r")
  (open ?out out "w")
  (bind ?line (readline facts))
  (while (neq ?line EOF) do
    (reset)
    (assert-string ?line)
    (run)
    (report out)
    (bind ?line (readline facts)))
  (close facts)
  (close out))
