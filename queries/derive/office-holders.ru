#+ title: Who holds or held an office, and the Wikidata item of a person's account
#+ description: >
#+   Every term of office gives its holder the undated W3C ORG edge org:holds to the office, in the
#+   graph of the terms; and an account held by a person in their own name (accounts.csv `person`)
#+   that names no holder item of its own gets the person's Wikidata item (office_terms.csv
#+   `person_item`) as its dk:holderItem, in the graph of the account.
INSERT { GRAPH ?g { ?person org:holds ?office } }
WHERE { GRAPH ?g { ?term a dk:OfficeTerm ; org:member ?person ; dk:office ?office } } ;

INSERT { GRAPH ?accounts { ?account dk:holderItem ?item } }
WHERE {
  GRAPH ?accounts { ?account a dk:Account ; dk:heldByPerson ?person . FILTER NOT EXISTS { ?account dk:holderItem ?own } }
  { SELECT DISTINCT ?person ?item WHERE { GRAPH ?terms { ?term a dk:OfficeTerm ; org:member ?person . ?person dk:wikidata ?item } } }
}
