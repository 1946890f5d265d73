;; kleene.clp -- the Kleene three-valued logic of the knowledge base's
;; conditions (docs/knowledge-base.md), for the CLIPS side of the race:
;; loaded first, then the rules clips_gen writes, then driver.clp.
;; Values: TRUE, FALSE, numbers (floats), choices (symbols), U unknown.

(deftemplate fired (slot i))
(deftemplate ind (slot i))

(deffunction k-tri (?x) (if (or (eq ?x TRUE) (eq ?x FALSE)) then ?x else U))
(deffunction k-and (?a ?b)
  (bind ?a (k-tri ?a)) (bind ?b (k-tri ?b))
  (if (or (eq ?a FALSE) (eq ?b FALSE)) then FALSE
   else (if (and (eq ?a TRUE) (eq ?b TRUE)) then TRUE else U)))
(deffunction k-or (?a ?b)
  (bind ?a (k-tri ?a)) (bind ?b (k-tri ?b))
  (if (or (eq ?a TRUE) (eq ?b TRUE)) then TRUE
   else (if (and (eq ?a FALSE) (eq ?b FALSE)) then FALSE else U)))
(deffunction k-not (?a)
  (bind ?a (k-tri ?a))
  (if (eq ?a TRUE) then FALSE else (if (eq ?a FALSE) then TRUE else U)))
(deffunction k-known (?a) (if (eq ?a U) then FALSE else TRUE))
(deffunction k-unknown (?a) (if (eq ?a U) then TRUE else FALSE))
(deffunction k-num (?a) (or (integerp ?a) (floatp ?a)))
(deffunction k-neg (?a) (if (k-num ?a) then (* -1.0 ?a) else U))
(deffunction k-add (?a ?b) (if (and (k-num ?a) (k-num ?b)) then (+ ?a ?b) else U))
(deffunction k-sub (?a ?b) (if (and (k-num ?a) (k-num ?b)) then (- ?a ?b) else U))
(deffunction k-mul (?a ?b) (if (and (k-num ?a) (k-num ?b)) then (* ?a ?b) else U))
(deffunction k-div (?a ?b)
  (if (and (k-num ?a) (k-num ?b) (<> ?b 0)) then (/ ?a ?b) else U))
(deffunction k-eq (?a ?b)
  (if (or (eq ?a U) (eq ?b U)) then U else (if (eq ?a ?b) then TRUE else FALSE)))
(deffunction k-ne (?a ?b)
  (if (or (eq ?a U) (eq ?b U)) then U else (if (eq ?a ?b) then FALSE else TRUE)))
(deffunction k-lt (?a ?b)
  (if (and (k-num ?a) (k-num ?b)) then (if (< ?a ?b) then TRUE else FALSE) else U))
(deffunction k-le (?a ?b)
  (if (and (k-num ?a) (k-num ?b)) then (if (<= ?a ?b) then TRUE else FALSE) else U))
(deffunction k-gt (?a ?b)
  (if (and (k-num ?a) (k-num ?b)) then (if (> ?a ?b) then TRUE else FALSE) else U))
(deffunction k-ge (?a ?b)
  (if (and (k-num ?a) (k-num ?b)) then (if (>= ?a ?b) then TRUE else FALSE) else U))
(deffunction k-in (?a $?vs)
  (if (eq ?a U) then U else (if (member$ ?a ?vs) then TRUE else FALSE)))
(deffunction k-count ($?xs)
  (bind ?n 0.0)
  (foreach ?x ?xs (if (eq ?x TRUE) then (bind ?n (+ ?n 1.0))))
  ?n)

