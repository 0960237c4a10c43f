# OWL 2 RL rules on properties (run by `dipkg reason --engine owlrl`, kg/rules.py, until they add
# nothing): prp-spo1 (sub-properties) and prp-inv1/prp-inv2 (inverses). Premises come from every
# graph; conclusions go into the inferred graph.
INSERT { GRAPH dkg:inferred { ?x ?super ?y } }
WHERE {
  GRAPH dkg:ontology { ?sub rdfs:subPropertyOf ?super . FILTER(isIRI(?super)) }
  GRAPH ?g { ?x ?sub ?y }
  FILTER NOT EXISTS { GRAPH ?h { ?x ?super ?y } }
} ;
INSERT { GRAPH dkg:inferred { ?y ?q ?x } }
WHERE {
  GRAPH dkg:ontology { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }
  GRAPH ?g { ?x ?p ?y }
  FILTER(!isLiteral(?y))
  FILTER NOT EXISTS { GRAPH ?h { ?y ?q ?x } }
}
