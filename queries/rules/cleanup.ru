# Keep in the inferred graph what names dk terms and no blank node (the anonymous classes of the
# definitions were steps, not answers), and drop the working graphs.
DELETE { GRAPH dkg:inferred { ?s ?p ?o } }
WHERE {
  GRAPH dkg:inferred { ?s ?p ?o }
  FILTER(isBlank(?s) || isBlank(?o)
         || (?p = rdf:type && !STRSTARTS(STR(?o), STR(dk:)))
         || (?p != rdf:type && !STRSTARTS(STR(?p), STR(dk:))))
} ;
DROP SILENT GRAPH dkg:rl-delta ;
DROP SILENT GRAPH dkg:rl-new
