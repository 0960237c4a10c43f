# OWL 2 RL rules on types, evaluated semi-naively: each round reads only the types the previous
# round found (dkg:rl-delta; the first round, every type in the graph) and writes what is new
# into dkg:rl-new. cax-sco (subclasses), cax-eqc1/2 (equivalent classes), cls-int1/cls-int2
# (intersections), cls-uni (unions), cls-svf1 (someValuesFrom a class).
INSERT { GRAPH dkg:rl-new { ?x a ?d } }
WHERE {
  # The pairs first, each class checked once: only classes a rule reads further, or dk's own (the
  # others would be dropped at the end); the round's types are few enough to hash-join.
  { SELECT ?c ?d WHERE { GRAPH dkg:ontology { ?c rdfs:subClassOf ?d }
      FILTER(STRSTARTS(STR(?d), STR(dk:))
             || EXISTS { GRAPH dkg:ontology { ?d rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass|^owl:someValuesFrom|^rdf:first ?premise } }) } }
  GRAPH dkg:rl-delta { ?x a ?c }
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?d } }
} ;
INSERT { GRAPH dkg:rl-new { ?x a ?d } }
WHERE {
  { SELECT ?c ?d WHERE { GRAPH dkg:ontology { { ?c owl:equivalentClass ?d } UNION { ?d owl:equivalentClass ?c } } } }
  GRAPH dkg:rl-delta { ?x a ?c }
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?d } }
} ;
INSERT { GRAPH dkg:rl-new { ?x a ?c } }
WHERE {
  GRAPH dkg:rl-delta { ?x a ?known }
  GRAPH dkg:ontology { ?c owl:intersectionOf ?members . ?members rdf:rest*/rdf:first ?known }
  FILTER NOT EXISTS {
    GRAPH dkg:ontology { ?members rdf:rest*/rdf:first ?member }
    FILTER NOT EXISTS { GRAPH ?h { ?x a ?member } }
  }
  FILTER NOT EXISTS { GRAPH ?h2 { ?x a ?c } }
} ;
INSERT { GRAPH dkg:rl-new { ?x a ?member } }
WHERE {
  GRAPH dkg:rl-delta { ?x a ?c }
  GRAPH dkg:ontology { ?c owl:intersectionOf ?members . ?members rdf:rest*/rdf:first ?member }
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?member } }
} ;
INSERT { GRAPH dkg:rl-new { ?x a ?c } }
WHERE {
  { SELECT ?c ?member WHERE { GRAPH dkg:ontology { ?c owl:unionOf ?members . ?members rdf:rest*/rdf:first ?member }
      FILTER(STRSTARTS(STR(?c), STR(dk:))
             || EXISTS { GRAPH dkg:ontology { ?c rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass|^owl:someValuesFrom|^rdf:first ?premise } }) } }
  GRAPH dkg:rl-delta { ?x a ?member }
  FILTER NOT EXISTS { GRAPH ?h { ?x a ?c } }
} ;
INSERT { GRAPH dkg:rl-new { ?u a ?r } }
WHERE {
  GRAPH dkg:rl-delta { ?v a ?y }
  GRAPH dkg:ontology { ?r owl:someValuesFrom ?y ; owl:onProperty ?p }
  GRAPH ?g { ?u ?p ?v }
  FILTER NOT EXISTS { GRAPH ?h { ?u a ?r } }
}
