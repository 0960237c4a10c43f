#+ title: The direct edge of a recognition
#+ description: >
#+   Every recognition gives its recogniser the edge dk:recognises to the recognised polity, in the
#+   graph of the recognitions, so a question that only needs "who recognised whom" reads one
#+   triple (the standings, not this edge, say whether a recognition counts under a viewpoint).
INSERT { GRAPH dkg:recognitions { ?recogniser dk:recognises ?recognised } }
WHERE {
  GRAPH dkg:recognitions { ?recognition a dk:Recognition ; dk:recogniser ?recogniser ; dk:recognised ?recognised }
}
