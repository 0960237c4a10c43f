# OWL 2 RL rules that type resources from their properties (once, after 1-properties.ru):
# prp-dom, prp-rng (named classes), cls-hv2 (hasValue) and cls-svf2 (someValuesFrom owl:Thing).
# Conclusions go into the working graph dkg:rl-new, from which 3-types.ru goes on.
INSERT { GRAPH dkg:rl-new { ?x a ?c } }
WHERE {
  GRAPH dkg:ontology { ?p rdfs:domain ?c . FILTER(isIRI(?c)) }
  GRAPH ?g { ?x ?p ?y }
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?c } }
} ;
INSERT { GRAPH dkg:rl-new { ?y a ?c } }
WHERE {
  GRAPH dkg:ontology { ?p a owl:ObjectProperty ; rdfs:range ?c . FILTER(isIRI(?c)) }
  GRAPH ?g { ?x ?p ?y }
  FILTER(!isLiteral(?y))
  FILTER NOT EXISTS { GRAPH ?h { ?y a ?c } }
} ;
INSERT { GRAPH dkg:rl-new { ?u a ?r } }
WHERE {
  GRAPH dkg:ontology { ?r owl:hasValue ?v ; owl:onProperty ?p }
  GRAPH ?g { ?u ?p ?v }
  FILTER NOT EXISTS { GRAPH ?h { ?u a ?r } }
} ;
INSERT { GRAPH dkg:rl-new { ?u a ?r } }
WHERE {
  GRAPH dkg:ontology { ?r owl:someValuesFrom owl:Thing ; owl:onProperty ?p }
  GRAPH ?g { ?u ?p ?v }
  FILTER NOT EXISTS { GRAPH ?h { ?u a ?r } }
}
