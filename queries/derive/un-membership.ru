#+ title: The UN membership of a member or observer state
#+ description: >
#+   A polity whose UN status (states.csv `un_status`) is member, observer state or observer entity
#+   has a membership of the United Nations with the matching role, from its admission date
#+   (`un_admission_date`, a day) and with the state's sources, in the graph of the states: the UN
#+   memberships are not curated twice in memberships.csv. Its IRI is the membership's
#+   `<state>-UN`, as kg/iris.py mints it (state ids are three capital letters: nothing to escape).
INSERT { GRAPH ?g {
  ?membership a dk:Membership ; dcterms:identifier ?key ; org:member ?state ; org:organization organisation:UN ;
    org:role ?role ; prov:wasDerivedFrom ?source ;
    dk:startDate ?admitted ; dk:datePrecision ?precision ; dk:countsFrom ?admitted .
} }
WHERE {
  VALUES (?status ?role) { (dk:UNMember dk:MemberRole) (dk:UNObserverState dk:ObserverRole) (dk:UNObserverEntity dk:ObserverRole) }
  GRAPH ?g {
    ?state dk:unStatus ?status ; dcterms:identifier ?id .
    OPTIONAL { ?state dk:unAdmissionDate ?admitted }
    OPTIONAL { ?state prov:wasDerivedFrom ?source }
  }
  BIND(CONCAT(?id, "-UN") AS ?key)
  BIND(IRI(CONCAT(STR(membership:), ?key)) AS ?membership)
  BIND(IF(BOUND(?admitted), dk:DayPrecision, ?none) AS ?precision)
}
