#+ title: Move a graph
#+ description: >
#+   Replace the statements of the graph `target` with those of the graph `source`, and empty
#+   `source`, in one transaction (an update is applied whole or not at all). An import sets the
#+   graph it replaces aside with it while the new one is written and checked, and puts it back
#+   if anything fails.
#+ params:
#+   source: {type: iri, description: The graph moved.}
#+   target: {type: iri, description: The graph it replaces.}
DELETE { GRAPH ?target { ?a ?b ?c } } WHERE { GRAPH ?target { ?a ?b ?c } } ;
DELETE { GRAPH ?source { ?s ?p ?o } } INSERT { GRAPH ?target { ?s ?p ?o } } WHERE { GRAPH ?source { ?s ?p ?o } }
