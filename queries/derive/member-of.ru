#+ title: The direct edge of a membership
#+ description: >
#+   A full membership (the role dk:MemberRole or a narrower one, such as a permanent member of
#+   the Security Council) with no end gives its member the edge org:memberOf to the organisation,
#+   in the graph of the membership (memberships.csv's, or states.csv's for the UN).
INSERT { GRAPH ?g { ?member org:memberOf ?organisation } }
WHERE {
  GRAPH ?g {
    ?membership a dk:Membership ; org:member ?member ; org:organization ?organisation ; org:role ?role .
    FILTER NOT EXISTS { ?membership dk:endDate ?end }
  }
  GRAPH dkg:ontology { ?role skos:broader* dk:MemberRole }
}
