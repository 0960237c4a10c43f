# The first round of 3-types.ru reads every type the graph holds (asserted or found so far) of
# the classes a rule reads further (dk's, the anonymous ones, those with a superclass or in a list).
INSERT { GRAPH dkg:rl-delta { ?x a ?c } }
WHERE {
  { SELECT DISTINCT ?c WHERE { GRAPH dkg:ontology {
      { ?c rdfs:subClassOf|owl:equivalentClass|^owl:equivalentClass|^owl:someValuesFrom|^rdf:first ?premise }
      UNION { ?c owl:intersectionOf|owl:unionOf ?list } } } }
  GRAPH ?g { ?x a ?c }
  FILTER(?g != dkg:rl-delta)
}
